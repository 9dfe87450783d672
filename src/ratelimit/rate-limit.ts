import { FlowgateError } from '../errors';
import { gcraRule, type GcraRule } from './gcra';

// The contract (types and `defineRateLimit`) lives in the SPI: plugins declare limits and reach them through their context.
import { rateLimitProblem } from '../spi/rate-limit';
import type { RateLimit } from '../spi/services';
export type { RateLimit, RateLimitDecision, RateLimitService } from '../spi/services';
export { defineRateLimit } from '../spi/rate-limit';

/** The GCRA rule of a limit, after checking it. Throws `FG_RATE_LIMIT_INVALID`. */
export function compileRateLimit(limit: RateLimit): GcraRule {
  const problem = rateLimitProblem(limit);
  if (problem !== undefined) throw new FlowgateError('FG_RATE_LIMIT_INVALID', problem);
  return gcraRule(limit.max, Math.round(limit.windowSeconds * 1000));
}
