import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { ERROR_CODES, FlowgateError } from '../errors';
import type { Logger } from '../logging/logger';
import { RateLimitedError } from '../ratelimit';
import type { StorageStatus } from './app-deps';
import { sendError, type ErrorFacts, type ErrorRendering } from './error-response';
import { loginUrl } from './login-urls';
import { hasRequestState, initRequestState, stateOf } from './request-state';

/** Unknown paths and methods: a 404 page (or JSON), like any other error. */
export const notFound: RequestHandler = () => {
  throw new FlowgateError('FG_NOT_FOUND');
};

/**
 * The last middleware: turns anything thrown into a coded error response. Errors people cause
 * (bad input, stale pages, limits) keep their 4xx code; a database that cannot take writes is
 * `FG_STORAGE_FULL`/`FG_STORAGE_READ_ONLY` (503); everything else is `FG_INTERNAL_ERROR`
 * (500), logged with its stack and shown only as "something went wrong" with the request id.
 */
export function errorHandler(deps: ErrorRendering & { readonly logger: Logger; readonly storage?: Pick<StorageStatus, 'recognise'> }): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    // Too late for a page: let express end the connection.
    if (res.headersSent) return next(err);
    ensureState(res, deps.logger);
    const { log, realm } = stateOf(res);
    // A full or read-only database is a 503 with its code (and the path, in the log), not a 500.
    const storage = deps.storage?.recognise(err);
    const facts = storage ? { code: storage.code } : describe(err);
    if (ERROR_CODES[facts.code].status >= 500) log.error({ err: loggable(storage ?? err), code: facts.code }, 'request failed');
    else log.debug({ code: facts.code, detail: err instanceof FlowgateError ? err.detail : undefined }, 'request refused');
    const withRestart: ErrorFacts = realm && !facts.actions ? { ...facts, actions: { restart: { method: 'GET', href: loginUrl(realm.name) } } } : facts;
    try {
      sendError(req, res, deps, withRestart);
    } catch (renderError) {
      // The error page itself failed (a broken theme): still answer, plainly.
      log.error({ err: renderError }, 'error page failed to render');
      if (!res.headersSent) res.status(500).type('text').send(`${ERROR_CODES.FG_INTERNAL_ERROR.message} (${stateOf(res).requestId})`);
    }
  };
}

/** The code (and wait) an error is answered with. */
function describe(err: unknown): ErrorFacts {
  if (err instanceof RateLimitedError) return { code: 'FG_RATE_LIMITED', retryAfterSeconds: err.retryAfterSeconds };
  if (err instanceof FlowgateError) return { code: err.code };
  // body-parser's and the router's errors carry a `type` and/or a 4xx `status`.
  const { type, status } = (err ?? {}) as { type?: unknown; status?: unknown };
  if (type === 'entity.too.large' || type === 'parameters.too.many') return { code: 'FG_BODY_TOO_LARGE' };
  if (type === 'charset.unsupported' || type === 'encoding.unsupported') return { code: 'FG_UNSUPPORTED_MEDIA_TYPE' };
  if (typeof status === 'number' && status >= 400 && status < 500) return { code: 'FG_INVALID_REQUEST' };
  return { code: 'FG_INTERNAL_ERROR' };
}

/**
 * What of an unexpected error is logged: its class, message and stack. Not its other properties:
 * a database error carries the failed query's parameters, which may be emails or tokens.
 */
function loggable(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err };
  const { code } = err as { code?: unknown };
  return { type: err.name, message: err.message, stack: err.stack, ...(typeof code === 'string' && { code }) };
}

/** An error can come before the first middleware ran (it cannot today, but a page must not fail over it). */
function ensureState(res: Response, logger: Logger): void {
  if (hasRequestState(res)) return;
  const requestId = randomUUID();
  initRequestState(res, { requestId, nonce: randomUUID(), log: logger.child({ reqId: requestId }), formActionOrigins: [] });
}
