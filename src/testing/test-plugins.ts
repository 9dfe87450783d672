import { defineAuthenticator, success } from '../spi';

/**
 * A step that lets the identified user through (`requiresUser`, so without one it is never called).
 * For test flows only, to end a flow after identification; never register it in a real server.
 */
export const testAllow = defineAuthenticator({
  id: 'test-allow',
  displayName: 'Test: allow',
  helpText: 'Succeeds once a user is identified. For tests.',
  requirements: ['REQUIRED'],
  requiresUser: true,
  configSchema: { type: 'object', properties: {} },
  authenticate: () => success(),
});
