import type { ErrorCode } from '../../errors';
import type { AuthSessionState } from '../auth-session';
import { LOGIN_ERROR_EVENT } from './flow-errors';
import { clearChallenge } from './reset-flow-state';
import type { RunEnd, RunServices } from './run-environment';

/** What a LOGIN_ERROR is about: an execution of the flow, or a required action as one. */
export interface EventSubject {
  readonly id: string;
  readonly provider: string;
}

/** Records LOGIN_ERROR `error` for the sign-in of `state`, about `subject` when there is one. */
export async function recordLoginError(services: RunServices, state: AuthSessionState, error: string, subject?: EventSubject): Promise<void> {
  await services.events.record({
    type: LOGIN_ERROR_EVENT,
    ...(state.userId !== undefined && { userId: state.userId }),
    error,
    // No session ids here: they let whoever holds them continue the sign-in, and events are read widely.
    details: {
      flow: state.flowAlias,
      ...(subject && { execution: subject.id, plugin: subject.provider }),
    },
  });
}

/** Ends the sign-in of `state` as failed with `error`: what shows and what is stored from now on. */
export function failedEnd(state: AuthSessionState, error: string, options: { message?: string; code?: ErrorCode } = {}): RunEnd {
  clearChallenge(state);
  delete state.requiredActions;
  state.result = options.message === undefined ? { type: 'failure', error } : { type: 'failure', error, message: options.message };
  return { type: 'failure', error, ...(options.message !== undefined && { message: options.message }), ...(options.code && { code: options.code }) };
}
