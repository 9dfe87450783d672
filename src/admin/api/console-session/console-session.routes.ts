import { Router } from 'express';
import { FlowgateError } from '../../../errors';
import { ADMIN_SESSION_COOKIE, adminSessionCookieOptions } from '../../admin-cookie';
import { ADMIN_REALM } from '../../admin-realm';
import type { AdminApiDeps, AdminRouteGroup } from '../admin-deps';
import { adminCsrfToken, adminSessionToken, CSRF_HEADER } from '../admin-auth';
import { handler } from '../admin-errors';
import { ref, responses } from '../openapi';
import { principalOf } from '../principal';

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
export function consoleSessionGroup(deps: AdminApiDeps): AdminRouteGroup {
  const r = Router();
  r.get(
    '/session',
    handler(async (_req, res) => {
      const principal = principalOf(res);
      const csrfToken = adminCsrfToken(deps.csrfKey, res);
      const document: ConsoleSessionDocument = {
        user: { id: principal.userId, email: principal.email },
        via: principal.via,
        ...(csrfToken !== undefined && { csrfToken }),
        csrfHeader: CSRF_HEADER,
      };
      res.json(document);
    }),
  );
  r.post(
    '/session/logout',
    handler(async (req, res) => {
      if (principalOf(res).via !== 'session') throw new FlowgateError('FG_INVALID_REQUEST', 'an API token has no session to end; revoke the token instead');
      await deps.userSessions.revokeByToken(ADMIN_REALM, adminSessionToken(req));
      res.clearCookie(ADMIN_SESSION_COOKIE, adminSessionCookieOptions(deps.config.publicUrl));
      res.status(204).end();
    }),
  );
  return {
    router: r,
    openapi: {
      paths: {
        '/session': {
          get: {
            tags: ['session'],
            summary: 'Who is calling; the CSRF token of a console session',
            responses: responses({ description: 'The caller', schema: ref('ConsoleSession') }),
          },
        },
        '/session/logout': {
          post: {
            tags: ['session'],
            summary: "Ends the console's session and clears its cookie",
            responses: responses({ status: 204, description: 'Signed out' }),
          },
        },
      },
      schemas: {
        ConsoleSession: {
          type: 'object',
          required: ['user', 'via', 'csrfHeader'],
          properties: {
            user: { type: 'object', properties: { id: { type: 'string' }, email: { type: 'string' } } },
            via: { enum: ['session', 'token'] },
            csrfToken: { type: 'string' },
            csrfHeader: { type: 'string' },
          },
        },
      },
    },
  };
}
