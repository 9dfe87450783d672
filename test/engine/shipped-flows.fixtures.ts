import { defineAuthenticator, success } from '../../src/spi';

/** A step that lets anyone identified through: test flows only, never shipped. */
export const allow = defineAuthenticator({
  id: 'test-allow',
  displayName: 'Test: allow',
  helpText: 'Succeeds once a user is identified. For tests.',
  requirements: ['REQUIRED'],
  requiresUser: true,
  configSchema: { type: 'object', properties: {} },
  authenticate: () => success(),
});
