import { FlowgateError } from '../../../errors';
import { ADMIN_SESSION_COOKIE, adminSessionCookieOptions } from '../../admin-cookie';
import { ADMIN_REALM } from '../../admin-realm';
import { adminCsrfToken, adminSessionToken, CSRF_HEADER } from '../admin-auth';
import { principalOf, ref, route, type AdminRouteGroup } from '../kit';

/** `GET /admin/api/session`: who is calling, and (console sessions) the CSRF token for writes. */
export interface ConsoleSessionDocument {
  readonly user: { readonly id: string; readonly email: string };
  readonly via: 'session' | 'token';
  /** Send it as `X-CSRF-Token` on every write; absent for API tokens, which need none. */
  readonly csrfToken?: string;
  /** The header to send it in. */
  readonly csrfHeader: string;
}

/** The caller and signing out of the console. */
export const consoleSessionGroup: AdminRouteGroup = {
  tag: 'session',
  routes: [
    route({
      method: 'get',
      path: '/session',
      summary: 'Who is calling; the CSRF token of a console session',
      response: { description: 'The caller', schema: ref('ConsoleSession') },
      async handler({ deps, res }) {
        const principal = principalOf(res);
        const csrfToken = adminCsrfToken(deps.csrfKey, res);
        const document: ConsoleSessionDocument = {
          user: { id: principal.userId, email: principal.email },
          via: principal.via,
          ...(csrfToken !== undefined && { csrfToken }),
          csrfHeader: CSRF_HEADER,
        };
        res.json(document);
      },
    }),
    route({
      method: 'post',
      path: '/session/logout',
      summary: "Ends the console's session and clears its cookie",
      response: { status: 204, description: 'Signed out' },
      // An API token has no session to end.
      errors: ['FG_INVALID_REQUEST'],
      async handler({ deps, req, res }) {
        if (principalOf(res).via !== 'session') throw new FlowgateError('FG_INVALID_REQUEST', 'an API token has no session to end; revoke the token instead');
        await deps.userSessions.revokeByToken(ADMIN_REALM, adminSessionToken(req));
        res.clearCookie(ADMIN_SESSION_COOKIE, adminSessionCookieOptions(deps.config.publicUrl));
        res.status(204).end();
      },
    }),
  ],
  schemas: {
    ConsoleSession: {
      type: 'object',
      additionalProperties: false,
      required: ['user', 'via', 'csrfHeader'],
      properties: {
        user: { type: 'object', additionalProperties: false, required: ['id', 'email'], properties: { id: { type: 'string' }, email: { type: 'string' } } },
        via: { enum: ['session', 'token'], description: "How the call is authenticated: the console's session cookie, or an API token." },
        csrfToken: { type: 'string', description: 'Console sessions: send it in `csrfHeader` on every write.' },
        csrfHeader: { type: 'string' },
      },
    },
  },
};
