import type { ErrorCode } from '../../errors';
import type { BruteForceProtector } from '../../spi/brute-force';
import type { BruteForceSettings } from '../brute-force/brute-force-settings';
import type { Clock, EventService, MailSender, TokenService, UserService, RateLimitService, SecretService, UserSessionService } from '../../spi/services';
import type { ChallengeView } from '../../spi/view';
import type { KcActionStatus } from '../auth-session';
import type { BindingSlot } from '../model';
import type { PluginRegistry } from '../plugin-registry';
import type { AuthSessionStore, RealmSource } from '../ports';

/**
 * The services plugins reach through their context, made per realm or per request. The composition
 * root builds them on the store; the test harness on memory.
 */
export interface EngineServices {
  /** Users of `realm`. */
  users(realm: string): UserService;
  /** Single-use tokens of `realm`. */
  tokens(realm: string): TokenService;
  /** Records events for this realm, client and requester. */
  events(ctx: { realm: string; clientId?: string; ip?: string }): EventService;
  /** The browser's SSO session, found from the session cookie's value. */
  userSessions(ctx: { realm: string; browserSessionToken?: string }): UserSessionService;
  /** Rate limits of `realm` (keys are counted per realm). */
  rateLimits(realm: string): RateLimitService;
  /** Email for plugins of `realm`, rendered in `locale` (the sign-in's). */
  mail(ctx: { realm: string; locale: string }): MailSender;
  /** The absolute URL of the link endpoint of `realm` carrying `secret` (see `linkUrl`). */
  linkUrl(realm: string, secret: string): string;
  /** Per-user brute-force protection of `realm`, with the realm's settings. */
  bruteForce(realm: string, settings: BruteForceSettings): BruteForceProtector;
  /** Keyed hashes under a key derived from the server secret. */
  secrets(): SecretService;
}

/**
 * Called when a plugin throws, so the composition root can log it; the person only sees a coded
 * failure. Also told (with an `FG_UNKNOWN_REQUIRED_ACTION` error, phase `lookup`) about required
 * actions pending on a user that no plugin provides: they are skipped, and this is the warning.
 */
export type PluginErrorListener = (error: unknown, where: { realm: string; execution: string; plugin: string; phase: string }) => void;

/** What the executor is built from. */
export interface FlowExecutorDeps {
  readonly registry: PluginRegistry;
  readonly realms: RealmSource;
  readonly sessions: AuthSessionStore;
  readonly clock: Clock;
  readonly services: EngineServices;
  /**
   * Most plugin calls (authenticate, action, configuredFor, matches) one request may make before the flow fails
   * with `flow_loop`: a guard against plugins that reset forever. Default 100; real flows need a few.
   */
  readonly maxPluginCallsPerRequest?: number;
  /**
   * Milliseconds one plugin handler (authenticate, action, matches, onLink, ...) may take before
   * the step fails with `FG_PLUGIN_TIMEOUT`. Default `DEFAULT_PLUGIN_TIMEOUT_MS` (10 s).
   */
  readonly pluginTimeoutMs?: number;
  /** Told about every exception a plugin throws. */
  readonly onPluginError?: PluginErrorListener;
}

/** Facts about the HTTP request a call comes from, passed on to the services plugins use. */
export interface RequestInfo {
  /** The requester's address, recorded on events. */
  readonly ip?: string;
  /** The value of the browser's user-session cookie, if it sent one (for SSO). */
  readonly browserSessionToken?: string;
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
}

/** The person's answer to the current challenge. */
export interface SubmitInput extends RequestInfo {
  /** The execution the page was showing. */
  readonly execution: string;
  /** The step the page was rendered at. */
  readonly step: number;
  /** The submitted form fields. */
  readonly form: Readonly<Record<string, unknown>>;
}

/** Asks for the "try another way" chooser. */
export interface TryAnotherWayInput extends RequestInfo {
  readonly execution: string;
  readonly step: number;
}

/** The person's pick in the chooser (or straight from a challenge's `alternatives`). */
export interface SelectInput extends RequestInfo {
  readonly step: number;
  /** The id of the chosen option. */
  readonly choice: string;
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
}

/** The flow failed. `error` is the snake_case reason recorded on the LOGIN_ERROR event. */
export interface FailureResult {
  readonly type: 'failure';
  readonly authSessionId: string;
  readonly error: string;
  /** Message key for the person, when the plugin gave one. */
  readonly message?: string;
  /** Set when the failure is a fault (a plugin threw, returned nonsense, or looped), not a refusal. */
  readonly code?: ErrorCode;
}

/** What every executor call returns. */
export type StepResult = ChallengeResult | SuccessResult | FailureResult;
