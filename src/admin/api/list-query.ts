import type { Request } from 'express';
import { FlowgateError } from '../../errors';

/**
 * Query parameters of the admin API's list endpoints (users, events, audit, mail): declared once
 * per endpoint, parsed strictly and described in the OpenAPI document from the same declaration.
 * An unknown parameter is refused rather than ignored, so a misspelt filter (`?emial=`) never
 * silently lists everything.
 */

/** An integer parameter within limits, with its default. */
export interface IntegerParam {
  readonly type: 'integer';
  readonly description: string;
  readonly minimum: number;
  readonly maximum: number;
  readonly default?: number;
}

/** One query parameter: its type, its limits and what it means. */
export type QueryParam =
  | IntegerParam
  | { readonly type: 'string'; readonly description: string; readonly maxLength: number }
  | { readonly type: 'boolean'; readonly description: string }
  | { readonly type: 'enum'; readonly description: string; readonly values: readonly string[] };

/** The parsed value of a parameter declared as `P`. */
export type QueryValue<P extends QueryParam> = P extends { type: 'integer' } ? number : P extends { type: 'boolean' } ? boolean : string;

/** The parsed query of a declaration: each parameter given, or its default. */
export type ParsedQuery<S extends Record<string, QueryParam>> = { -readonly [K in keyof S]?: QueryValue<S[K]> };

// Beyond this, an offset is a scan of the whole table, not paging.
const MAX_FIRST = 1_000_000;
// Milliseconds since the epoch up to the year 275760, the largest a JavaScript Date holds.
const MAX_TIME = 8_640_000_000_000_000;

/** `first` and `max` of a list, `max` at most `maxPage` (default 100, or less when the maximum is lower). */
export function pagingParams(maxPage: number): { readonly first: IntegerParam; readonly max: IntegerParam } {
  return {
    first: { type: 'integer', minimum: 0, maximum: MAX_FIRST, default: 0, description: 'How many results to skip (paging). Default 0.' },
    max: { type: 'integer', minimum: 1, maximum: maxPage, default: Math.min(100, maxPage), description: `At most this many results. Default ${Math.min(100, maxPage)}, at most ${maxPage}.` },
  };
}

/** `from` and `to` of a time range, in ms since the epoch. */
export const TIME_RANGE_PARAMS = {
  from: { type: 'integer', minimum: 0, maximum: MAX_TIME, description: 'Earliest time, inclusive (ms since the epoch).' },
  to: { type: 'integer', minimum: 0, maximum: MAX_TIME, description: 'Latest time, exclusive (ms since the epoch).' },
} as const satisfies Record<string, QueryParam>;

/**
 * A parser of `req.query` for the declared parameters: each at most once, of its type and within
 * its limits; integer defaults filled in. Anything else is a 400 `FG_ADMIN_INVALID_QUERY` naming
 * the parameter.
 */
export function listQuery<S extends Record<string, QueryParam>>(spec: S): (req: Request) => ParsedQuery<S> {
  return (req) => {
    const query = req.query as Record<string, unknown>;
    for (const name of Object.keys(query)) {
      if (!Object.hasOwn(spec, name)) throw invalid(`unknown query parameter '${name.slice(0, 64)}' (this endpoint takes ${Object.keys(spec).join(', ')})`);
    }
    const parsed: Record<string, string | number | boolean> = {};
    for (const [name, param] of Object.entries(spec)) {
      const raw = Object.hasOwn(query, name) ? query[name] : undefined;
      if (raw === undefined) {
        if (param.type === 'integer' && param.default !== undefined) parsed[name] = param.default;
        continue;
      }
      if (typeof raw !== 'string') throw invalid(`query parameter '${name}' must be given once, as a plain value`);
      parsed[name] = parseValue(name, param, raw);
    }
    return parsed as ParsedQuery<S>;
  };
}

function parseValue(name: string, param: QueryParam, raw: string): string | number | boolean {
  switch (param.type) {
    case 'string':
      if (raw.length > param.maxLength) throw invalid(`query parameter '${name}' must be at most ${param.maxLength} characters`);
      return raw;
    case 'integer': {
      const value = /^\d{1,16}$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isSafeInteger(value) || value < param.minimum || value > param.maximum) {
        throw invalid(`query parameter '${name}' must be an integer from ${param.minimum} to ${param.maximum}`);
      }
      return value;
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw invalid(`query parameter '${name}' must be true or false`);
      return raw === 'true';
    case 'enum':
      if (!param.values.includes(raw)) throw invalid(`query parameter '${name}' must be one of ${param.values.join(', ')}`);
      return raw;
  }
}

function invalid(detail: string): FlowgateError {
  return new FlowgateError('FG_ADMIN_INVALID_QUERY', detail);
}

/** The declared parameters as OpenAPI parameter objects. */
export function queryParameters(spec: Readonly<Record<string, QueryParam>>): Record<string, unknown>[] {
  return Object.entries(spec).map(([name, param]) => ({ name, in: 'query', required: false, description: param.description, schema: paramSchema(param) }));
}

function paramSchema(param: QueryParam): Record<string, unknown> {
  switch (param.type) {
    case 'string':
      return { type: 'string', maxLength: param.maxLength };
    case 'integer':
      return { type: 'integer', minimum: param.minimum, maximum: param.maximum, ...(param.default !== undefined && { default: param.default }) };
    case 'boolean':
      return { type: 'boolean' };
    case 'enum':
      return { type: 'string', enum: [...param.values] };
  }
}

/**
 * For stores whose lists take only a limit (newest first), not an offset: the limit that covers
 * the page `first`..`first + max`, which the caller then slices. A page beyond the store's `cap`
 * is refused (400) rather than answered short, which would look like the end of the list.
 */
export function windowLimit(first: number, max: number, cap: number): number {
  if (first + max > cap) throw invalid(`first + max must be at most ${cap}: only the ${cap} newest can be paged through; narrow the list with its filters (to=, status=)`);
  return first + max;
}
