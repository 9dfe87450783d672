import type { ChallengeView } from '../spi/view';
import type { BindingSlot, KcActionStatus, OfferedStep } from '../spi/results';

/**
 * Per-execution status kept in the authentication session (Keycloak's `ExecutionStatus`, minus
 * the states Flowgate has no use for). Sub-flow statuses are never stored: the planner derives
 * them from their children on every pass, so they cannot go stale.
 */
export type ExecutionStatus =
  /** Satisfied. */
  | 'SUCCESS'
  /** Processed but not satisfied; never re-run in this session. */
  | 'ATTEMPTED'
  /** A REQUIRED execution failed; the flow has failed. */
  | 'FAILED'
  /** Waiting for the person's answer to its challenge. */
  | 'CHALLENGED';

export type { KcActionStatus } from '../spi/results';

/**
 * Where the required actions of a sign-in stand, once its flow has succeeded (Keycloak runs them
 * between authentication and the user session). Present only in that phase.
 */
export interface RequiredActionPhase {
  /** Actions that answered `ignore`: left pending on the user, not asked again in this sign-in. */
  ignored: string[];
  /** Actions done in this sign-in; none runs twice, even if something made it pending again. */
  completed: string[];
  /** Set while the requested action runs as such (it was not pending on the user). */
  runningRequested?: boolean;
  /** How the requested action ended, once it has. */
  requestedStatus?: KcActionStatus;
}

/** How a finished authentication session ended. */
export type AuthSessionResult =
  | { readonly type: 'success'; readonly userId: string; readonly kcActionStatus?: KcActionStatus }
  | { readonly type: 'failure'; readonly error: string; readonly message?: string };

/**
 * Everything needed to continue a sign-in in any process: stored in the database, one row per
 * browser tab. Plain JSON-serialisable data.
 */
export interface AuthSessionState {
  /** Random id of this tab's authentication session. */
  id: string;
  /** Random id shared by every tab of one browser (the auth-session cookie's value). */
  rootId: string;
  /** Tab id, random, carried in step URLs so two tabs sign in independently. */
  tabId: string;
  realm: string;
  /** The binding slot the flow was chosen for. */
  slot: BindingSlot;
  /** Alias of the top-level flow being run. */
  flowAlias: string;
  clientId?: string;
  /** Validated return target. */
  redirectUri?: string;
  /** Locale the person's pages are shown in. */
  locale?: string;
  loginHint?: string;
  /** The user identified so far. */
  userId?: string;
  /** What the person typed as their identifier, even if no such user exists. */
  attemptedIdentifier?: string;
  /** Status of each leaf execution (authenticators) by execution id. */
  statuses: Record<string, ExecutionStatus>;
  /**
   * The alternative the person chose ("try another way") at a level, by level key: the sub-flow
   * execution's id, or the top flow's alias for the top level.
   * The planner runs it before the level's other alternatives.
   */
  selected: Record<string, string>;
  /** Notes each execution keeps, by execution id. */
  notes: Record<string, Record<string, unknown>>;
  /** The execution whose challenge is showing, if any. */
  currentExecution?: string;
  /**
   * The challenge showing, so a refresh re-renders it without running the plugin again, with the
   * offer a sibling made on it (conditional UI), if any.
   */
  currentView?: ChallengeView & { readonly offer?: OfferedStep };
  /** Whether the "try another way" chooser is showing instead of `currentView`. */
  showingSelector?: boolean;
  /** Counts steps; a POST must name the current step, so a stale or replayed one is detected. */
  step: number;
  /** Set once the flow has finished. */
  result?: AuthSessionResult;
  /** Message key to show on the next step (e.g. after a reset). */
  flashMessage?: string;
  /**
   * The action the client asked to run after the flow (`kc_action`), even if not pending on the
   * user. Kept across restarts, like the client and redirect URI.
   */
  requestedAction?: string;
  /** Whether the browser's existing session is ignored for this sign-in (`StartInput.reauthenticate`). */
  reauthenticate?: boolean;
  /** The OpenID Connect interaction this sign-in answers (`StartInput.interaction`). */
  interaction?: string;
  /** `amr` values of the authenticators that succeeded so far, in order, no duplicates. */
  amr?: string[];
  /** The required-action phase, once the flow has succeeded. */
  requiredActions?: RequiredActionPhase;
  createdAt: number;
  /**
   * The User-Agent of the browser that started it (as the HTTP layer cut it): the page of a link
   * opened elsewhere says which browser is asking, so a person can tell a sign-in that is not theirs.
   */
  userAgent?: string;
  /** The coarse place it started from, when a local database says (`StartInput.place`). */
  place?: { country?: string; city?: string };
  /** After this the sign-in must restart (realm login timeout). */
  expiresAt: number;
}
