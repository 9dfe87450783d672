import type { ChallengeView } from './view';

/**
 * What an authenticator's handler reports. Plugins say what happened; the engine alone turns an
 * outcome into a redirect, a page or JSON (Keycloak's `FlowStatus`, authentik's `stage_ok()`).
 * A wrong code or an expired link is an outcome, not an exception: exceptions are for bugs.
 */
export type Outcome =
  | SuccessOutcome
  | ChallengeOutcome
  | FailureOutcome
  | FailureChallengeOutcome
  | AttemptedOutcome
  | ResetOutcome;

/** The execution is satisfied; the flow moves on. */
export interface SuccessOutcome {
  readonly type: 'success';
}

/** The execution needs input: show `view` and wait for the person's answer (`action`). */
export interface ChallengeOutcome {
  readonly type: 'challenge';
  readonly view: ChallengeView;
}

/**
 * The execution failed. On a REQUIRED execution the whole flow fails with `error`; on an
 * ALTERNATIVE one the engine records it as attempted and tries the next alternative (Keycloak).
 */
export interface FailureOutcome {
  readonly type: 'failure';
  /** Reason recorded on the LOGIN_ERROR event, snake_case and stable, e.g. `invalid_user`. */
  readonly error: string;
  /** Message key shown to the person; a generic one when absent. Never reveal more than needed. */
  readonly message?: string;
}

/**
 * The execution failed but lets the person try again: `view` is shown (usually the same form with
 * a field error), a LOGIN_ERROR event with `error` is recorded and brute-force counters see it.
 */
export interface FailureChallengeOutcome {
  readonly type: 'failure-challenge';
  /** Reason recorded on the LOGIN_ERROR event, e.g. `invalid_code`. */
  readonly error: string;
  readonly view: ChallengeView;
}

/**
 * Processed but not satisfied: "not applicable here" (no SSO cookie, say). Never re-run in the same
 * authentication session; on an ALTERNATIVE the next one runs; on a REQUIRED one the level fails.
 */
export interface AttemptedOutcome {
  readonly type: 'attempted';
}

/** Start the whole flow again from the top, forgetting the user and every execution's status. */
export interface ResetOutcome {
  readonly type: 'reset';
  /** Optional message key shown on the first step after the restart. */
  readonly message?: string;
}

/** The execution is satisfied. */
export const success = (): SuccessOutcome => ({ type: 'success' });
/** Show `view` and wait for the person's answer. */
export const challenge = (view: ChallengeView): ChallengeOutcome => ({ type: 'challenge', view });
/** Fail with reason `error` (and optionally the message key shown to the person). */
export const failure = (error: string, message?: string): FailureOutcome =>
  message === undefined ? { type: 'failure', error } : { type: 'failure', error, message };
/** Fail with reason `error`, count it, and show `view` so the person can try again. */
export const failureChallenge = (error: string, view: ChallengeView): FailureChallengeOutcome => ({
  type: 'failure-challenge',
  error,
  view,
});
/** Processed but not satisfied; never re-run in this authentication session. */
export const attempted = (): AttemptedOutcome => ({ type: 'attempted' });
/** Restart the flow from the top. */
export const reset = (message?: string): ResetOutcome =>
  message === undefined ? { type: 'reset' } : { type: 'reset', message };

/** The outcome types an engine accepts; anything else a plugin returns is a bug in the plugin. */
export const OUTCOME_TYPES: ReadonlySet<string> = new Set([
  'success',
  'challenge',
  'failure',
  'failure-challenge',
  'attempted',
  'reset',
]);
