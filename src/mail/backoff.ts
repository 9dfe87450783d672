/** How retries are spaced. */
export interface BackoffOptions {
  /** Delay before the second attempt, in ms; each further one doubles it. Default 5000 (5 s). */
  readonly initialDelayMs: number;
  /** No delay exceeds this, in ms. Default 600000 (10 min). */
  readonly maxDelayMs: number;
  /**
   * Share of each delay that is random, 0..1: a delay `d` becomes a value in `(d * (1 - jitter), d]`,
   * so messages that failed together (an SMTP outage) do not all come back at the same instant.
   * Default 0.2.
   */
  readonly jitter: number;
}

/** The documented defaults: 5 s, 10 s, 20 s, ... capped at 10 min, 20 % jitter. */
export const DEFAULT_BACKOFF: BackoffOptions = { initialDelayMs: 5000, maxDelayMs: 600_000, jitter: 0.2 };

/**
 * How long to wait after the `attempt`-th attempt (1-based) failed. `random` returns a number in
 * [0, 1), like `Math.random`; tests pass a fixed one. Never less than 1 ms.
 */
export function retryDelayMs(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const delay = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** exponent);
  return Math.max(1, Math.round(delay * (1 - options.jitter * random())));
}
