import { success } from '../../src/spi';
import { createAuthenticatorContext } from '../../src/plugin-kit';
import { allowAccessAuthenticator as plugin } from './allow-access.authenticator';

describe('allow-access', () => {
  it('succeeds without identifying anyone', async () => {
    const ctx = createAuthenticatorContext();
    expect(await plugin.authenticate(ctx)).toEqual(success());
    expect(ctx.recorded.setUser).toEqual([]);
    expect(plugin.requiresUser).toBe(false);
  });
});
