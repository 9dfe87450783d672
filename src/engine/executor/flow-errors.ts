import type { ErrorCode } from '../../errors';

/**
 * The reasons the engine itself fails a flow with (plugins add their own). They are recorded on
 * LOGIN_ERROR events and returned in failure results; like error codes, they are never renamed.
 */
export const FLOW_ERRORS = {
  /** A step needs an identified user and there is none (or the flow ended without one). */
  unknownUser: 'unknown_user',
  /** A REQUIRED step is not set up for the user (`configuredFor` said no). */
  credentialSetupRequired: 'credential_setup_required',
  /** The user the flow identified is disabled. */
  userDisabled: 'user_disabled',
  /** Nothing at some level succeeded: every alternative attempted, or a REQUIRED step attempted. */
  authenticationFailed: 'authentication_failed',
  /** A plugin threw, is missing, or has a config its schema refuses. */
  pluginError: 'plugin_error',
  /** A plugin returned something that is not an outcome (or a condition a non-boolean). */
  invalidOutcome: 'invalid_outcome',
  /** The request made more plugin calls than allowed without asking the person anything. */
  flowLoop: 'flow_loop',
} as const;

/** The error code that goes with a fault reason; refusals (wrong code, unknown user) have none. */
export const FAULT_CODES: Readonly<Record<string, ErrorCode>> = {
  [FLOW_ERRORS.pluginError]: 'FG_PLUGIN_ERROR',
  [FLOW_ERRORS.invalidOutcome]: 'FG_INVALID_OUTCOME',
  [FLOW_ERRORS.flowLoop]: 'FG_FLOW_LOOP',
};

/** Event type recorded on every failure. */
export const LOGIN_ERROR_EVENT = 'LOGIN_ERROR';
