import type { RequiredActionDefinition } from '../../spi/required-action';

/**
 * The event a required action is recorded under. The runner records `<type>` when the action
 * succeeds and `<type>_ERROR` when it fails or is declined (Keycloak's pairs: UPDATE_PROFILE /
 * UPDATE_PROFILE_ERROR). A definition may name its type in `eventType` (upper snake case, e.g.
 * `TERMS_ACCEPTED`); otherwise it is the id in upper snake case (`verify-email` -> `VERIFY_EMAIL`).
 */

const EVENT_TYPE_PATTERN = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;

/** The event type of `definition`: its valid `eventType`, else its id in upper snake case. */
export function actionEventType(definition: RequiredActionDefinition<unknown>): string {
  const declared: unknown = definition.eventType;
  if (typeof declared === 'string' && EVENT_TYPE_PATTERN.test(declared) && declared.length <= 64) return declared;
  return definition.id.toUpperCase().replace(/-/g, '_');
}

/** The error event type that goes with `eventType`. */
export function actionErrorEventType(eventType: string): string {
  return `${eventType}_ERROR`;
}

/** Reasons the runner itself fails a sign-in or an action with; never renamed, like error codes. */
export const REQUIRED_ACTION_ERRORS = {
  /** The person declined an action that was required of them (it was pending on their account). */
  cancelled: 'action_cancelled',
} as const;
