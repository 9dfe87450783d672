import { attempted, success } from '../../src/spi';
import { createAuthenticatorContext, FIXED_NOW, InMemoryUsers } from '../../src/plugin-kit';
import { cookieAuthenticator as plugin } from './cookie.authenticator';

const session = (userId: string) => ({ id: 'session-1', userId, authenticatedAt: FIXED_NOW - 60_000 });

describe('cookie', () => {
  const users = () =>
    new InMemoryUsers([
      { id: 'ann', email: 'ann@example.com' },
      { id: 'off', email: 'off@example.com', enabled: false },
    ]);

  it('is not applicable without a session', async () => {
    const ctx = createAuthenticatorContext({ users: users() });
    expect(await plugin.authenticate(ctx)).toEqual(attempted());
    expect(ctx.recorded.setUser).toEqual([]);
  });

  it('is not applicable when the session belongs to a disabled user', async () => {
    const ctx = createAuthenticatorContext({ users: users(), userSession: session('off') });
    expect(await plugin.authenticate(ctx)).toEqual(attempted());
    expect(ctx.recorded.setUser).toEqual([]);
  });

  it('is not applicable when the session outlived its user', async () => {
    const store = users();
    store.remove('ann');
    const ctx = createAuthenticatorContext({ users: store, userSession: session('ann') });
    expect(await plugin.authenticate(ctx)).toEqual(attempted());
    expect(ctx.recorded.setUser).toEqual([]);
  });

  it("signs the session's user in", async () => {
    const ctx = createAuthenticatorContext({ users: users(), userSession: session('ann') });
    expect(await plugin.authenticate(ctx)).toEqual(success());
    expect(ctx.recorded.setUser.map((u) => u?.id)).toEqual(['ann']);
    expect(ctx.user?.email).toBe('ann@example.com');
  });

  it('never challenges, so it has no action', () => {
    expect(plugin.action).toBeUndefined();
  });
});
