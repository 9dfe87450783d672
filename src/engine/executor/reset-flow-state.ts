import type { AuthSessionState } from '../auth-session';

/** Forgets everything a flow did (statuses, notes, choices, user, current step), as a restart does. */
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
  if (flashMessage === undefined) delete state.flashMessage;
  else state.flashMessage = flashMessage;
}
