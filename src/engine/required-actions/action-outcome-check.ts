import type { RequiredActionOutcome } from '../../spi/required-action';
import { isDeclaredReason } from '../../spi/failure-reasons';
import type { ChallengeView } from '../../spi/view';

const OUTCOME_TYPES: ReadonlySet<string> = new Set(['success', 'challenge', 'failure', 'ignore', 'cancel']);

/**
 * A required action's return value as an outcome the runner can act on, or `undefined` when it is
 * not one (plugins may be plain JavaScript; anything else is a bug in the plugin). A challenge's
 * view is copied through JSON, as the session keeps it, so one that cannot make the trip is refused now.
 * A failure whose reason the action did not declare (`failureReasons`) is refused too.
 */
export function checkRequiredActionOutcome(value: unknown, failureReasons?: readonly string[]): RequiredActionOutcome | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const outcome = value as Record<string, unknown>;
  if (typeof outcome.type !== 'string' || !OUTCOME_TYPES.has(outcome.type)) return undefined;
  switch (outcome.type) {
    case 'challenge': {
      const view = outcome.view as { view?: unknown } | undefined;
      if (!view || typeof view !== 'object' || typeof view.view !== 'string' || view.view.length === 0) return undefined;
      try {
        return { type: 'challenge', view: JSON.parse(JSON.stringify(view)) as ChallengeView };
      } catch {
        return undefined;
      }
    }
    case 'failure': {
      const { error, message } = outcome;
      if (typeof error !== 'string' || error.length === 0 || error.length > 100 || !isDeclaredReason(failureReasons, error)) return undefined;
      if (message !== undefined && typeof message !== 'string') return undefined;
      return message === undefined ? { type: 'failure', error } : { type: 'failure', error, message };
    }
    default:
      return { type: outcome.type as 'success' | 'ignore' | 'cancel' };
  }
}
