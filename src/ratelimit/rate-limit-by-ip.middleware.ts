import type { RequestHandler, Response } from 'express';
import { FlowgateError } from '../errors';
import { DEFAULT_IPV6_SUBNET, ipRateLimitKey } from './ip-key';
import { defineRateLimit, type RateLimit, type RateLimitDecision, type RateLimitService } from './rate-limit';
import { RateLimitedError } from './rate-limited.error';

/** Options of `rateLimitByIp`. */
export interface RateLimitByIpOptions {
  /**
   * How many leading bits of an IPv6 address count as one client (1 to 128). Default 56 (see
   * `DEFAULT_IPV6_SUBNET`); 128 limits single addresses, which one client can rotate through freely.
   */
  readonly ipv6Subnet?: number;
}

/**
 * An express middleware that applies `limit` per client IP. Every response it passes carries the
 * `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` headers
 * (draft-ietf-httpapi-ratelimit-headers-06). Over the limit it renders nothing: it sets
 * `Retry-After` and calls `next(new RateLimitedError(...))` (`FG_RATE_LIMITED`, 429), so the app's
 * error handler answers as a page or as JSON like for any other error.
 *
 * The IP is `req.ip`, which honours the app's `trust proxy` setting. Behind a reverse proxy the
 * app must set it to the proxies it really has (hop count or their addresses): unset, every client
 * shares the proxy's address and one bucket; set to `true`, a client picks its own address in
 * `X-Forwarded-For` and gets a fresh bucket on every request.
 */
export function rateLimitByIp(limiter: RateLimitService, limit: RateLimit, options: RateLimitByIpOptions = {}): RequestHandler {
  const checked = defineRateLimit(limit);
  const ipv6Subnet = options.ipv6Subnet ?? DEFAULT_IPV6_SUBNET;
  if (!Number.isInteger(ipv6Subnet) || ipv6Subnet < 1 || ipv6Subnet > 128) {
    throw new FlowgateError('FG_RATE_LIMIT_INVALID', `'${checked.name}': ipv6Subnet must be an integer from 1 to 128, got ${String(ipv6Subnet)}`);
  }
  // Express 5 passes a rejected promise (a store outage) to the error handler.
  return async (req, res, next) => {
    const decision = await limiter.consume(checked, ipRateLimitKey(req.ip, ipv6Subnet));
    setRateLimitHeaders(res, decision);
    if (decision.allowed) {
      next();
      return;
    }
    res.setHeader('Retry-After', String(decision.retryAfterSeconds));
    next(new RateLimitedError(checked.name, decision.retryAfterSeconds));
  };
}

/** Sets the draft-06 `RateLimit-*` headers from a decision. */
function setRateLimitHeaders(res: Response, decision: RateLimitDecision): void {
  res.setHeader('RateLimit-Limit', String(decision.limit));
  res.setHeader('RateLimit-Remaining', String(decision.remaining));
  res.setHeader('RateLimit-Reset', String(decision.resetSeconds));
}
