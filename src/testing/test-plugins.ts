import { defineAuthenticator, PLUGIN_API_VERSION, success } from '../spi';

/**
 * A step that lets the identified user through (`requiresUser`, so without one it is never called).
 * For test flows only, to end a flow after identification; never register it in a real server.
 */
export const testAllow = defineAuthenticator({
  // Part of the kit, so always written for the kit's own version.
  apiVersion: PLUGIN_API_VERSION,
  id: 'test-allow',
  failureReasons: [],
  displayName: 'Test: allow',
  helpText: 'Succeeds once a user is identified. For tests.',
  requirements: ['REQUIRED'],
  requiresUser: true,
  configSchema: { type: 'object', properties: {} },
  authenticate: () => success(),
});
