import { FlowgateError } from '../../../errors';
import { principalOf, REALM_PARAM, ref, resourcePath, route, type AdminRouteGroup } from '../kit';
import { requireUser } from '../users/user-document';

const PARAMS = { realm: REALM_PARAM, id: 'The user id' };
const NOT_FOUND = ['FG_UNKNOWN_REALM', 'FG_USER_NOT_FOUND'] as const;

/**
 * A user's sessions (signed-in browsers): list the active ones, revoke one, revoke all. A revoked
 * session is signed out at its next request, wherever its cookie is.
 */
export const sessionsGroup: AdminRouteGroup = {
  tag: 'sessions',
  routes: [
    route({
      method: 'get',
      path: '/realms/:realm/users/:id/sessions',
      summary: "A user's active sessions, newest first",
      params: PARAMS,
      response: { description: 'The sessions', schema: ref('UserSessionList') },
      errors: NOT_FOUND,
      async handler({ deps, res, params }) {
        const { user } = await requireUser(deps, params.realm, params.id);
        res.json({ sessions: await deps.userSessions.listForUser(params.realm, user.id) });
      },
    }),
    route({
      method: 'delete',
      path: '/realms/:realm/users/:id/sessions/:session',
      summary: 'Ends one session of the user',
      params: { ...PARAMS, session: 'The session id' },
      response: { status: 204, description: 'Ended' },
      errors: [...NOT_FOUND, 'FG_ADMIN_SESSION_NOT_FOUND'],
      async handler({ deps, res, params: { realm, id, session: sessionId } }) {
        const { user } = await requireUser(deps, realm, id);
        const session = await deps.userSessions.get(realm, sessionId);
        // Another user's session is as unknown here as a made-up id.
        if (session?.userId !== user.id || !(await deps.userSessions.revoke(realm, sessionId))) {
          throw new FlowgateError('FG_ADMIN_SESSION_NOT_FOUND', `session '${sessionId.slice(0, 64)}' of user '${user.id}'`);
        }
        await deps.audit.record({ actor: principalOf(res), action: 'session.revoke', resource: resourcePath('realms', realm, 'users', user.id, 'sessions', sessionId), realm, before: session });
        res.status(204).end();
      },
    }),
    route({
      method: 'delete',
      path: '/realms/:realm/users/:id/sessions',
      summary: 'Ends every active session of the user (they are signed out everywhere)',
      params: PARAMS,
      response: { description: 'How many sessions were ended', schema: ref('RevokedSessions') },
      errors: NOT_FOUND,
      async handler({ deps, res, params: { realm, id } }) {
        const { user } = await requireUser(deps, realm, id);
        const before = await deps.userSessions.listForUser(realm, user.id);
        const revoked = await deps.userSessions.revokeAllForUser(realm, user.id);
        await deps.audit.record({ actor: principalOf(res), action: 'session.revoke-all', resource: resourcePath('realms', realm, 'users', user.id, 'sessions'), realm, before, after: [] });
        res.json({ revoked });
      },
    }),
  ],
  schemas: {
    UserSession: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'realm', 'userId', 'createdAt', 'lastSeenAt', 'idleExpiresAt', 'maxExpiresAt'],
      properties: {
        id: { type: 'string' },
        realm: { type: 'string' },
        userId: { type: 'string' },
        createdAt: { type: 'integer', description: 'When they signed in (ms since the epoch).' },
        lastSeenAt: { type: 'integer', description: 'Last use, to the minute.' },
        idleExpiresAt: { type: 'integer', description: 'It ends then unless used before.' },
        maxExpiresAt: { type: 'integer', description: 'It ends then whatever happens.' },
        ip: { type: 'string', description: 'The address it signed in from.' },
        userAgent: { type: 'string', description: "The browser's User-Agent at sign-in." },
        method: { type: 'string', description: 'How they signed in, e.g. the flow.' },
      },
    },
    UserSessionList: { type: 'object', additionalProperties: false, required: ['sessions'], properties: { sessions: { type: 'array', items: ref('UserSession') } } },
    RevokedSessions: { type: 'object', additionalProperties: false, required: ['revoked'], properties: { revoked: { type: 'integer' } } },
  },
};
