import { OUTCOME_TYPES, type Outcome } from '../../spi/outcome';
import { isDeclaredReason } from '../../spi/failure-reasons';
import type { ChallengeView } from '../../spi/view';

/**
 * Whether a plugin's return value is an outcome the engine can act on. Plugins may be written in
 * plain JavaScript, so the type alone proves nothing: anything else is a bug in the plugin.
 */
function isOutcome(value: unknown): value is Outcome {
  if (!value || typeof value !== 'object') return false;
  const outcome = value as Record<string, unknown>;
  if (typeof outcome.type !== 'string' || !OUTCOME_TYPES.has(outcome.type)) return false;
  switch (outcome.type) {
    case 'challenge':
      return isView(outcome.view);
    case 'failure-challenge':
      return isReason(outcome.error) && isView(outcome.view);
    case 'failure':
      return isReason(outcome.error) && (outcome.message === undefined || typeof outcome.message === 'string');
    case 'reset':
      return outcome.message === undefined || typeof outcome.message === 'string';
    default:
      return true;
  }
}

const isReason = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 100;

function isView(value: unknown): value is ChallengeView {
  return !!value && typeof value === 'object' && typeof (value as { view?: unknown }).view === 'string' && (value as { view: string }).view.length > 0;
}

/**
 * The plugin's return value as an outcome the engine can store, or `undefined` when it is not one
 * (a failure whose reason the plugin did not declare in `failureReasons` is not one either).
 * A challenge's view is copied through JSON, as the session keeps it: a view that cannot make the
 * trip (cycles, BigInt) is refused now rather than when a refresh reads it back.
 */
export function checkOutcome(value: unknown, failureReasons?: readonly string[]): Outcome | undefined {
  if (!isOutcome(value)) return undefined;
  if ((value.type === 'failure' || value.type === 'failure-challenge') && !isDeclaredReason(failureReasons, value.error)) return undefined;
  if (value.type !== 'challenge' && value.type !== 'failure-challenge') return value;
  try {
    return { ...value, view: JSON.parse(JSON.stringify(value.view)) as ChallengeView };
  } catch {
    return undefined;
  }
}
