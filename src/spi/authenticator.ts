import type { PluginApiVersion } from './api-version';
import type { AuthenticatorContext, CrossBrowserLink, LinkContext, LinkDescription, LinkInfo, LinkOutcome, Requirement } from './context';
import type { Outcome } from './outcome';
import type { ConfigSchema } from './schema';
import type { UserView } from './services';
import type { StepOffer } from './view';

/**
 * An authenticator: one step of a flow (identify by email, magic link, SSO cookie, ...).
 * Keycloak splits this into `Authenticator` and `AuthenticatorFactory`; here it is one object.
 */
export interface AuthenticatorDefinition<C = Record<string, unknown>> {
  /**
   * The plugin API version this plugin was written for, as a literal: `'1.0'`. Required of
   * plugins loaded through the server config's `plugins` (and given to `FlowHarness.fromFlows`):
   * one without it is refused with `FG_PLUGIN_API_VERSION`, as is one of another major version or
   * of a newer minor one. Write the number, not `PLUGIN_API_VERSION`: the kit a plugin imports at
   * run time is the server's (a peer dependency), so that constant always matches. Built-in
   * plugins, compiled with the engine, leave it out.
   */
  readonly apiVersion?: PluginApiVersion;
  /** Stable kebab-case id used in flow JSON, e.g. `magic-link`. Never renamed. */
  readonly id: string;
  /**
   * Every reason this plugin fails with (`failure(reason)`, `failureChallenge(reason, view)`):
   * a closed list, snake_case (`FAILURE_REASON_PATTERN`), like Keycloak's
   * `AuthenticationFlowError`, so events and the admin console can say what each failure means.
   * An outcome whose reason is not listed is a fault of the plugin (`FG_INVALID_OUTCOME`).
   * Required of plugins written for plugin API 1.1 and of the built-ins; a plugin written for
   * 1.0 may leave it out and fail with any reason.
   */
  readonly failureReasons?: readonly string[];
  /**
   * What a successful run of this step proves, as an OpenID Connect `amr` value (RFC 8176 where one
   * fits: `otp` for a one-time code, `hwk`/`swk` for keys; else a short lower-case word, such as
   * `email` for proof of an inbox). The ID token's `amr` lists the values of the steps that
   * actually succeeded in the sign-in. Leave it out for steps that prove nothing themselves
   * (single sign-on, identifying a user). Since plugin API 1.2.
   */
  readonly amr?: string;
  /** Human name shown in the admin UI. */
  readonly displayName: string;
  /** One or two sentences for admins: what it does and when to use it. */
  readonly helpText: string;
  /** Requirements an admin may give it. A flow using another one is refused at load. */
  readonly requirements: readonly Exclude<Requirement, 'CONDITIONAL'>[];
  /**
   * Whether a user must already be identified when it runs. When none is, the engine does not
   * call it: a REQUIRED execution fails with `unknown_user`, an ALTERNATIVE one counts as attempted.
   */
  readonly requiresUser: boolean;
  /**
   * Whether this step can run for `user` (e.g. has the credential it checks). Consulted only when
   * `requiresUser` is true and by `condition-user-configured`. Defaults to "always".
   */
  configuredFor?(user: UserView, config: Readonly<C>): boolean | Promise<boolean>;
  /**
   * The view ids it may challenge with. The theme must have a page for each: a missing one is a
   * boot error, not a broken page at sign-in time.
   */
  readonly views?: readonly string[];
  /**
   * Absolute path of the plugin's own templates (`<view>.hbs` pages, `email/<type>.html.hbs` and
   * `.text.hbs` mails), usually `path.join(__dirname, 'templates')`. A theme may override any file.
   */
  readonly templatesDir?: string;
  /** Absolute path of the plugin's message bundles (`<locale>.json`), usually `path.join(__dirname, 'messages')`. */
  readonly messagesDir?: string;
  /** JSON Schema of its config, defaults inside. Flows whose config fails it are refused at load. */
  readonly configSchema: ConfigSchema;
  /** First call when the flow reaches this execution. Returns what happened. */
  authenticate(ctx: AuthenticatorContext<C>): Promise<Outcome> | Outcome;
  /**
   * Called with the submitted form when the person answers this execution's challenge. Absent for
   * authenticators that never challenge; a submission to one is answered as a stale page.
   */
  action?(ctx: AuthenticatorContext<C>): Promise<Outcome> | Outcome;
  /**
   * What this step offers on the page of a sibling (see `StepOffer`): asked while the engine shows
   * the challenge of another step at the level where "try another way" would list this one, with a
   * context bound to this step (challenges it issues name it). `undefined` offers nothing. The
   * answer reaches `action` like a submission of this step's own page. The offer must be the same
   * for everyone at that point, so it tells nothing about who has an account. Since plugin API 1.5.
   */
  offer?(ctx: AuthenticatorContext<C>): Promise<StepOffer | undefined> | StepOffer | undefined;
  /**
   * A link this plugin issued (`ctx.links.issue`) was confirmed: `approve` marks the waiting
   * execution done (the sign-in goes on), `deny` refuses the link with a message. Called once per
   * link, after the engine consumed it; absent for plugins that issue no links.
   */
  onLink?(ctx: LinkContext<C>): Promise<LinkOutcome> | LinkOutcome;
  /** What the confirmation page shows before the person confirms a link. Default: a generic text. */
  describeLink?(link: LinkInfo): LinkDescription;
  /**
   * What `onLink` does with a link confirmed in another browser than the one signing in, under
   * `config`, so the engine can prepare the link's page before anything is confirmed. Default
   * `approve-waiting`: the waiting tab goes on, and only once the person picked, on the link's
   * page, the number that tab shows. Since plugin API 1.3.
   */
  crossBrowserLink?(config: C): CrossBrowserLink;
}

/** An `amr` value an authenticator may declare: a short lower-case word (RFC 8176's are), as it goes into ID tokens. */
export const AMR_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;

/**
 * Declares an authenticator: gives the object its type, so a definition is checked where it is
 * written (`defineAuthenticator<MyConfig>({ ... })`). Returns a copy tagged `kind: 'authenticator'`,
 * ready for a module's `plugins` list; its `apiVersion` is the one it declares.
 */
export function defineAuthenticator<C = Record<string, unknown>>(definition: AuthenticatorDefinition<C>): AuthenticatorDefinition<C> & { readonly kind: 'authenticator' } {
  return { ...definition, kind: 'authenticator' };
}
