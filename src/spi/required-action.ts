import type { PluginApiVersion } from './api-version';
import type { LinkContext, LinkDescription, LinkInfo, LinkOutcome, PluginContext } from './context';
import type { ChallengeOutcome, FailureOutcome, SuccessOutcome } from './outcome';
import type { ConfigSchema } from './schema';
import type { ChallengeView } from './view';

/** Nothing to do now: the runner goes on to the next action and leaves this one pending on the user. */
export interface IgnoreOutcome {
  readonly type: 'ignore';
}

/** The person declined: for an action only the application asked for (`kc_action`), it reports `cancelled`. */
export interface CancelOutcome {
  readonly type: 'cancel';
}

/**
 * What a required action reports (Keycloak's `RequiredActionContext` statuses): `success` (done:
 * removed from the user, the next action runs), `challenge` (show the view, wait for `process`),
 * `failure` (the sign-in ends with `error`, recorded on the event), `ignore` or `cancel`.
 */
export type RequiredActionOutcome = SuccessOutcome | ChallengeOutcome | FailureOutcome | IgnoreOutcome | CancelOutcome;

/** What a required action's handlers receive. */
export interface RequiredActionContext<C> extends PluginContext<C> {
  /** The submitted form, only in `process`. */
  readonly form: Readonly<Record<string, string>>;
}

/** What `evaluateTriggers` receives: it may add the action to the user. */
export interface RequiredActionTriggerContext<C> extends PluginContext<C> {
  /** Adds this action to the user's pending actions. */
  require(): Promise<void>;
  /**
   * What the sign-in that just succeeded proved: the `amr` values of its steps, in order (`email`
   * for a mail proof, none for single sign-on), so an action can be offered after some kinds of
   * sign-in only. Since plugin API 1.4.
   */
  readonly amr: readonly string[];
}

/**
 * A required action: something the realm needs from a person after a flow proved who they are
 * and before they get a session (update profile, verify email, accept terms). The runner that
 * executes these comes with the required-actions feature; this is the contract.
 */
export interface RequiredActionDefinition<C = Record<string, unknown>> {
  /** The plugin API version this plugin was written for, as a literal (`'1.0'`); required of external plugins (see `AuthenticatorDefinition.apiVersion`). */
  readonly apiVersion?: PluginApiVersion;
  /** Stable kebab-case id, e.g. `update-profile`; also the `kc_action` value. */
  readonly id: string;
  /**
   * Every reason `process` fails with (`{ type: 'failure', error }`): a closed list, as for
   * authenticators (`AuthenticatorDefinition.failureReasons`).
   */
  readonly failureReasons?: readonly string[];
  /** Human name shown in the admin UI. */
  readonly displayName: string;
  /** What it asks of people, for admins. */
  readonly helpText: string;
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
  /**
   * The event recorded when it succeeds, upper snake case (`UPDATE_PROFILE`); `<eventType>_ERROR`
   * when it fails or is declined. Default: the id in upper snake case (`verify-email` -> `VERIFY_EMAIL`).
   */
  readonly eventType?: string;
  /** JSON Schema of its per-realm config, defaults inside. */
  readonly configSchema: ConfigSchema;
  /** Called on every successful login before pending actions run; may add the action to the user. */
  evaluateTriggers?(ctx: RequiredActionTriggerContext<C>): Promise<void> | void;
  /** First call when the action runs. */
  challenge(ctx: RequiredActionContext<C>): Promise<RequiredActionOutcome> | RequiredActionOutcome;
  /** Called with the submitted form. */
  process(ctx: RequiredActionContext<C>): Promise<RequiredActionOutcome> | RequiredActionOutcome;
  /**
   * A link this plugin issued (`ctx.links.issue`) was confirmed: `approve` marks the waiting
   * execution done (the sign-in goes on), `deny` refuses the link with a message. Called once per
   * link, after the engine consumed it; absent for plugins that issue no links.
   */
  onLink?(ctx: LinkContext<C>): Promise<LinkOutcome> | LinkOutcome;
  /** What the confirmation page shows before the person confirms a link. Default: a generic text. */
  describeLink?(link: LinkInfo): LinkDescription;
}

/** Declares a required action: gives the object its type, so it is checked where it is written. Returns a copy tagged `kind: 'required-action'`. */
export function defineRequiredAction<C = Record<string, unknown>>(definition: RequiredActionDefinition<C>): RequiredActionDefinition<C> & { readonly kind: 'required-action' } {
  return { ...definition, kind: 'required-action' };
}

/**
 * Nothing to do now: the runner goes on to the next action and leaves this one pending on the user
 * (asked again at the next sign-in). For required actions; `success()`, `challenge(view)` and
 * `failure(error)` serve them as they serve authenticators.
 */
export const ignore = (): IgnoreOutcome => ({ type: 'ignore' });

/**
 * The person declined: the sign-in ends (`action_cancelled`), except for an action only the
 * application asked for (`kc_action`), which then reports `cancelled` and lets the sign-in finish.
 */
export const cancel = (): CancelOutcome => ({ type: 'cancel' });
