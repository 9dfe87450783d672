import type { Response } from 'express';
import type { AuthSessionState, RealmDefinition } from '../engine';
import { FlowgateError } from '../errors';
import type { Logger } from '../logging/logger';
import type { KnownDevice } from '../spi/requester';

/**
 * What the middlewares of one request find out, for the ones after them: kept in one typed object
 * on `res.locals` rather than loose `any` properties.
 */
export interface RequestState {
  /** The request id: the client's well-formed `X-Request-Id`, or a fresh one. */
  readonly requestId: string;
  /** The CSP nonce of this response. */
  readonly nonce: string;
  /** The request's logger (carries the request id). */
  readonly log: Logger;
  /** Origins besides `'self'` that forms on this response may lead to (the client's redirect URI). */
  readonly formActionOrigins: string[];
  /** The realm named in the path, once `loadRealm` found it. */
  realm?: RealmDefinition;
  /** The locale of the page. */
  locale?: string;
  /** The browser's id (`fg_browser` cookie), when it has a valid one or was just given one. */
  browserId?: string;
  /** The tab's authentication session, once `loadTab` found it and checked it is this browser's. */
  tab?: AuthSessionState;
  /** The known device the browser is (`fg_device_<realm>` verified, its record live), once `knownDevice` ran. */
  knownDevice?: KnownDevice;
}

const KEY = 'flowgate';

/** Attaches the state of a new request. */
export function initRequestState(res: Response, state: RequestState): void {
  res.locals[KEY] = state;
}

/** Whether the first middleware already attached the request's state. */
export function hasRequestState(res: Response): boolean {
  return res.locals[KEY] !== undefined;
}

/** The request's state (set by the first middleware). */
export function stateOf(res: Response): RequestState {
  return res.locals[KEY] as RequestState;
}

/** The realm the request is for; only after `loadRealm`. */
export function realmOf(res: Response): RealmDefinition {
  const realm = stateOf(res).realm;
  if (!realm) throw new FlowgateError('FG_INTERNAL_ERROR', 'route uses the realm before loading it');
  return realm;
}

/** The page locale; the realm's default until `pageLocale` ran. */
export function localeOf(res: Response): string {
  const state = stateOf(res);
  return state.locale ?? state.realm?.settings.defaultLocale ?? 'en';
}

/** The tab's authentication session; only after `loadTab`. */
export function tabOf(res: Response): AuthSessionState {
  const tab = stateOf(res).tab;
  if (!tab) throw new FlowgateError('FG_INTERNAL_ERROR', 'route uses the tab before loading it');
  return tab;
}
