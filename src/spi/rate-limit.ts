import type { RateLimit } from './services';

const NAME_PATTERN = /^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*$/;
/** The longest window a limit may have: a year and a day. */
export const MAX_RATE_LIMIT_WINDOW_SECONDS = 366 * 24 * 3600;

/** What is wrong with a limit, in words, or `undefined` when nothing is. */
export function rateLimitProblem(limit: RateLimit): string | undefined {
  const { name, max, windowSeconds } = limit;
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) return `name ${JSON.stringify(name)} must be lower-case words joined by '-' or '.'`;
  if (!Number.isSafeInteger(max) || max < 1) return `'${name}': max must be a positive integer, got ${String(max)}`;
  // Written as a negated range so NaN fails too.
  if (typeof windowSeconds !== 'number' || !(windowSeconds >= 0.001 && windowSeconds <= MAX_RATE_LIMIT_WINDOW_SECONDS)) {
    return `'${name}': windowSeconds must be between 0.001 and ${MAX_RATE_LIMIT_WINDOW_SECONDS}, got ${String(windowSeconds)}`;
  }
  return undefined;
}

/**
 * Checks a limit and returns it frozen. Declare limits with it where they are defined (plugin
 * module, config loading) so a bad value is a boot error; the limiter checks again on use anyway.
 * Throws a `RangeError` whose `code` is `FG_RATE_LIMIT_INVALID`.
 */
export function defineRateLimit(limit: RateLimit): Readonly<RateLimit> {
  const problem = rateLimitProblem(limit);
  if (problem !== undefined) throw Object.assign(new RangeError(`FG_RATE_LIMIT_INVALID: ${problem}`), { code: 'FG_RATE_LIMIT_INVALID' as const });
  return Object.freeze({ name: limit.name, max: limit.max, windowSeconds: limit.windowSeconds });
}
