import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { ERROR_CODES, FlowgateError, FlowgateErrors } from '../../errors';
import type { ErrorDocument } from '../../http/contracts';
import { stateOf } from '../../http/request-state';

/** One problem of a refused admin request: a registry code, where it is, and what is wrong. */
export interface AdminProblem {
  readonly code: string;
  /** The registry's message for the code. */
  readonly message: string;
  /** The specifics (`must be one of "REQUIRED", ...`). */
  readonly detail?: string;
  /** JSON Pointer of the offending value, in the request body (or the document it saves). */
  readonly path?: string;
  /** The document the pointer is in, when a request holds several (a realm import). */
  readonly file?: string;
}

/**
 * Any refused admin API call. The first problem is also at the top level (`code`, `detail`,
 * `path`), so a client that handles one error at a time needs only those; `errors` lists every
 * problem, as the loader reports a flow file with several mistakes all at once.
 */
export interface AdminErrorDocument extends ErrorDocument {
  readonly detail?: string;
  readonly path?: string;
  readonly file?: string;
  readonly errors: readonly AdminProblem[];
}

/** Whether `err` is one of ours: a coded error the admin API answers itself. */
function isCoded(err: unknown): err is FlowgateError | FlowgateErrors {
  return err instanceof FlowgateError || (err instanceof FlowgateErrors && err.errors.length > 0);
}

/**
 * Answers a coded error as an `AdminErrorDocument` with the first error's status. Internal codes
 * (5xx) are logged and say nothing but the generic message and the request id.
 */
function sendAdminError(res: Response, err: FlowgateError | FlowgateErrors): void {
  const errors = err instanceof FlowgateErrors ? err.errors : [err];
  const first = errors[0]!;
  const state = stateOf(res);
  if (first.status >= 500) state.log.error({ err: { type: err.name, message: err.message, stack: err.stack }, code: first.code }, 'admin request failed');
  else state.log.debug({ code: first.code, detail: first.detail }, 'admin request refused');
  const problems = errors.map(problemOf);
  const top = problems[0]!;
  const document: AdminErrorDocument = {
    type: 'error',
    code: top.code,
    message: top.message,
    ...(top.detail !== undefined && { detail: top.detail }),
    ...(top.path !== undefined && { path: top.path }),
    ...(top.file !== undefined && { file: top.file }),
    errors: problems,
    requestId: state.requestId,
  };
  res.setHeader('Cache-Control', 'no-store');
  res.status(first.status).json(document);
}

function problemOf(err: FlowgateError): AdminProblem {
  // Internals never leak; a database that cannot take writes keeps its code (an admin acts on it), not its path.
  if (err.code === 'FG_STORAGE_FULL' || err.code === 'FG_STORAGE_READ_ONLY') return { code: err.code, message: ERROR_CODES[err.code].message };
  if (!err.expose) return { code: 'FG_INTERNAL_ERROR', message: ERROR_CODES.FG_INTERNAL_ERROR.message };
  const { location } = err;
  return {
    code: err.code,
    message: ERROR_CODES[err.code].message,
    ...(err.detail !== undefined && { detail: err.detail }),
    ...(location?.path !== undefined && { path: location.path }),
    ...(location?.file !== undefined && { file: location.file }),
  };
}

/**
 * Wraps an async handler so a thrown FlowgateError (or FlowgateErrors) becomes the JSON
 * `AdminErrorDocument` with its status (never a 500 for user input); anything else goes on to
 * the app's error handler, which logs it and answers 500.
 */
export function handler(fn: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return (req, res, next) => {
    fn(req, res).catch((err: unknown) => {
      if (res.headersSent) return next(err);
      if (isCoded(err)) return sendAdminError(res, err);
      next(err);
    });
  };
}

/**
 * The admin API's error middleware: coded errors thrown by its middlewares and routes, a full or
 * read-only database, and the JSON body parser's refusals (malformed, too large, an unknown
 * charset), become admin error documents;
 * anything else (a bug) goes on to the app's error handler.
 */
export function adminErrors(storage: { recognise(err: unknown): FlowgateError | undefined }): ErrorRequestHandler {
  return (err, _req, res, next) => {
    if (res.headersSent) return next(err);
    if (isCoded(err)) return sendAdminError(res, err);
    // A full or read-only database: 503 with its code, as the login pages answer it.
    const stored = storage.recognise(err) ?? bodyParserError(err);
    if (stored) return sendAdminError(res, stored);
    next(err);
  };
}

// body-parser's errors carry a `type` and a 4xx `status`; mapped as the app's error handler maps them.
function bodyParserError(err: unknown): FlowgateError | undefined {
  const { type, status } = (err ?? {}) as { type?: unknown; status?: unknown };
  if (type === 'entity.too.large') return new FlowgateError('FG_BODY_TOO_LARGE');
  if (type === 'charset.unsupported' || type === 'encoding.unsupported') return new FlowgateError('FG_UNSUPPORTED_MEDIA_TYPE');
  if (typeof status === 'number' && status >= 400 && status < 500) return new FlowgateError('FG_INVALID_REQUEST', type === 'entity.parse.failed' ? 'the body is not valid JSON' : undefined);
  return undefined;
}
