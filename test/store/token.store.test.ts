import type { DataSource } from 'typeorm';
import { isFlowgateError } from '../../src/errors';
import type { TokenService } from '../../src/spi/services';
import { SingleUseTokenEntity } from '../../src/store/entities/single-use-token.entity';
import { TokenStore } from '../../src/store/token.store';
import { hashSecret } from '../../src/store/token-secret';
import { ManualClock, memoryDatabase } from './test-db';

describe('TokenStore', () => {
  let ds: DataSource;
  let clock: ManualClock;
  let store: TokenStore;
  let tokens: TokenService;

  beforeEach(async () => {
    ds = await memoryDatabase();
    clock = new ManualClock();
    store = new TokenStore(ds, clock);
    tokens = store.forRealm('main');
  });
  afterEach(() => ds.destroy());

  const issueLink = (data?: Record<string, unknown>) =>
    tokens.issue({ purpose: 'magic-link', subject: 'user-1', ttlSeconds: 600, ...(data && { data }) });

  it('issues a 256-bit base64url secret and stores only its SHA-256', async () => {
    const issued = await issueLink({ authSession: 'as-1' });
    expect(issued.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(issued.secret, 'base64url')).toHaveLength(32);
    expect(issued.expiresAt).toBe(clock.now() + 600_000);
    const rows: Array<Record<string, unknown>> = await ds.query('SELECT * FROM single_use_tokens');
    expect(rows).toHaveLength(1);
    expect(rows[0].hash).toBe(hashSecret(issued.secret));
    // The secret appears in no column, in no encoding.
    const dump = JSON.stringify(rows);
    for (const form of [issued.secret, Buffer.from(issued.secret, 'base64url').toString('hex'), Buffer.from(issued.secret, 'base64url').toString('base64')]) {
      expect(dump).not.toContain(form);
    }
  });

  it('issues a different secret every time', async () => {
    const secrets = new Set<string>();
    for (let i = 0; i < 20; i++) secrets.add((await issueLink()).secret);
    expect(secrets.size).toBe(20);
  });

  it('inspects without consuming, then consumes exactly once', async () => {
    const issued = await issueLink({ authSession: 'as-1' });
    const expected = {
      id: issued.id,
      purpose: 'magic-link',
      subject: 'user-1',
      data: { authSession: 'as-1' },
      expiresAt: issued.expiresAt,
      consumedAt: null,
    };
    expect(await tokens.inspect('magic-link', issued.secret)).toEqual({ ok: true, token: expected });
    expect(await tokens.inspect('magic-link', issued.secret)).toEqual({ ok: true, token: expected });
    clock.advance(1000);
    expect(await tokens.consume('magic-link', issued.secret)).toEqual({ ok: true, token: { ...expected, consumedAt: clock.now() } });
    expect(await tokens.consume('magic-link', issued.secret)).toEqual({ ok: false, reason: 'consumed' });
    expect(await tokens.inspect('magic-link', issued.secret)).toEqual({ ok: false, reason: 'consumed' });
  });

  it('refuses an expired secret, from the very millisecond it expires', async () => {
    const issued = await issueLink();
    clock.advance(600_000 - 1);
    expect((await tokens.inspect('magic-link', issued.secret)).ok).toBe(true);
    clock.advance(1);
    expect(await tokens.inspect('magic-link', issued.secret)).toEqual({ ok: false, reason: 'expired' });
    expect(await tokens.consume('magic-link', issued.secret)).toEqual({ ok: false, reason: 'expired' });
    const [row] = (await ds.query('SELECT consumed_at FROM single_use_tokens')) as Array<{ consumed_at: number | null }>;
    expect(row.consumed_at).toBeNull();
  });

  it('treats tampered, malformed and unknown secrets as not found', async () => {
    const issued = await issueLink();
    const flipped = (issued.secret[0] === 'A' ? 'B' : 'A') + issued.secret.slice(1);
    for (const secret of [flipped, issued.secret.slice(1), `${issued.secret}A`, `${issued.secret.slice(0, 42)}=`, '', 'x'.repeat(10_000)]) {
      expect(await tokens.inspect('magic-link', secret)).toEqual({ ok: false, reason: 'not_found' });
      expect(await tokens.consume('magic-link', secret)).toEqual({ ok: false, reason: 'not_found' });
    }
    expect((await tokens.consume('magic-link', issued.secret)).ok).toBe(true);
  });

  it('only accepts a secret for its own purpose', async () => {
    const issued = await issueLink();
    expect(await tokens.inspect('email-otp', issued.secret)).toEqual({ ok: false, reason: 'not_found' });
    expect(await tokens.consume('email-otp', issued.secret)).toEqual({ ok: false, reason: 'not_found' });
    expect((await tokens.consume('magic-link', issued.secret)).ok).toBe(true);
  });

  it('only accepts a secret in its own realm', async () => {
    const issued = await issueLink();
    const other = store.forRealm('other');
    expect(await other.inspect('magic-link', issued.secret)).toEqual({ ok: false, reason: 'not_found' });
    expect(await other.consume('magic-link', issued.secret)).toEqual({ ok: false, reason: 'not_found' });
    expect((await tokens.consume('magic-link', issued.secret)).ok).toBe(true);
  });

  it('revokes every live token of one purpose and subject, and nothing else', async () => {
    const a = await issueLink();
    const b = await issueLink();
    const used = await issueLink();
    await tokens.consume('magic-link', used.secret);
    const otherSubject = await tokens.issue({ purpose: 'magic-link', subject: 'user-2', ttlSeconds: 600 });
    const otherPurpose = await tokens.issue({ purpose: 'email-otp', subject: 'user-1', ttlSeconds: 600 });
    const otherRealm = await store.forRealm('other').issue({ purpose: 'magic-link', subject: 'user-1', ttlSeconds: 600 });

    expect(await tokens.revokeAll('magic-link', 'user-1')).toBe(2);
    expect(await tokens.consume('magic-link', a.secret)).toEqual({ ok: false, reason: 'consumed' });
    expect(await tokens.consume('magic-link', b.secret)).toEqual({ ok: false, reason: 'consumed' });
    expect((await tokens.consume('magic-link', otherSubject.secret)).ok).toBe(true);
    expect((await tokens.consume('email-otp', otherPurpose.secret)).ok).toBe(true);
    expect((await store.forRealm('other').consume('magic-link', otherRealm.secret)).ok).toBe(true);
    expect(await tokens.revokeAll('magic-link', 'user-1')).toBe(0);
  });

  it('gets affected-row counts from typeorm on better-sqlite3 (the single-winner rule rests on them)', async () => {
    await issueLink();
    await issueLink();
    const update = () =>
      ds.createQueryBuilder().update(SingleUseTokenEntity).set({ consumedAt: clock.now() }).where('consumed_at IS NULL').execute();
    expect((await update()).affected).toBe(2);
    expect((await update()).affected).toBe(0);
  });

  it('lets exactly one of many concurrent consumers in one process win', async () => {
    const issued = await issueLink();
    const results = await Promise.all(Array.from({ length: 20 }, () => tokens.consume('magic-link', issued.secret)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === 'consumed')).toHaveLength(19);
  });

  it('purges tokens that expired longer ago than asked', async () => {
    const old = await issueLink();
    clock.advance(10 * 60_000);
    const fresh = await issueLink();
    clock.advance(60 * 60_000); // old expired 60 min ago, fresh 50 min ago
    expect(await store.purgeExpired(55 * 60_000)).toBe(1);
    expect(await tokens.inspect('magic-link', old.secret)).toEqual({ ok: false, reason: 'not_found' });
    expect(await tokens.inspect('magic-link', fresh.secret)).toEqual({ ok: false, reason: 'expired' });
    expect(await store.purgeExpired(0)).toBe(1);
  });

  it('rejects nonsensical issue arguments', async () => {
    const bad = [
      { purpose: '', subject: 's', ttlSeconds: 60 },
      { purpose: 'p', subject: '', ttlSeconds: 60 },
      { purpose: 'p', subject: 's', ttlSeconds: 0 },
      { purpose: 'p', subject: 's', ttlSeconds: Number.NaN },
      { purpose: 'p', subject: 's', ttlSeconds: -5 },
    ];
    for (const input of bad) {
      const err: unknown = await tokens.issue(input).then(() => undefined, (e: unknown) => e);
      expect(isFlowgateError(err, 'FG_STORE_INVALID_ARGUMENT')).toBe(true);
    }
    expect(await ds.query('SELECT COUNT(*) AS n FROM single_use_tokens')).toEqual([{ n: 0 }]);
  });
});
