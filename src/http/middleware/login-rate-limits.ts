import type { RequestHandler } from 'express';
import { DEFAULT_LOGIN_POSTS_PER_MINUTE, DEFAULT_LOGIN_STARTS_PER_MINUTE, type ServerConfig } from '../../config/server-config';
import { defineRateLimit, rateLimitByIp, type RateLimitService } from '../../ratelimit';

/** Name of the per-IP limit on starting sign-ins. */
const LOGIN_START_LIMIT = 'login-start';
/** Name of the per-IP limit on the login pages' POSTs. */
const LOGIN_POST_LIMIT = 'login-post';

/** The two per-IP limits of the login pages, as middlewares. Over a limit: 429 with `Retry-After`. */
export function loginRateLimits(limiter: RateLimitService, config: ServerConfig): { starts: RequestHandler; posts: RequestHandler } {
  const starts = defineRateLimit({ name: LOGIN_START_LIMIT, max: config.loginStartsPerMinute ?? DEFAULT_LOGIN_STARTS_PER_MINUTE, windowSeconds: 60 });
  const posts = defineRateLimit({ name: LOGIN_POST_LIMIT, max: config.loginPostsPerMinute ?? DEFAULT_LOGIN_POSTS_PER_MINUTE, windowSeconds: 60 });
  return { starts: rateLimitByIp(limiter, starts), posts: rateLimitByIp(limiter, posts) };
}
