import type { KnownDevice } from './requester';
import type { ChallengeView, StepOffer } from './view';

/**
 * What the engine answers the callers of a sign-in (the login pages, the test harness): the
 * sign-in's next step, or how it ended. Plain data, so every step can be shown as a page or sent
 * as JSON, and part of the kit because the harness returns them to plugin tests.
 */

/** The slots a realm binds flows to. */
export type BindingSlot = 'browser' | 'registration' | 'direct-grant' | 'reset-credentials';

/**
 * How an application-initiated action (`kc_action`) ended: done, declined by the person, or not
 * done (unknown, disabled, or the action had nothing to do). Clients must not take it as proof:
 * the person controls the URL that asked for it.
 */
export type KcActionStatus = 'success' | 'cancelled' | 'error';

/** Facts about the HTTP request a call comes from, passed on to the services plugins use. */
export interface RequestInfo {
  /** The requester's address, recorded on events. */
  readonly ip?: string;
  /** The value of the browser's user-session cookie, if it sent one (for SSO). */
  readonly browserSessionToken?: string;
  /** The requesting browser's id (`fg_browser`). Plugins see only a keyed hash of it (`requester.browser`). */
  readonly browserId?: string;
  /** The known device the request comes from: its device cookie verified and its record found. */
  readonly knownDevice?: KnownDevice;
}

/** Starts a sign-in. */
export interface StartInput extends RequestInfo {
  readonly realm: string;
  /** Which binding to run. Default `browser`. */
  readonly slot?: BindingSlot;
  /** The client starting the login; must exist in the realm when given. */
  readonly clientId?: string;
  /** Where to return; must be exactly one of the client's redirect URIs. Needs `clientId`. */
  readonly redirectUri?: string;
  /** An identifier the client suggests (ignored when longer than an email address can be). */
  readonly loginHint?: string;
  /** Wanted locale; the realm's default when it does not offer this one. */
  readonly locale?: string;
  /** The browser's existing root session id (auth-session cookie), so its tabs are grouped. */
  readonly rootId?: string;
  /**
   * An application-initiated action (`kc_action`): the required action to run once the flow has
   * succeeded, even if it is not pending on the user. The result says how it went in
   * `kcActionStatus`; an unknown or disabled one does not stop the sign-in (status `error`).
   */
  readonly requestedAction?: string;
  /**
   * The browser's existing session must not count: a single-sign-on step (`cookie`) finds none,
   * so the person proves who they are again (OpenID Connect's `prompt=login`, an exceeded `max_age`).
   */
  readonly reauthenticate?: boolean;
  /** The OpenID Connect interaction this sign-in answers (its uid); kept with the sign-in for the HTTP layer. */
  readonly interaction?: string;
  /** The browser's User-Agent, shown on the page of a link of this sign-in opened in another browser. */
  readonly userAgent?: string;
  /** The coarse place the sign-in started from (`geoIpDatabase`), shown on that page too. */
  readonly place?: { readonly country?: string; readonly city?: string };
}

/** A "try another way" option as clients see it. */
export interface StepOption {
  /** The value to pass as `choice`. */
  readonly id: string;
  /** Message key of its name in the theme's bundles. */
  readonly displayKey: string;
  /** Its name in plain words (the plugin's display name, or the sub-flow's description or alias), for when the bundle lacks the key. */
  readonly displayName: string;
}

/** The flow waits for the person: show `view`, then submit to `execution` with `step`. */
export interface ChallengeResult {
  readonly type: 'challenge';
  readonly authSessionId: string;
  readonly tabId: string;
  /** The execution whose challenge this is (also while the chooser is showing). */
  readonly execution: string;
  /** The step a submission must name. */
  readonly step: number;
  readonly view: ChallengeView;
  /** What "try another way" offers here; empty when there is no other way. */
  readonly alternatives: readonly StepOption[];
  /**
   * The number to pick on the page of a link this step mailed, when that link is opened in another
   * browser (`CrossBrowserLink` `approve-waiting`): shown on the waiting page. Since plugin API 1.3.
   */
  readonly approvalNumber?: number;
  /** What a sibling step offers on this page, answered by a submission naming it (conditional UI). Since plugin API 1.5. */
  readonly offer?: OfferedStep;
  /**
   * The ways to go on that this page asks for up front, when the flow's next sub-flow has
   * `askFirst`: the answer may carry one as `choice` (the first is the default), and that
   * alternative of the sub-flow then runs first, as "try another way" would have chosen it.
   * Absent when the page asks nothing. Since plugin API 1.6.
   */
  readonly choices?: readonly StepOption[];
}

/** A sibling step's offer shown with a challenge (`AuthenticatorDefinition.offer`). Since plugin API 1.5. */
export interface OfferedStep {
  /** The offering execution: the answer to the offer is a submission naming it. */
  readonly execution: string;
  /** What it offers. */
  readonly offer: StepOffer;
}

/**
 * The flow and the user's required actions succeeded: the HTTP layer records LOGIN and creates the
 * user session.
 */
export interface SuccessResult {
  readonly type: 'success';
  readonly authSessionId: string;
  readonly userId: string;
  readonly redirectUri?: string;
  /** The `requestedAction` the sign-in was started with, when it had one (`kc_action`). */
  readonly requestedAction?: string;
  /** How the requested action went (`kc_action_status`); present exactly when `requestedAction` is. */
  readonly kcActionStatus?: KcActionStatus;
  /** The `amr` values of the steps that succeeded in this sign-in, in the order they ran (no duplicates); absent when none declared one. */
  readonly amr?: readonly string[];
  /** The OpenID Connect interaction this sign-in answers, when an app's authorization request started it. */
  readonly interaction?: string;
}

/** The flow failed. `error` is the snake_case reason recorded on the LOGIN_ERROR event. */
export interface FailureResult {
  readonly type: 'failure';
  readonly authSessionId: string;
  readonly error: string;
  /** Message key for the person, when the plugin gave one. */
  readonly message?: string;
  /** An `FG_*` error code, set when the failure is a fault (a plugin threw, returned nonsense, or looped), not a refusal. */
  readonly code?: string;
}

/** What every executor call returns. */
export type StepResult = ChallengeResult | SuccessResult | FailureResult;

/** The link was approved in another browser than the one signing in: its waiting tab continues when next shown. */
export interface ApprovedElsewhereResult {
  readonly type: 'approved-elsewhere';
  readonly authSessionId: string;
}

/** The plugin refused the link (`onLink` answered `deny`); `message` is a message key. */
export interface LinkDeniedResult {
  readonly type: 'denied';
  readonly authSessionId: string;
  readonly message: string;
}

/** What confirming a link returns: the sign-in's next step (same browser), or one of the above. */
export type ConfirmLinkResult = StepResult | ApprovedElsewhereResult | LinkDeniedResult;

/** A flow or realm file's text, named as in the flows directory. */
export interface TextDocument {
  /** The file name, relative to the flows directory (`browser.json`, `main.realm.json`); decides its kind. */
  readonly file: string;
  readonly text: string;
  /** Whether the file's flow is built-in (read-only in the admin UI). Default false. */
  readonly builtIn?: boolean;
}
