import { ManualClock } from '../../../src/engine/clock';
import type { TokenService } from '../../../src/spi/services';

/** A fresh, empty `TokenService` on `clock`, and how to dispose of it. */
export type TokenServiceFactory = (clock: ManualClock) => Promise<{ readonly tokens: TokenService; close(): Promise<void> }>;

/** Not the fakes' `FIXED_NOW`, so a service that ignores its clock shows. */
const T0 = Date.UTC(2025, 5, 2, 9);
const TTL_SECONDS = 600;

/**
 * What `TokenService` promises (src/spi/services.ts), as tests any implementation must pass: the
 * store plugins get on a server, and the in-memory fake their tests run on. Call it inside a
 * describe block; each test gets a new service from `make`.
 */
export function tokenServiceContract(make: TokenServiceFactory): void {
  let clock: ManualClock;
  let tokens: TokenService;
  let close: () => Promise<void>;

  beforeEach(async () => {
    clock = new ManualClock(T0);
    ({ tokens, close } = await make(clock));
  });
  afterEach(() => close());

  const issueLink = (subject = 'user-1', data?: Record<string, unknown>) =>
    tokens.issue({ purpose: 'magic-link', subject, ttlSeconds: TTL_SECONDS, ...(data && { data }) });

  it('issues a new base64url secret of at least 256 bits every time, expiring ttlSeconds from now', async () => {
    const issued = await Promise.all(Array.from({ length: 20 }, () => issueLink()));
    for (const token of issued) {
      expect(token.secret).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.from(token.secret, 'base64url').length).toBeGreaterThanOrEqual(32);
      expect(token.expiresAt).toBe(T0 + TTL_SECONDS * 1000);
    }
    expect(new Set(issued.map((t) => t.secret)).size).toBe(20);
    expect(new Set(issued.map((t) => t.id)).size).toBe(20);
  });

  it('inspects without consuming, then consumes exactly once', async () => {
    const issued = await issueLink('user-1', { authSession: 'as-1', n: 2 });
    const expected = { id: issued.id, purpose: 'magic-link', subject: 'user-1', data: { authSession: 'as-1', n: 2 }, expiresAt: issued.expiresAt, consumedAt: null };
    expect(await tokens.inspect('magic-link', issued.secret)).toEqual({ ok: true, token: expected });
    expect(await tokens.inspect('magic-link', issued.secret)).toEqual({ ok: true, token: expected });
    clock.advance(1000);
    expect(await tokens.consume('magic-link', issued.secret)).toEqual({ ok: true, token: { ...expected, consumedAt: clock.now() } });
    expect(await tokens.consume('magic-link', issued.secret)).toEqual({ ok: false, reason: 'consumed' });
    expect(await tokens.inspect('magic-link', issued.secret)).toEqual({ ok: false, reason: 'consumed' });
  });

  it('refuses an expired secret from the very millisecond it expires, and refusing it consumes nothing', async () => {
    const issued = await issueLink();
    clock.advance(TTL_SECONDS * 1000 - 1);
    expect((await tokens.inspect('magic-link', issued.secret)).ok).toBe(true);
    clock.advance(1);
    expect(await tokens.inspect('magic-link', issued.secret)).toEqual({ ok: false, reason: 'expired' });
    expect(await tokens.consume('magic-link', issued.secret)).toEqual({ ok: false, reason: 'expired' });
    // Still expired, not consumed: the refused consume left the token as it was.
    expect(await tokens.inspect('magic-link', issued.secret)).toEqual({ ok: false, reason: 'expired' });
  });

  it('treats tampered, malformed and unknown secrets as not found', async () => {
    const issued = await issueLink();
    const flipped = (issued.secret[0] === 'A' ? 'B' : 'A') + issued.secret.slice(1);
    for (const secret of [flipped, issued.secret.slice(1), `${issued.secret}A`, `${issued.secret.slice(0, -1)}=`, '', 'x'.repeat(10_000)]) {
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

  it('lets exactly one of many concurrent consumers win', async () => {
    const issued = await issueLink();
    const results = await Promise.all(Array.from({ length: 20 }, () => tokens.consume('magic-link', issued.secret)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === 'consumed')).toHaveLength(19);
  });

  it('revokes every live token of one purpose and subject, and nothing else', async () => {
    const a = await issueLink();
    const b = await issueLink();
    const used = await issueLink();
    await tokens.consume('magic-link', used.secret);
    const otherSubject = await issueLink('user-2');
    const otherPurpose = await tokens.issue({ purpose: 'email-otp', subject: 'user-1', ttlSeconds: TTL_SECONDS });

    expect(await tokens.revokeAll('magic-link', 'user-1')).toBe(2);
    expect(await tokens.consume('magic-link', a.secret)).toEqual({ ok: false, reason: 'consumed' });
    expect(await tokens.inspect('magic-link', b.secret)).toEqual({ ok: false, reason: 'consumed' });
    expect((await tokens.consume('magic-link', otherSubject.secret)).ok).toBe(true);
    expect((await tokens.consume('email-otp', otherPurpose.secret)).ok).toBe(true);
    expect(await tokens.revokeAll('magic-link', 'user-1')).toBe(0);
  });

  it('does not count an expired token as revoked, and it stays expired', async () => {
    const old = await issueLink();
    clock.advance(TTL_SECONDS * 1000);
    const live = await issueLink();
    expect(await tokens.revokeAll('magic-link', 'user-1')).toBe(1);
    expect(await tokens.inspect('magic-link', old.secret)).toEqual({ ok: false, reason: 'expired' });
    expect(await tokens.inspect('magic-link', live.secret)).toEqual({ ok: false, reason: 'consumed' });
  });
}
