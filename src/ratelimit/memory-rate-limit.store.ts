import { FlowgateError } from '../errors';
import { gcraHit, type GcraHit, type GcraRule } from './gcra';
import type { RateLimitStore } from './rate-limit.store';

/** Options of the in-process store. */
export interface MemoryRateLimitStoreOptions {
  /**
   * Most keys kept at once. When a new key arrives at the cap, the key used least recently is
   * forgotten (it gets its whole burst back), so a client spraying fresh keys costs bounded memory
   * instead of exhausting it. An entry takes about 150 bytes: the default of 100 000 is about 15 MB.
   * Raise it when legitimate traffic has more distinct IPs and addresses per window than that:
   * once real keys get evicted, limits are enforced loosely.
   */
  readonly maxEntries?: number;
  /**
   * How often, in ms of the callers' clock, idle keys (TAT in the past) are swept out. Sweeping is
   * a scan of every entry, done by the next `hit` after the interval has passed, so no timer keeps
   * the process alive. Default 60 000.
   */
  readonly sweepIntervalMs?: number;
}

/** Default of `MemoryRateLimitStoreOptions.maxEntries`. */
const DEFAULT_MAX_ENTRIES = 100_000;
/** Default of `MemoryRateLimitStoreOptions.sweepIntervalMs`. */
const DEFAULT_SWEEP_INTERVAL_MS = 60_000;

/**
 * Rate-limit state in a `Map`, for a single process. `hit` reads and writes with no `await`
 * between, so it is atomic under any number of concurrent callers. The map's insertion order is
 * kept as order of last use (a key is moved to the end on every hit), which makes eviction of the
 * least recently used key O(1).
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly tats = new Map<string, number>();
  private readonly maxEntries: number;
  private readonly sweepIntervalMs: number;
  private nextSweepAt = Number.NEGATIVE_INFINITY;

  constructor(options: MemoryRateLimitStoreOptions = {}) {
    this.maxEntries = positiveInteger('maxEntries', options.maxEntries ?? DEFAULT_MAX_ENTRIES);
    this.sweepIntervalMs = positiveInteger('sweepIntervalMs', options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS);
  }

  async hit(key: string, rule: GcraRule, now: number): Promise<GcraHit> {
    if (now >= this.nextSweepAt) this.sweep(now);
    const result = gcraHit(this.tats.get(key), rule, now);
    // Moving the key to the end even when refused keeps a client that is hammering a limit away
    // from the eviction end, where it would get a fresh burst.
    this.tats.delete(key);
    this.store(key, result.tat);
    return result;
  }

  async peek(key: string, now: number): Promise<number | undefined> {
    const tat = this.tats.get(key);
    return tat !== undefined && tat > now ? tat : undefined;
  }

  async reset(key: string): Promise<void> {
    this.tats.delete(key);
  }

  /** How many keys are held, idle ones not yet swept included. */
  get size(): number {
    return this.tats.size;
  }

  /** The keys held, least recently used first. For diagnostics and tests; they are hashed. */
  keys(): string[] {
    return [...this.tats.keys()];
  }

  /** Removes every idle key. Called by `hit` every `sweepIntervalMs`; callable directly. */
  sweep(now: number): void {
    for (const [key, tat] of this.tats) {
      if (tat <= now) this.tats.delete(key);
    }
    this.nextSweepAt = now + this.sweepIntervalMs;
  }

  private store(key: string, tat: number): void {
    if (this.tats.size >= this.maxEntries) {
      const oldest = this.tats.keys().next();
      if (!oldest.done) this.tats.delete(oldest.value);
    }
    this.tats.set(key, tat);
  }
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new FlowgateError('FG_RATE_LIMIT_INVALID', `MemoryRateLimitStore ${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}
