import type { AuthSessionState } from '../auth-session';

/**
 * Forgets everything a flow did (statuses, notes, choices, user, current step, required-action
 * phase), as a restart does. What the client asked for (redirect, requested action) stays.
 */
export function resetFlowState(state: AuthSessionState, flashMessage?: string): void {
  state.statuses = {};
  state.notes = {};
  state.selected = {};
  delete state.userId;
  delete state.attemptedIdentifier;
  delete state.currentExecution;
  delete state.currentView;
  delete state.showingSelector;
  delete state.result;
  delete state.requiredActions;
  delete state.amr;
  if (flashMessage === undefined) delete state.flashMessage;
  else state.flashMessage = flashMessage;
}

/** Clears what a finished sign-in no longer shows: the current challenge, the chooser, a pending message. */
export function clearChallenge(state: AuthSessionState): void {
  delete state.currentExecution;
  delete state.currentView;
  delete state.showingSelector;
  delete state.flashMessage;
}

/** Shows `view` (with a sibling's offer, if any) as the challenge of `executionId`, with a pending message (a restart's reason) on top of it once. */
export function showChallenge(state: AuthSessionState, executionId: string, view: NonNullable<AuthSessionState['currentView']>): void {
  if (state.flashMessage !== undefined) {
    view = { ...view, messages: [{ kind: 'info', text: state.flashMessage }, ...(view.messages ?? [])] };
    delete state.flashMessage;
  }
  state.statuses[executionId] = 'CHALLENGED';
  state.currentExecution = executionId;
  state.currentView = view;
  delete state.showingSelector;
}
