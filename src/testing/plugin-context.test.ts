import { allowAccessAuthenticator } from '../../authenticators/allow-access';
import { denyAccessAuthenticator } from '../../authenticators/deny-access';
import { createAuthenticatorContext, FIXED_NOW, InMemoryNotes, InMemoryTokens, InMemoryUsers, ManualClock, resolvePluginConfig } from './plugin-context';

describe('fake plugin context', () => {
  it('reflects setUser and setAttemptedIdentifier, and records them', async () => {
    const users = new InMemoryUsers([{ id: 'ann', email: 'Ann@Example.com' }]);
    const ctx = createAuthenticatorContext({ users });
    const ann = await users.findByEmail('ANN@example.COM');
    expect(ann?.email).toBe('ann@example.com');
    ctx.setUser(ann);
    expect(ctx.user?.id).toBe('ann');
    ctx.setAttemptedIdentifier('ann@example.com');
    ctx.setUser(undefined);
    expect(ctx.user).toBeUndefined();
    expect(ctx.attemptedIdentifier).toBe('ann@example.com');
    expect(ctx.recorded.setUser.map((u) => u?.id)).toEqual(['ann', undefined]);
  });

  it('keeps users immutable snapshots and refuses duplicates', async () => {
    const users = new InMemoryUsers([{ id: 'ann', email: 'ann@example.com' }]);
    const before = (await users.findById('ann'))!;
    await users.setAttribute('ann', 'department', ['sales']);
    expect(before.attributes).toEqual({});
    expect((await users.findById('ann'))!.attributes).toEqual({ department: ['sales'] });
    await expect(users.create({ email: 'ANN@example.com' })).rejects.toMatchObject({ code: 'FG_USER_EXISTS' });
  });

  it('consumes a token once, and never after it expired', async () => {
    const clock = new ManualClock(FIXED_NOW);
    const tokens = new InMemoryTokens(clock);
    const first = await tokens.issue({ purpose: 'magic-link', subject: 'ann', ttlSeconds: 60 });
    expect(await tokens.consume('other-purpose', first.secret)).toEqual({ ok: false, reason: 'not_found' });
    expect((await tokens.consume('magic-link', first.secret)).ok).toBe(true);
    expect(await tokens.consume('magic-link', first.secret)).toEqual({ ok: false, reason: 'consumed' });
    const second = await tokens.issue({ purpose: 'magic-link', subject: 'ann', ttlSeconds: 60 });
    clock.advance(60_000);
    expect(await tokens.consume('magic-link', second.secret)).toEqual({ ok: false, reason: 'expired' });
  });

  it('stores notes as JSON, as the engine does', () => {
    const notes = new InMemoryNotes({ sent: 1 });
    const value = { at: 5 };
    notes.set('last', value);
    value.at = 6;
    expect(notes.entries()).toEqual({ sent: 1, last: { at: 5 } });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => notes.set('cyclic', cyclic)).toThrow();
  });

  it('resolves configs with the engine rules', () => {
    expect(resolvePluginConfig(allowAccessAuthenticator)).toEqual({});
    expect(() => resolvePluginConfig(allowAccessAuthenticator, { surprise: true })).toThrow(expect.objectContaining({ code: 'FG_PLUGIN_CONFIG_INVALID' }));
    expect(Object.isFrozen(resolvePluginConfig(denyAccessAuthenticator))).toBe(true);
  });
});
