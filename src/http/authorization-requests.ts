import type { Request, Response } from 'express';

/**
 * An application's authorization request (OpenID Connect) waiting for this browser to sign in,
 * as the login pages see it. The protocol (`src/oidc`) implements `AuthorizationRequests`; the
 * login pages only run the flow and hand the result back, so they never depend on the protocol.
 */
export interface PendingAuthorization {
  /** The request's id (the provider's interaction uid). */
  readonly uid: string;
  readonly clientId: string;
  /** Already checked by the provider against the client's registered URIs. */
  readonly redirectUri: string;
  /** `registration` for `prompt=create` (and Keycloak's `registrations` path), else `browser`. */
  readonly slot: 'browser' | 'registration';
  readonly loginHint?: string;
  /** `ui_locales`: the app's preferred page languages, in order. */
  readonly uiLocales: readonly string[];
  /** `kc_action`: a required action the app asks to run. */
  readonly requestedAction?: string;
  /** The person must prove who they are again (`prompt=login`, an exceeded `max_age`): single sign-on may not answer. */
  readonly reauthenticate: boolean;
  /** Present when the person is signed in and the app (`consentRequired`) needs their consent to these scopes. */
  readonly consent?: { readonly scopes: readonly string[] };
}

/** Who signed in, for the app: what the ID token will say. */
export interface CompletedSignIn {
  readonly userId: string;
  /** The Flowgate session the browser now holds. */
  readonly sessionId: string;
  /** When the person last proved who they are (ms since the epoch): the ID token's `auth_time`. */
  readonly authTime: number;
  readonly amr: readonly string[];
  /** Whether the person proved who they are in this sign-in (a new session), not by single sign-on alone. */
  readonly fresh: boolean;
  /** `kc_action_status`, when the app asked for an action. */
  readonly kcActionStatus?: string;
}

/** The protocol side of a sign-in that an application started. */
export interface AuthorizationRequests {
  /**
   * The request `uid` of `realm` pending in THIS browser (the provider's interaction cookie must
   * name it: a link to someone else's request is refused), or `undefined` when it is unknown,
   * expired or another browser's.
   */
  pending(req: Request, res: Response, realm: string, uid: string): Promise<PendingAuthorization | undefined>;
  /**
   * Answers request `uid` with the person who signed in. Returns where the browser goes next (the
   * provider's resume URL, which redirects to the app with its code), or `undefined` when the
   * request expired meanwhile.
   */
  complete(realm: string, uid: string, signIn: CompletedSignIn): Promise<string | undefined>;
  /**
   * Answers the consent request `uid` pending in this browser: `allow` grants the scopes it asked
   * for, otherwise the app gets `access_denied`. Returns where the browser goes next, or `undefined`
   * when there is no such consent request in this browser.
   */
  decideConsent(req: Request, res: Response, realm: string, uid: string, allow: boolean): Promise<string | undefined>;
}
