/**
 * The rate-limiting algorithm: GCRA, the Generic Cell Rate Algorithm (ITU-T I.371, "virtual
 * scheduling"), as used by redis-cell (`CL.THROTTLE`) and Go's `throttled`.
 *
 * Why GCRA rather than fixed windows, a sliding-window counter or a sliding log:
 * - Fixed windows let a client spend `max` at the end of one window and `max` again at the start of
 *   the next: double the rate in an instant. GCRA has no windows, hence no boundary to exploit.
 * - A sliding-window counter (two fixed windows weighted) only approximates, and its answer
 *   depends on where the client's requests fall inside the previous window.
 * - A sliding log is exact but keeps one timestamp per request (O(max) per key).
 * GCRA keeps ONE number per key, the theoretical arrival time (TAT): the instant by which the key
 * will have paid off every request it made, each costing `intervalMs = window / max`. A request is
 * allowed when paying for it keeps the TAT at most one window ahead of now. So a client gets a burst
 * of at most `max` at once, then one request every `intervalMs`; in any span of `L` ms it gets at
 * most `max + floor(L / intervalMs)` requests. A refused request costs nothing, so a client that
 * backs off is served again at exactly the advertised time (`retryAfter` is exact, not a guess).
 *
 * The one number also makes the store simple: an idle key (TAT in the past) is the same as an
 * absent one, so entries expire at their TAT and sweeping is exact; and every store (memory, SQL,
 * Redis) implements `hit` as one atomic read-compare-write of that number (see `RateLimitStore`).
 *
 * Arithmetic is on whole milliseconds (`intervalMs` is rounded up) so repeated additions never
 * drift: with `max = 7` per 60 s the effective window is 7 × 8572 ms, erring 4 ms on the strict side.
 */

/** A limit in GCRA terms. Both values are positive integers. */
export interface GcraRule {
  /** What one request costs, in ms: `ceil(windowMs / max)`. */
  readonly intervalMs: number;
  /** How far ahead of now the TAT may run: `intervalMs × max`, which is also the burst size in time. */
  readonly windowMs: number;
}

/** The result of one GCRA step. */
export interface GcraHit {
  /** Whether the request conforms (and was paid for). */
  readonly allowed: boolean;
  /** The key's TAT after the step: advanced by `intervalMs` when allowed, unchanged when refused. */
  readonly tat: number;
}

/** What a key's TAT means for the next request at `now`. */
export interface GcraState {
  /** How many requests would be allowed right now, one after another (0 to max). */
  readonly remaining: number;
  /** Ms until the next request would be allowed; 0 when `remaining > 0`. */
  readonly retryAfterMs: number;
  /** Ms until the key is idle again, i.e. its whole burst is back. */
  readonly resetAfterMs: number;
}

/** Builds the rule for `max` requests per `windowMs` (both positive integers, checked by the caller). */
export function gcraRule(max: number, windowMs: number): GcraRule {
  const intervalMs = Math.ceil(windowMs / max);
  return { intervalMs, windowMs: intervalMs * max };
}

/**
 * One GCRA step for a key whose stored TAT is `tat` (`undefined` when the key is unknown). Pure:
 * a store calls it between its atomic read and write, or ports these three lines to its own
 * language (SQL, Lua).
 */
export function gcraHit(tat: number | undefined, rule: GcraRule, now: number): GcraHit {
  const start = tat === undefined || tat < now ? now : tat;
  const next = start + rule.intervalMs;
  return next - now <= rule.windowMs ? { allowed: true, tat: next } : { allowed: false, tat: start };
}

/** Reads a TAT (`undefined` for an unknown key) as remaining requests and waiting times at `now`. */
export function gcraState(tat: number | undefined, rule: GcraRule, now: number): GcraState {
  const debt = tat === undefined || tat < now ? 0 : tat - now;
  const remaining = Math.max(0, Math.floor((rule.windowMs - debt) / rule.intervalMs));
  return {
    remaining,
    retryAfterMs: remaining > 0 ? 0 : debt + rule.intervalMs - rule.windowMs,
    resetAfterMs: debt,
  };
}
