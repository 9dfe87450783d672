import type { GcraHit, GcraRule } from './gcra';

/**
 * Where rate-limit state lives: one number per key, the GCRA theoretical arrival time (TAT, ms
 * since the epoch; see `gcra.ts`). Keys arrive already namespaced by limit name and with the
 * caller's identifier hashed, so a store never sees an email or IP address.
 *
 * The in-process `MemoryRateLimitStore` suits one process. Several processes behind a load
 * balancer must share a store, or each enforces the limit on its own and a client gets `max` per
 * process. A shared store implements `hit` as one atomic conditional write, never as a read
 * followed by a separate write (two nodes would both pass the check):
 *
 * - SQL (table `rate_limit(key PRIMARY KEY, tat BIGINT NOT NULL)`, index on `tat` for sweeping):
 *   `INSERT INTO rate_limit (key, tat) VALUES (:key, :now + :interval)
 *    ON CONFLICT (key) DO UPDATE SET tat = MAX(rate_limit.tat, :now) + :interval
 *    WHERE MAX(rate_limit.tat, :now) + :interval - :now <= :window
 *    RETURNING tat` (PostgreSQL spells `MAX(a, b)` as `GREATEST(a, b)`). A returned row means
 *   allowed with that TAT; no row means refused, and a plain `SELECT tat` gives the TAT to report.
 *   A periodic `DELETE FROM rate_limit WHERE tat <= :now` is the sweep.
 * - Redis: a Lua script (`EVALSHA`, atomic by construction) doing `gcraHit`'s three lines on
 *   `GET key`, then `SET key newTat PXAT newTat` so Redis expires idle keys by itself; `reset` is
 *   `DEL`. This is what redis-cell's `CL.THROTTLE` does natively.
 *
 * A store's errors propagate to the caller: a limiter that cannot reach its store refuses to
 * guess, and the request fails as an outage rather than running unlimited.
 */
export interface RateLimitStore {
  /**
   * Atomically applies one GCRA step (`gcraHit`) to `key` at `now`: when allowed, stores the
   * advanced TAT; when refused, changes nothing. Returns the step's result. Of any number of
   * concurrent calls, across processes for a shared store, no more are allowed than the rule permits.
   */
  hit(key: string, rule: GcraRule, now: number): Promise<GcraHit>;
  /** The key's TAT if it is still in the future at `now` (the key is not idle); changes nothing. */
  peek(key: string, now: number): Promise<number | undefined>;
  /** Forgets the key, giving it its whole burst back (e.g. after a successful sign-in). */
  reset(key: string): Promise<void>;
}
