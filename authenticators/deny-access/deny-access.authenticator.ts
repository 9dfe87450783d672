import { defineAuthenticator, failure } from '../../src/spi';

/** Plugin id of the always-failing step. */
export const DENY_ACCESS_ID = 'deny-access';

/** Reason recorded on the LOGIN_ERROR event. */
export const ACCESS_DENIED_ERROR = 'access_denied';

/** The message key shown by default; the theme's bundles must define it. */
export const ACCESS_DENIED_MESSAGE = 'error.accessDenied';

/** Config of `deny-access`. */
export interface DenyAccessConfig {
  /** Message key shown to the person. */
  readonly message: string;
}

/**
 * Always fails (Keycloak's `deny-access-authenticator`): as REQUIRED it ends the sign-in, typically
 * inside a conditional branch such as "users with attribute X may not sign in here".
 */
export const denyAccessAuthenticator = defineAuthenticator<DenyAccessConfig>({
  id: DENY_ACCESS_ID,
  failureReasons: [ACCESS_DENIED_ERROR],
  displayName: 'Deny access',
  helpText: 'Always fails, ending the sign-in with a message. Use it in a conditional branch to keep some people out.',
  requirements: ['REQUIRED', 'ALTERNATIVE', 'DISABLED'],
  requiresUser: false,
  configSchema: {
    type: 'object',
    properties: {
      message: {
        type: 'string',
        title: 'Message',
        description:
          "Message key (not text) shown to the person, looked up in the theme's message bundles so it is translated. " +
          `Default \`${ACCESS_DENIED_MESSAGE}\`. Add your own key to the bundles to explain a specific rule.`,
        // A key, never markup or free text: it is looked up, so nothing an admin types reaches the page raw.
        pattern: '^[A-Za-z][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)*$',
        maxLength: 200,
        default: ACCESS_DENIED_MESSAGE,
      },
    },
    additionalProperties: false,
  },
  authenticate: (ctx) => failure(ACCESS_DENIED_ERROR, ctx.config.message),
});
