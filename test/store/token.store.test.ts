import type { DataSource } from 'typeorm';
import { isFlowgateError } from '../../src/errors';
import type { TokenService } from '../../src/spi/services';
import { SingleUseTokenEntity } from '../../src/store/entities/single-use-token.entity';
import { TokenStore } from '../../src/store/token.store';
import { hashSecret } from '../../src/store/token-secret';
import { ManualClock, memoryDatabase } from './test-db';

// What every TokenService must do is tested once for the store and the fake: contracts/token-store.contract.ts.
// Here: what is the store's own (hashing at rest, realms, purging, argument checks, the driver).
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

  it('only accepts a secret in its own realm', async () => {
    const issued = await issueLink();
    const other = store.forRealm('other');
    expect(await other.inspect('magic-link', issued.secret)).toEqual({ ok: false, reason: 'not_found' });
    expect(await other.consume('magic-link', issued.secret)).toEqual({ ok: false, reason: 'not_found' });
    expect((await tokens.consume('magic-link', issued.secret)).ok).toBe(true);
  });

  it('revokes only in its own realm', async () => {
    const mine = await issueLink();
    const otherRealm = await store.forRealm('other').issue({ purpose: 'magic-link', subject: 'user-1', ttlSeconds: 600 });
    expect(await tokens.revokeAll('magic-link', 'user-1')).toBe(1);
    expect(await tokens.consume('magic-link', mine.secret)).toEqual({ ok: false, reason: 'consumed' });
    expect((await store.forRealm('other').consume('magic-link', otherRealm.secret)).ok).toBe(true);
  });

  it('gets affected-row counts from typeorm on better-sqlite3 (the single-winner rule rests on them)', async () => {
    await issueLink();
    await issueLink();
    const update = () =>
      ds.createQueryBuilder().update(SingleUseTokenEntity).set({ consumedAt: clock.now() }).where('consumed_at IS NULL').execute();
    expect((await update()).affected).toBe(2);
    expect((await update()).affected).toBe(0);
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
