import { randomBytes, randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../../logging/logger';
import { initRequestState } from '../request-state';

/** The response (and accepted request) header carrying the request id. */
const REQUEST_ID_HEADER = 'X-Request-Id';

// An id from a proxy or client is kept only if it is plainly harmless in a log line and a header.
const REQUEST_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_LOGGED_PATH = 256;

/**
 * First middleware of every request: gives it an id (the caller's well-formed `X-Request-Id`, else
 * a fresh UUID) echoed in the response, a CSP nonce, and a logger; and writes ONE log line when the
 * response is done. The line has method, path, status and duration, and nothing a person typed:
 * the query string is left out (login hints are emails), as are cookies and bodies.
 */
export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const incoming = req.get(REQUEST_ID_HEADER);
    const requestId = incoming !== undefined && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
    const log = logger.child({ reqId: requestId });
    initRequestState(res, { requestId, nonce: randomBytes(16).toString('base64'), log, formActionOrigins: [] });
    res.setHeader(REQUEST_ID_HEADER, requestId);
    let logged = false;
    const line = (): void => {
      if (logged) return;
      logged = true;
      const durationMs = Number((process.hrtime.bigint() - started) / 1000n) / 1000;
      // The query is cut off; the route pattern is there once a route matched.
      const route = (req.route as { path?: unknown } | undefined)?.path;
      const path = req.originalUrl.split('?', 1)[0] ?? '';
      log.info(
        {
          method: req.method,
          path: path.slice(0, MAX_LOGGED_PATH),
          ...(typeof route === 'string' && { route }),
          status: res.statusCode,
          durationMs,
          ...(!res.writableFinished && { aborted: true }),
        },
        'request',
      );
    };
    res.on('finish', line);
    res.on('close', line);
    next();
  };
}
