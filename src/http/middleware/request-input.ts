import express, { type Request, type RequestHandler } from 'express';
import { FlowgateError } from '../../errors';

/** Largest request body the login pages accept, urlencoded or JSON: no sign-in form comes near it. */
const MAX_BODY_BYTES = 32 * 1024;
/** Most parameters a urlencoded body may carry. */
const MAX_BODY_PARAMETERS = 100;

/**
 * Parsers for the two body types the login pages take. Both run with the extended (qs) syntax,
 * so `email[]=x` and `a[b]=c` come out as an array or object and are refused by `plainParams` like
 * a JSON array or object value would be: every parameter is one plain string, whatever the format.
 */
export function bodyParsers(): RequestHandler[] {
  return [
    express.urlencoded({ extended: true, limit: MAX_BODY_BYTES, parameterLimit: MAX_BODY_PARAMETERS }),
    express.json({ limit: MAX_BODY_BYTES, strict: true }),
  ];
}

/**
 * Refuses a POST body that is neither a form nor JSON (415), and a JSON body that is not an object
 * (400). A POST without a body passes; its missing fields are refused where they are needed.
 */
export const requireFormOrJson: RequestHandler = (req, _res, next) => {
  if (req.is(['application/x-www-form-urlencoded', 'application/json']) === false) {
    throw new FlowgateError('FG_UNSUPPORTED_MEDIA_TYPE', `content type '${String(req.get('content-type')).slice(0, 100)}'`);
  }
  if (req.body !== undefined && (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body))) {
    throw new FlowgateError('FG_INVALID_REQUEST', 'the body must be a JSON object');
  }
  next();
};

/**
 * Refuses any query or body parameter that is not exactly one string: repeated names
 * (`?client_id=a&client_id=b`), bracket syntax (`email[]=x`), and JSON arrays, objects, numbers,
 * booleans or null. An ambiguous parameter is an attack or a bug; guessing which value was meant
 * is how parameter-pollution attacks get in.
 */
export const plainParams: RequestHandler = (req, _res, next) => {
  checkPlain(queryOf(req), 'query');
  if (req.body !== undefined) checkPlain(req.body, 'body');
  next();
};

function checkPlain(params: unknown, where: string): void {
  if (typeof params !== 'object' || params === null) return;
  for (const [name, value] of Object.entries(params)) {
    if (typeof value !== 'string') {
      throw new FlowgateError('FG_INVALID_REQUEST', `${where} parameter '${name.slice(0, 64)}' must be a single string`);
    }
  }
}

/** The string parameter `name` of the query, if given (after `plainParams`). */
export function queryParam(req: Request, name: string): string | undefined {
  const query = queryOf(req);
  const value = Object.hasOwn(query, name) ? query[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/**
 * Each request's parsed query. Express 5's `req.query` is a getter that parses the query string
 * again on every read, and a sign-in's requests read their parameters one by one (six reads on
 * `GET /login`, three on a step's POST): parsed once here, by the same parser, for the request's life.
 */
const parsedQueries = new WeakMap<Request, Record<string, unknown>>();

function queryOf(req: Request): Record<string, unknown> {
  let query = parsedQueries.get(req);
  if (query === undefined) parsedQueries.set(req, (query = req.query as Record<string, unknown>));
  return query;
}

/** The string field `name` of the body, if given (after `plainParams`). */
export function bodyField(req: Request, name: string): string | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  if (body === undefined || !Object.hasOwn(body, name)) return undefined;
  const value = body[name];
  return typeof value === 'string' ? value : undefined;
}

/** The body's string fields (after `plainParams`), as a prototype-less object. */
export function bodyFields(req: Request): Record<string, string> {
  const fields = Object.create(null) as Record<string, string>;
  const body = req.body as Record<string, unknown> | undefined;
  for (const [name, value] of Object.entries(body ?? {})) if (typeof value === 'string') fields[name] = value;
  return fields;
}
