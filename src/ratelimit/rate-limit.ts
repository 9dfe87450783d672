import { FlowgateError } from '../errors';
import { gcraRule, type GcraRule } from './gcra';

// The contract types live in the SPI: plugins reach rate limits through their context.
import type { RateLimit } from '../spi/services';
export type { RateLimit, RateLimitDecision, RateLimitService } from '../spi/services';

const NAME_PATTERN = /^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*$/;
const MAX_WINDOW_SECONDS = 366 * 24 * 3600;

/**
 * Checks a limit and returns it frozen. Declare limits with it where they are defined (plugin
 * module, config loading) so a bad value is a boot error; the limiter checks again on use anyway.
 * Throws `FG_RATE_LIMIT_INVALID`.
 */
export function defineRateLimit(limit: RateLimit): Readonly<RateLimit> {
  compileRateLimit(limit);
  return Object.freeze({ name: limit.name, max: limit.max, windowSeconds: limit.windowSeconds });
}

/** The GCRA rule of a limit, after checking it. Throws `FG_RATE_LIMIT_INVALID`. */
export function compileRateLimit(limit: RateLimit): GcraRule {
  const { name, max, windowSeconds } = limit;
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    throw new FlowgateError('FG_RATE_LIMIT_INVALID', `name ${JSON.stringify(name)} must be lower-case words joined by '-' or '.'`);
  }
  if (!Number.isSafeInteger(max) || max < 1) {
    throw new FlowgateError('FG_RATE_LIMIT_INVALID', `'${name}': max must be a positive integer, got ${String(max)}`);
  }
  // Written as a negated range so NaN fails too.
  if (typeof windowSeconds !== 'number' || !(windowSeconds >= 0.001 && windowSeconds <= MAX_WINDOW_SECONDS)) {
    throw new FlowgateError('FG_RATE_LIMIT_INVALID', `'${name}': windowSeconds must be between 0.001 and ${MAX_WINDOW_SECONDS}, got ${String(windowSeconds)}`);
  }
  return gcraRule(max, Math.round(windowSeconds * 1000));
}
