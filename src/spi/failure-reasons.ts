/**
 * What a failure reason looks like: snake_case, starting with a letter (`invalid_code`,
 * `access_denied`), at most 100 characters. Reasons are recorded on LOGIN_ERROR events and
 * returned to clients, so, like error codes, they are never renamed.
 */
export const FAILURE_REASON_PATTERN = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/** The plugin API version from which a plugin must declare its `failureReasons`. */
export const FAILURE_REASONS_SINCE = '1.1';

/**
 * Whether a failing outcome's reason is one the plugin declared. A plugin that declares no list
 * (written for plugin API 1.0) may fail with any reason; one that declares a list may fail only
 * with what it lists.
 */
export function isDeclaredReason(declared: readonly string[] | undefined, reason: string): boolean {
  return declared === undefined || declared.includes(reason);
}
