import type { RateLimit, RateLimitDecision, RateLimitService } from '../spi/services';

/**
 * The rate limits one realm's plugins see: the same limiter, with every key prefixed by the realm,
 * so the same address signing in to two realms is counted per realm.
 */
export function realmRateLimits(limiter: RateLimitService, realm: string): RateLimitService {
  const scoped = (key: string): string => `${realm}\u0000${key}`;
  return {
    consume: (limit: RateLimit, key: string): Promise<RateLimitDecision> => limiter.consume(limit, scoped(key)),
    peek: (limit: RateLimit, key: string): Promise<RateLimitDecision> => limiter.peek(limit, scoped(key)),
    reset: (limit: RateLimit, key: string): Promise<void> => limiter.reset(limit, scoped(key)),
  };
}
