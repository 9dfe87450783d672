import type { ErrorCode } from '../../errors';
import type { BruteForceProtector } from '../../spi/brute-force';
import type { BruteForceSettings } from '../brute-force/brute-force-settings';
import type { Clock, EventService, MailSender, TokenService, UserService, RateLimitService, SecretService, UserSessionService } from '../../spi/services';
import type { ChallengeView } from '../../spi/view';
import type { KcActionStatus } from '../auth-session';
import type { BindingSlot, RealmDefinition } from '../model';
import type { PasskeyService, RelyingParty } from '../../spi/passkeys';
import type { PluginRegistry } from '../plugin-registry';
import type { AuthSessionStore, RealmSource } from '../ports';
import type { RequestInfo } from '../../spi/results';

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
  /** Passkeys of `realm`. */
  passkeys(realm: string): PasskeyService;
  /** The passkey relying party of `realm` (its `settings.passkeys`, else the server's `publicUrl`). */
  relyingParty(realm: RealmDefinition): RelyingParty;
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

/** The person's answer to the current challenge. */
export interface SubmitInput extends RequestInfo {
  /** The execution the page was showing. */
  readonly execution: string;
  /** The step the page was rendered at. */
  readonly step: number;
  /** The submitted form fields. */
  readonly form: Readonly<Record<string, unknown>>;
  /**
   * One of the challenge's `choices` (an execution id), when the page asks first: that alternative
   * runs first. Ignored on a page that asks nothing; absent: the alternatives run in flow order.
   */
  readonly choice?: string;
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

export type { ChallengeResult, FailureResult, RequestInfo, StartInput, StepOption, StepResult, SuccessResult } from '../../spi/results';
