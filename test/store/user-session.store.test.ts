import type { DataSource } from 'typeorm';
import { ManualClock } from '../../src/engine/clock';
import { StoreEngineServices } from '../../src/composition/engine-services';
import { hashSecret } from '../../src/store/token-secret';
import { LAST_SEEN_RESOLUTION_MS, UserSessionStore, userSessionLookup } from '../../src/store/user-session.store';
import { UserStore } from '../../src/store/user.store';
import { memoryDatabase } from './test-db';
import { countWrites, sql } from '../support/test-database';

const MINUTE = 60_000;
const START = Date.UTC(2025, 0, 1);

describe('UserSessionStore', () => {
  let ds: DataSource;
  let clock: ManualClock;
  let users: UserStore;
  let sessions: UserSessionStore;
  let alice: string;

  beforeEach(async () => {
    ds = await memoryDatabase();
    clock = new ManualClock(START);
    users = new UserStore(ds, clock);
    sessions = new UserSessionStore(ds, clock); // 30 min idle, 10 h max
    alice = (await users.forRealm('main').create({ email: 'alice@example.com' })).id;
  });
  afterEach(() => ds.destroy());

  const rows = (): Promise<Array<Record<string, unknown>>> => ds.query('SELECT * FROM user_sessions ORDER BY created_at');
  /** Rows of user_sessions inserted, updated or deleted since the counter was set up. */
  let writes: () => Promise<number>;
  beforeEach(async () => {
    writes = await countWrites(ds, 'user_sessions');
  });

  it('creates a session and validates its token in its realm', async () => {
    const { session, token } = await sessions.create({
      realm: 'main',
      userId: alice,
      ip: '203.0.113.7',
      userAgent: 'Mozilla/5.0',
      method: 'browser',
    });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      realm: 'main',
      userId: alice,
      createdAt: START,
      lastSeenAt: START,
      idleExpiresAt: START + 30 * MINUTE,
      maxExpiresAt: START + 600 * MINUTE,
      ip: '203.0.113.7',
      userAgent: 'Mozilla/5.0',
      method: 'browser',
    });
    expect(await sessions.validate('main', token)).toEqual(session);
    expect(await sessions.get('main', session.id)).toEqual(session);
  });

  it('omits the optional facts it was not given', async () => {
    const { session } = await sessions.create({ realm: 'main', userId: alice });
    expect(Object.keys(session).sort()).toEqual(['createdAt', 'id', 'idleExpiresAt', 'lastSeenAt', 'maxExpiresAt', 'realm', 'userId']);
  });

  it('stores only the SHA-256 of the token, nowhere the token itself', async () => {
    const { token } = await sessions.create({ realm: 'main', userId: alice, userAgent: 'UA' });
    const stored = await rows();
    expect(stored).toHaveLength(1);
    expect(stored[0].token_hash).toBe(hashSecret(token));
    const dump = JSON.stringify(stored);
    const bytes = Buffer.from(token, 'base64url');
    for (const form of [token, bytes.toString('hex'), bytes.toString('base64')]) expect(dump).not.toContain(form);
  });

  it('issues a different token and id every time', async () => {
    const made = await Promise.all(Array.from({ length: 10 }, () => sessions.create({ realm: 'main', userId: alice })));
    expect(new Set(made.map((m) => m.token)).size).toBe(10);
    expect(new Set(made.map((m) => m.session.id)).size).toBe(10);
  });

  it('answers undefined for malformed, unknown and missing tokens, reading nothing for malformed ones', async () => {
    const { token } = await sessions.create({ realm: 'main', userId: alice });
    expect(await sessions.validate('main', undefined)).toBeUndefined();
    expect(await sessions.validate('main', '')).toBeUndefined();
    expect(await sessions.validate('main', `${token}x`)).toBeUndefined();
    expect(await sessions.validate('main', token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')))).toBeUndefined();
    // A malformed token never reaches the database: it works even with the database gone.
    await ds.destroy();
    expect(await sessions.validate('main', 'not a token')).toBeUndefined();
    expect(await sessions.revokeByToken('main', 'x'.repeat(44))).toBe(false);
    ds = await memoryDatabase(); // for afterEach
  });

  it('knows a session only in its own realm', async () => {
    const { session, token } = await sessions.create({ realm: 'main', userId: alice });
    expect(await sessions.validate('other', token)).toBeUndefined();
    expect(await sessions.get('other', session.id)).toBeUndefined();
    expect(await sessions.listForUser('other', alice)).toEqual([]);
    expect(await sessions.revoke('other', session.id)).toBe(false);
    expect(await sessions.revokeByToken('other', token)).toBe(false);
    expect(await sessions.revokeAllForUser('other', alice)).toBe(0);
    expect(await sessions.validate('main', token)).toBeDefined();
  });

  it('refuses to create a session for a user of another realm, an unknown user or a disabled user', async () => {
    const bob = (await users.forRealm('other').create({ email: 'bob@example.com' })).id;
    for (const userId of [bob, '00000000-0000-4000-8000-000000000000']) {
      await expect(sessions.create({ realm: 'main', userId })).rejects.toMatchObject({ code: 'FG_USER_NOT_FOUND' });
    }
    await disable(alice);
    await expect(sessions.create({ realm: 'main', userId: alice })).rejects.toMatchObject({ code: 'FG_USER_NOT_FOUND' });
    expect(await rows()).toEqual([]);
  });

  it('ends an unused session after the idle time', async () => {
    const { token } = await sessions.create({ realm: 'main', userId: alice });
    clock.advance(30 * MINUTE - 1);
    expect(await sessions.validate('main', token)).toBeDefined();
    const other = await sessions.create({ realm: 'main', userId: alice });
    clock.advance(30 * MINUTE);
    expect(await sessions.validate('main', other.token)).toBeUndefined();
  });

  it('slides the idle expiry with use', async () => {
    const { token } = await sessions.create({ realm: 'main', userId: alice });
    // Used every 20 minutes for two hours: never idle for 30.
    for (let i = 0; i < 6; i++) {
      clock.advance(20 * MINUTE);
      const seen = await sessions.validate('main', token);
      expect(seen).toMatchObject({ lastSeenAt: clock.now(), idleExpiresAt: clock.now() + 30 * MINUTE });
    }
    clock.advance(30 * MINUTE);
    expect(await sessions.validate('main', token)).toBeUndefined();
  });

  it('never slides past the max lifetime, however active the session', async () => {
    const { session, token } = await sessions.create({ realm: 'main', userId: alice });
    while (clock.now() + 20 * MINUTE < session.maxExpiresAt) {
      clock.advance(20 * MINUTE);
      const seen = await sessions.validate('main', token);
      expect(seen?.idleExpiresAt).toBeLessThanOrEqual(session.maxExpiresAt);
    }
    expect((await rows())[0].idle_expires_at).toBe(session.maxExpiresAt);
    clock.set(session.maxExpiresAt - 1);
    expect(await sessions.validate('main', token)).toBeDefined();
    clock.advance(1);
    expect(await sessions.validate('main', token)).toBeUndefined();
  });

  it('caps a new session at the max lifetime when it is shorter than the idle time', async () => {
    const short = new UserSessionStore(ds, clock, { idleSeconds: 3600, maxSeconds: 600 });
    const { session } = await short.create({ realm: 'main', userId: alice });
    expect(session.idleExpiresAt).toBe(START + 600_000);
    expect(session.maxExpiresAt).toBe(START + 600_000);
  });

  it('writes the last use at most once a minute per session', async () => {
    const { session, token } = await sessions.create({ realm: 'main', userId: alice });
    const before = await writes();
    for (let i = 0; i < 5; i++) {
      clock.advance(10_000); // five uses within 50 s: reads only
      expect(await sessions.validate('main', token)).toMatchObject({ lastSeenAt: START, idleExpiresAt: session.idleExpiresAt });
    }
    expect(await writes()).toBe(before);
    expect((await rows())[0].last_seen_at).toBe(START);

    clock.set(START + LAST_SEEN_RESOLUTION_MS); // a minute after the last write: one write
    expect(await sessions.validate('main', token)).toMatchObject({ lastSeenAt: clock.now() });
    expect(await writes()).toBe(before + 1);
    expect(await sessions.validate('main', token)).toMatchObject({ lastSeenAt: clock.now() });
    expect(await writes()).toBe(before + 1);
    expect((await rows())[0]).toMatchObject({ last_seen_at: clock.now(), idle_expires_at: clock.now() + 30 * MINUTE });
  });

  it('with a short idle time, a session in constant use stays alive: uses are recorded often enough to slide it', async () => {
    const short = new UserSessionStore(ds, clock, { idleSeconds: 60 });
    const { token } = await short.create({ realm: 'main', userId: alice });
    for (let second = 20; second <= 300; second += 20) {
      clock.set(START + second * 1000);
      expect({ second, alive: (await short.validate('main', token)) !== undefined }).toEqual({ second, alive: true });
    }
    // Unused for longer than the idle time, it ends.
    clock.advance(61_000);
    expect(await short.validate('main', token)).toBeUndefined();
  });

  it('with a short idle time, uses within a tenth of it only read', async () => {
    const short = new UserSessionStore(ds, clock, { idleSeconds: 60 });
    const { token } = await short.create({ realm: 'main', userId: alice });
    const before = await writes();
    clock.advance(5_000);
    await short.validate('main', token);
    expect(await writes()).toBe(before);
    clock.advance(1_000);
    expect(await short.validate('main', token)).toMatchObject({ lastSeenAt: clock.now(), idleExpiresAt: clock.now() + 60_000 });
    expect(await writes()).toBe(before + 1);
  });

  it('revokes one session by id or by token, leaving the others', async () => {
    const first = await sessions.create({ realm: 'main', userId: alice });
    const second = await sessions.create({ realm: 'main', userId: alice });
    const third = await sessions.create({ realm: 'main', userId: alice });
    expect(await sessions.revoke('main', first.session.id)).toBe(true);
    expect(await sessions.revoke('main', first.session.id)).toBe(false);
    expect(await sessions.revokeByToken('main', second.token)).toBe(true);
    expect(await sessions.revokeByToken('main', second.token)).toBe(false);
    expect(await sessions.validate('main', first.token)).toBeUndefined();
    expect(await sessions.validate('main', second.token)).toBeUndefined();
    expect(await sessions.get('main', first.session.id)).toBeUndefined();
    expect(await sessions.validate('main', third.token)).toBeDefined();
    expect(await sessions.revoke('main', 'no-such-id')).toBe(false);
  });

  it('revokes all sessions of a user and only theirs', async () => {
    const carol = (await users.forRealm('main').create({ email: 'carol@example.com' })).id;
    const mine = await Promise.all([1, 2, 3].map(() => sessions.create({ realm: 'main', userId: alice })));
    const hers = await sessions.create({ realm: 'main', userId: carol });
    await sessions.revoke('main', mine[0].session.id);
    expect(await sessions.revokeAllForUser('main', alice)).toBe(2); // the already revoked one is not counted
    for (const { token } of mine) expect(await sessions.validate('main', token)).toBeUndefined();
    expect(await sessions.listForUser('main', alice)).toEqual([]);
    expect(await sessions.validate('main', hers.token)).toBeDefined();
  });

  it('lists the active sessions of a user, newest first', async () => {
    const old = await sessions.create({ realm: 'main', userId: alice, method: 'browser' });
    clock.advance(MINUTE);
    const revoked = await sessions.create({ realm: 'main', userId: alice });
    clock.advance(MINUTE);
    const recent = await sessions.create({ realm: 'main', userId: alice, ip: '::1' });
    await sessions.revoke('main', revoked.session.id);
    expect(await sessions.listForUser('main', alice)).toEqual([recent.session, old.session]);
    clock.set(old.session.idleExpiresAt);
    expect(await sessions.listForUser('main', alice)).toEqual([recent.session]);
  });

  it('never validates the sessions of a disabled user', async () => {
    const { token } = await sessions.create({ realm: 'main', userId: alice });
    await disable(alice);
    expect(await sessions.validate('main', token)).toBeUndefined();
  });

  it('deletes the sessions with their user', async () => {
    const { token } = await sessions.create({ realm: 'main', userId: alice });
    expect(await users.forRealm('main').delete(alice)).toBe(true);
    expect(await rows()).toEqual([]);
    expect(await sessions.validate('main', token)).toBeUndefined();
  });

  it('purges revoked and expired sessions and keeps the active ones', async () => {
    const idle = await sessions.create({ realm: 'main', userId: alice });
    const revoked = await sessions.create({ realm: 'main', userId: alice });
    await sessions.revoke('main', revoked.session.id);
    clock.advance(20 * MINUTE);
    const active = await sessions.create({ realm: 'main', userId: alice });
    clock.advance(10 * MINUTE); // `idle` expires exactly now
    expect(await sessions.purgeExpired(clock.now())).toBe(2);
    expect((await rows()).map((r) => r.id)).toEqual([active.session.id]);
    expect(await sessions.validate('main', active.token)).toBeDefined();
    expect(await sessions.validate('main', idle.token)).toBeUndefined();
  });

  it('cuts the user agent to 512 characters and the address to 64', async () => {
    const { session } = await sessions.create({ realm: 'main', userId: alice, userAgent: 'u'.repeat(2000), ip: '1'.repeat(100) });
    expect(session.userAgent).toBe('u'.repeat(512));
    expect(session.ip).toHaveLength(64);
    // A cut never leaves half a surrogate pair.
    const { session: emoji } = await sessions.create({ realm: 'main', userId: alice, userAgent: `${'u'.repeat(511)}😀` });
    expect(emoji.userAgent).toBe('u'.repeat(511));
    expect((await rows()).map((r) => (r.user_agent as string).length)).toEqual([512, 511]);
  });

  it('refuses invalid arguments with a coded error', async () => {
    expect(() => new UserSessionStore(ds, clock, { idleSeconds: 0 })).toThrow(expect.objectContaining({ code: 'FG_STORE_INVALID_ARGUMENT' }));
    expect(() => new UserSessionStore(ds, clock, { maxSeconds: Number.NaN })).toThrow(expect.objectContaining({ code: 'FG_STORE_INVALID_ARGUMENT' }));
    await expect(sessions.create({ realm: '', userId: alice })).rejects.toMatchObject({ code: 'FG_STORE_INVALID_ARGUMENT' });
    await expect(sessions.create({ realm: 'main', userId: alice, method: 'm'.repeat(256) })).rejects.toMatchObject({ code: 'FG_STORE_INVALID_ARGUMENT' });
  });

  describe('as the engine sees it', () => {
    it("maps the browser's valid session to the plugins' view", async () => {
      const { session, token } = await sessions.create({ realm: 'main', userId: alice });
      clock.advance(5 * MINUTE);
      const lookup = userSessionLookup(sessions);
      expect(await lookup({ realm: 'main', browserSessionToken: token }).current()).toEqual({
        id: session.id,
        userId: alice,
        authenticatedAt: START,
      });
      expect(await lookup({ realm: 'main' }).current()).toBeUndefined();
      expect(await lookup({ realm: 'other', browserSessionToken: token }).current()).toBeUndefined();
      await sessions.revoke('main', session.id);
      expect(await lookup({ realm: 'main', browserSessionToken: token }).current()).toBeUndefined();
    });

    it('plugs into the engine services', async () => {
      const { token } = await sessions.create({ realm: 'main', userId: alice });
      const limiter = { consume: jest.fn(), peek: jest.fn(), reset: jest.fn() };
      const services = new StoreEngineServices({ users, tokens: {} as never, events: {} as never, limiter, sessions: userSessionLookup(sessions) });
      expect(await services.userSessions({ realm: 'main', browserSessionToken: token }).current()).toMatchObject({ userId: alice });
    });
  });

  /** Disables a user the way an admin would: the store has no call for it yet. */
  async function disable(userId: string): Promise<void> {
    await sql(ds, 'UPDATE users SET enabled = false WHERE id = ?', [userId]);
  }
});
