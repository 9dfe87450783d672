import { isFlowgateError } from '../../src/errors';

/** The registry code `fn` throws (or the thrown value as text), or undefined when it does not throw. */
export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isFlowgateError(err) ? err.code : String(err);
  }
  return undefined;
}
