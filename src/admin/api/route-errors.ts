import { ERROR_CODES, type ErrorCode } from '../../errors';
import type { DeclaredRoute } from './route-table';

/**
 * The codes the loader refuses a realm or flow document with (400). Every admin save of realm
 * configuration or flows is loaded as boot loads `flows/`, so it may answer any of them.
 */
export const LOADER_CODES = [
  'FG_REALM_SCHEMA',
  'FG_FLOW_SCHEMA',
  'FG_EXECUTION_KIND',
  'FG_UNKNOWN_AUTHENTICATOR',
  'FG_UNKNOWN_CONDITION',
  'FG_UNKNOWN_REQUIRED_ACTION',
  'FG_UNKNOWN_FLOW',
  'FG_PLUGIN_CONFIG_INVALID',
  'FG_REQUIREMENT_NOT_ALLOWED',
  'FG_CONDITIONAL_NOT_SUBFLOW',
  'FG_CONDITION_OUTSIDE_CONDITIONAL',
  'FG_CONDITIONAL_WITHOUT_CONDITION',
  'FG_MIXED_REQUIREMENTS',
  'FG_DUPLICATE_ALIAS',
  'FG_DUPLICATE_EXECUTION_ID',
  'FG_DUPLICATE_CLIENT',
  'FG_REDIRECT_URI_REFUSED',
  'FG_WEB_ORIGIN_INVALID',
  'FG_BACKCHANNEL_LOGOUT_URI_INVALID',
  'FG_CLIENT_GRANT_NOT_ALLOWED',
  'FG_CLIENT_SECRET_ENV_NOT_ALLOWED',
  'FG_FLOW_CYCLE',
  'FG_FLOW_EMPTY',
  'FG_FLOW_TOO_LARGE',
  'FG_PROFILE_ATTRIBUTE_RESERVED',
  'FG_DUPLICATE_PROFILE_ATTRIBUTE',
  'FG_PROFILE_ATTRIBUTE_INVALID',
] as const satisfies readonly ErrorCode[];

/**
 * Every code a route may answer, by HTTP status: what it declares, and what follows from the
 * rest of its declaration and from the middlewares in front of every route (authentication, CSRF
 * on writes, the JSON body parser, If-Match, the query parser, fixed path parameters).
 */
export function routeErrorCodes(declared: DeclaredRoute): Map<number, ErrorCode[]> {
  // Any request may meet a database that cannot take writes (even a read records a session's use).
  const codes = new Set<ErrorCode>(['FG_ADMIN_UNAUTHENTICATED', 'FG_ADMIN_FORBIDDEN', 'FG_STORAGE_FULL', 'FG_STORAGE_READ_ONLY']);
  if (declared.method !== 'get') codes.add('FG_ADMIN_CSRF_INVALID');
  if (declared.request) for (const code of BODY_CODES) codes.add(code);
  if (declared.query) codes.add('FG_ADMIN_INVALID_QUERY');
  if (declared.ifMatch) for (const code of VERSION_CODES) codes.add(code);
  if (Object.values(declared.params ?? {}).some((p) => typeof p !== 'string')) codes.add('FG_ADMIN_NOT_FOUND');
  for (const code of declared.errors ?? []) codes.add(code);
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of [...codes].sort()) {
    const { status } = ERROR_CODES[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return new Map([...byStatus].sort(([a], [b]) => a - b));
}

const BODY_CODES = ['FG_ADMIN_INVALID_BODY', 'FG_INVALID_REQUEST', 'FG_BODY_TOO_LARGE', 'FG_UNSUPPORTED_MEDIA_TYPE'] as const satisfies readonly ErrorCode[];
const VERSION_CODES = ['FG_ADMIN_VERSION_REQUIRED', 'FG_ADMIN_VERSION_CONFLICT'] as const satisfies readonly ErrorCode[];
