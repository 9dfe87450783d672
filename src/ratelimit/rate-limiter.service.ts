import { createHmac, randomBytes } from 'node:crypto';
import type { Clock } from '../spi/services';
import { gcraState, type GcraRule } from './gcra';
import { compileRateLimit, type RateLimit, type RateLimitDecision, type RateLimitService } from './rate-limit';
import type { RateLimitStore } from './rate-limit.store';

/** Options of the rate limiter. */
export interface RateLimiterOptions {
  /**
   * Secret for HMAC-SHA-256 of identifiers before they reach the store. Default: 32 random bytes
   * per limiter, which suits the in-process store. Processes that share a store (SQL, Redis) must
   * be given the same secret, or their hashes differ and each enforces the limit on its own.
   * A keyed hash rather than a bare SHA-256: emails and IPv4 addresses are few enough that a bare
   * hash is reversed by hashing every candidate, which a store dump without the secret cannot do.
   */
  readonly keySecret?: string | Buffer;
}

/**
 * Applies named limits (`RateLimit`) to keys such as an IP address or a normalised email. The
 * store only ever sees `<limit name>:<HMAC-SHA-256 of the key, base64url>`, so neither a memory
 * dump nor a store's log shows whom a key is about.
 *
 * Callers pass canonical keys: `Ann@Example.com` and `ann@example.com` are different keys here, so
 * emails go through `normalizeEmail` first (and IPs through `ipRateLimitKey`), or a client escapes
 * the limit by changing case.
 */
export class RateLimiter implements RateLimitService {
  private readonly keySecret: Buffer;

  constructor(
    private readonly store: RateLimitStore,
    private readonly clock: Clock,
    options: RateLimiterOptions = {},
  ) {
    this.keySecret = options.keySecret === undefined ? randomBytes(32) : Buffer.from(options.keySecret);
  }

  /**
   * Counts one request for `key` under `limit` if the limit allows it. A refused request is not
   * counted, so a client that waits `retryAfterSeconds` is allowed again.
   * Throws `FG_RATE_LIMIT_INVALID` for a malformed limit; a store's errors propagate.
   */
  async consume(limit: RateLimit, key: string): Promise<RateLimitDecision> {
    const rule = compileRateLimit(limit);
    const now = this.now();
    const hit = await this.store.hit(this.storeKey(limit, key), rule, now);
    return decide(limit, rule, hit.tat, now, hit.allowed);
  }

  /** What `consume` would answer now, without counting anything (e.g. to grey out a "resend" button). */
  async peek(limit: RateLimit, key: string): Promise<RateLimitDecision> {
    const rule = compileRateLimit(limit);
    const now = this.now();
    const tat = await this.store.peek(this.storeKey(limit, key), now);
    return decide(limit, rule, tat, now);
  }

  /** Gives `key` its whole burst back under `limit` (e.g. after the person signed in). */
  async reset(limit: RateLimit, key: string): Promise<void> {
    compileRateLimit(limit);
    await this.store.reset(this.storeKey(limit, key));
  }

  /** The store key of `key` under `limit`: the limit's name, then the keyed hash. */
  storeKey(limit: RateLimit, key: string): string {
    return `${limit.name}:${createHmac('sha256', this.keySecret).update(key, 'utf8').digest('base64url')}`;
  }

  private now(): number {
    // GCRA works on whole milliseconds so that repeated additions never drift.
    return Math.floor(this.clock.now());
  }
}

/** The decision for a key whose TAT is `tat`: `hit` is the store's verdict; without one (a peek), whether a hit would pass. */
function decide(limit: RateLimit, rule: GcraRule, tat: number | undefined, now: number, hit?: boolean): RateLimitDecision {
  const state = gcraState(tat, rule, now);
  const allowed = hit ?? state.remaining > 0;
  return {
    allowed,
    limit: limit.max,
    remaining: state.remaining,
    retryAfterSeconds: allowed ? 0 : Math.ceil(state.retryAfterMs / 1000),
    resetSeconds: Math.ceil(state.resetAfterMs / 1000),
  };
}
