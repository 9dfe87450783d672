import { FlowgateError } from '../errors';

/**
 * `FG_RATE_LIMITED` (429) with the wait attached, so the error handler can say "try again in N
 * seconds" on the page or in JSON, and set `Retry-After` if nothing did yet.
 */
export class RateLimitedError extends FlowgateError {
  /** Whole seconds until the client may try again (≥ 1). */
  readonly retryAfterSeconds: number;
  /** The name of the limit that refused the request (never the key: it may be an address). */
  readonly limitName: string;

  constructor(limitName: string, retryAfterSeconds: number) {
    super('FG_RATE_LIMITED', `limit '${limitName}', retry after ${retryAfterSeconds} s`);
    this.name = 'RateLimitedError';
    this.retryAfterSeconds = retryAfterSeconds;
    this.limitName = limitName;
  }
}
