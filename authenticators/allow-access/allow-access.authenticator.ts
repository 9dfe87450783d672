import { defineAuthenticator, EMPTY_CONFIG_SCHEMA, success } from '../../src/spi';

/** Plugin id of the always-succeeding step. */
export const ALLOW_ACCESS_ID = 'allow-access';

/**
 * Always succeeds. It identifies nobody, so it only makes sense where an earlier step already did
 * (e.g. as the branch that lets a matched condition through); a flow that ends with no user still fails.
 */
export const allowAccessAuthenticator = defineAuthenticator({
  id: ALLOW_ACCESS_ID,
  failureReasons: [],
  displayName: 'Allow access',
  helpText: 'Always succeeds. Use it in a conditional branch to let people through; it does not identify anyone.',
  requirements: ['REQUIRED', 'ALTERNATIVE', 'DISABLED'],
  requiresUser: false,
  configSchema: EMPTY_CONFIG_SCHEMA,
  authenticate: () => success(),
});
