import { attempted, defineAuthenticator, EMPTY_CONFIG_SCHEMA, success } from '../../src/spi';

/** Plugin id of the SSO-cookie step. */
export const COOKIE_ID = 'cookie';

/**
 * Single sign-on: when the browser already holds a valid session of this realm, its user is
 * signed in without being asked anything (Keycloak's `auth-cookie`). Otherwise it is "not
 * applicable" (attempted), so the next alternative runs. It never shows a page.
 *
 * The session is re-checked against the account on every use: a session outliving its user's
 * deletion or disabling must not sign anyone in.
 */
export const cookieAuthenticator = defineAuthenticator({
  id: COOKIE_ID,
  failureReasons: [],
  displayName: 'Cookie (single sign-on)',
  helpText: 'Signs the person in at once when the browser already has a valid session of this realm. Usually the first ALTERNATIVE of a browser flow.',
  requirements: ['ALTERNATIVE', 'REQUIRED', 'DISABLED'],
  requiresUser: false,
  configSchema: EMPTY_CONFIG_SCHEMA,

  async authenticate(ctx) {
    const session = await ctx.userSessions.current();
    if (!session) return attempted();
    const user = await ctx.users.findById(session.userId);
    if (!user?.enabled) return attempted();
    ctx.setUser(user);
    return success();
  },
});
