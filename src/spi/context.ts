import type { BruteForceProtector } from './brute-force';
import type { UserProfile } from './profile';
import type { PasskeyService, RelyingParty } from './passkeys';
import type { Requester } from './requester';
import type { Clock, EventService, LinkService, MailSender, Notes, RateLimitService, SecretService, TokenService, UserService, UserSessionService, UserView } from './services';

/** A requirement of an execution in a flow (Keycloak's four). */
export type Requirement = 'REQUIRED' | 'ALTERNATIVE' | 'CONDITIONAL' | 'DISABLED';

/** Facts about the authentication session a plugin runs in. */
export interface AuthSessionInfo {
  /** The authentication session's id (one per browser tab). */
  readonly id: string;
  /** The realm's name (its id in URLs and files, e.g. `main`). */
  readonly realm: string;
  /**
   * The realm's display name, as people know it (e.g. `Flowgate`): what mails and pages should call
   * it. The engine always sets it; a context made by hand (a unit test's) may leave it out, so read
   * it as `realmDisplayName ?? realm`.
   */
  readonly realmDisplayName?: string;
  /** The client that started the login, if any. */
  readonly clientId?: string;
  /** The locale the person's pages are shown in, e.g. `en`. */
  readonly locale: string;
  /** The login hint the client passed, if any. */
  readonly loginHint?: string;
}

/** The execution being run. */
export interface ExecutionInfo {
  /** Stable id of the execution within its flow, e.g. `browser/forms/identify-email`. */
  readonly id: string;
  /** Its requirement at its level. */
  readonly requirement: Requirement;
  /** Alias of the flow (or sub-flow) it belongs to. */
  readonly flowAlias: string;
}

/** What every plugin handler receives. `C` is the plugin's validated, defaulted, frozen config. */
export interface PluginContext<C> {
  /** This execution's config, validated against the plugin's schema with defaults filled in. */
  readonly config: Readonly<C>;
  /** The authentication session. */
  readonly authSession: AuthSessionInfo;
  /** The execution being run. */
  readonly execution: ExecutionInfo;
  /** The user identified so far in this flow, if any. */
  readonly user: UserView | undefined;
  /** The identifier (email) the person typed or the client hinted, even when no such user exists. */
  readonly attemptedIdentifier: string | undefined;
  /** Notes private to this execution, kept across requests. */
  readonly notes: Notes;
  /** Users of the realm. */
  readonly users: UserService;
  /** Single-use tokens. */
  readonly tokens: TokenService;
  /** Event recording. */
  readonly events: EventService;
  /** The time. Use it instead of `Date.now()` so expiry is testable. */
  readonly clock: Clock;
  /** The browser's existing user session (SSO), if any. */
  readonly userSessions: UserSessionService;
  /**
   * Rate limits, counted per realm. Declare limits with `defineRateLimit` and pass canonical keys
   * (a normalised email), or a change of letter case gets around the limit.
   */
  readonly rateLimits: RateLimitService;
  /** Keyed hashes under a server-held key, for secrets kept in notes (one-time codes). */
  readonly secrets: SecretService;
  /** Email, rendered in the sign-in's locale and queued in the outbox. */
  readonly mail: MailSender;
  /** Single-use links back into this execution of this sign-in (answered by the definition's `onLink`). */
  readonly links: LinkService;
  /**
   * Per-user brute-force protection of the realm (its `settings.bruteForce`). Record every failed
   * proof of a known user; refuse a locked user exactly like a wrong answer.
   */
  readonly bruteForce: BruteForceProtector;
  /**
   * The realm's user profile: its attributes (types, validation, labels in every locale) and the
   * validator every profile write goes through. Write a person's profile only with values it
   * returned (`validate`), so no plugin stores what the realm's profile refuses.
   */
  readonly profile: UserProfile;
  /**
   * Who sent this request: keys of its browser and network, and the known device it comes from, if
   * any. Count sends a stranger could trigger by these rather than by the address alone, so that
   * nobody can spend another person's budget (see decision 22). Since plugin API 1.3.
   */
  readonly requester: Requester;
  /** The realm's passkeys (WebAuthn credentials): find, list, store, record a use. Since plugin API 1.4. */
  readonly passkeys: PasskeyService;
  /**
   * The WebAuthn relying party this realm is: its RP ID, its name and the origins its pages are
   * served from, for the options a plugin sends and the checks it makes. Since plugin API 1.4.
   */
  readonly relyingParty: RelyingParty;
}

/** What an authenticator's handlers receive: the plugin context plus the flow's identity state. */
export interface AuthenticatorContext<C> extends PluginContext<C> {
  /** Sets (or, with `undefined`, clears) the user this flow authenticates. */
  setUser(user: UserView | undefined): void;
  /** Records the identifier the person typed, so later steps (and "try another way") can reuse it. */
  setAttemptedIdentifier(identifier: string | undefined): void;
  /**
   * The submitted form, only in `action`. Values are strings, trimmed of nothing, already
   * limited in size by the engine. CSRF and staleness are checked before the plugin is called.
   */
  readonly form: Readonly<Record<string, string>>;
}

/** One sibling execution, as a condition sees it (for `condition-user-configured`). */
export interface SiblingExecution {
  /** The sibling's authenticator id. */
  readonly authenticator: string;
  /** Its requirement. */
  readonly requirement: Requirement;
  /** Whether the sibling's authenticator is configured for the current user. */
  configuredFor(user: UserView): Promise<boolean>;
}

/** What a condition receives. */
export interface ConditionContext<C> extends PluginContext<C> {
  /** The other authenticator executions of the same sub-flow (not conditions, not sub-flows). */
  readonly siblings: readonly SiblingExecution[];
}

/** A link a person followed, as `onLink` sees it. */
export interface LinkInfo {
  /** The `subject` it was issued with. */
  readonly subject: string;
  /** The `data` it was issued with. */
  readonly data: Readonly<Record<string, unknown>>;
}

/**
 * What `onLink` receives: the context of the execution that issued the link (its config, notes,
 * user and sign-in), plus the link and where it was opened.
 */
export interface LinkContext<C> extends PluginContext<C> {
  readonly link: LinkInfo;
  /**
   * Whether it was confirmed in the browser that is signing in. Then the sign-in continues in that
   * browser at once; otherwise the waiting tab continues the next time it is shown (or, with
   * `continueHere`, the sign-in moves to the confirming browser).
   */
  readonly sameBrowser: boolean;
  /**
   * Sets (or, with `undefined`, clears) the user this flow authenticates, as an authenticator's
   * `setUser` does: a link that proves an address may sign up the account it created. Applied only
   * when `onLink` approves; a deny leaves the flow's user as it was. A required action's link must
   * not call it (the flow is over, its user fixed): that is a plugin error.
   */
  setUser(user: UserView | undefined): void;
}

/** `onLink` lets the sign-in go on: the waiting execution is done. */
export interface LinkApproval {
  readonly type: 'approve';
  /**
   * Confirmed in another browser than the one signing in: move the sign-in to the confirming
   * browser, which gets the next step (or the finished sign-in) at once, instead of letting the
   * waiting tab go on; that tab then shows `FG_SIGN_IN_MOVED`. Ignored in the signing-in browser.
   * For authenticators only (a required action's sign-in stays where it is).
   */
  readonly continueHere?: boolean;
}

/**
 * What confirming a link in another browser than the one signing in does (an authenticator's
 * `crossBrowserLink`). `approve-waiting`: the waiting tab goes on; the link's page then offers three
 * numbers and the engine lets `onLink` run only when the person picks the one the waiting tab shows
 * (a wrong pick ends that sign-in), so one click on a mail never hands a session to a browser the
 * person does not hold. `continue-here`: `onLink` moves the sign-in to the confirming browser
 * (`continueHere`). `refuse`: `onLink` denies it. An approval of the waiting tab from another browser
 * without a matched number is a plugin fault, whatever the plugin declared.
 */
export type CrossBrowserLink = 'approve-waiting' | 'continue-here' | 'refuse';

/** What `onLink` decides: the waiting execution is done (`approve`), or the link is refused with a message key. */
export type LinkOutcome = LinkApproval | { readonly type: 'deny'; readonly message: string };

/** What the confirmation page of a link says: a message key and its placeholders. */
export interface LinkDescription {
  readonly message: string;
  readonly params?: Readonly<Record<string, string | number>>;
}
