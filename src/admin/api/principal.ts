import type { Response } from 'express';
import { FlowgateError } from '../../errors';

/** Who is calling the admin API. */
export interface AdminPrincipal {
  /** The admin's user id in realm `admin`. */
  readonly userId: string;
  readonly email: string;
  /** How the call is authenticated: the console's session cookie, or an API token. */
  readonly via: 'session' | 'token';
  /** The API token's id, for calls made with one. */
  readonly tokenId?: string;
  /** The user-session id, for calls made from the console. */
  readonly sessionId?: string;
}

// Kept beside the response rather than on `res.locals`, so nothing else can overwrite it.
const principals = new WeakMap<Response, AdminPrincipal>();

/** Records the caller; only the admin API's authentication middleware calls this. */
export function setPrincipal(res: Response, principal: AdminPrincipal): void {
  principals.set(res, Object.freeze({ ...principal }));
}

/** The caller (set by the auth middleware before any group runs). */
export function principalOf(res: Response): AdminPrincipal {
  const principal = principals.get(res);
  // A route mounted outside the authenticated router is a bug, never a reason to go on.
  if (!principal) throw new FlowgateError('FG_INTERNAL_ERROR', 'admin route ran without an authenticated principal');
  return principal;
}
