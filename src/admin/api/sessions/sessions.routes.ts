import { Router } from 'express';
import { FlowgateError } from '../../../errors';
import type { AdminApiDeps, AdminRouteGroup } from '../admin-deps';
import { handler } from '../admin-errors';
import { pathParameter, ref, responses } from '../openapi';
import { pathParam, realmParam, resourcePath } from '../params';
import { principalOf } from '../principal';
import { requireUser } from '../users/user-document';

/**
 * A user's sessions (signed-in browsers): list the active ones, revoke one, revoke all. A revoked
 * session is signed out at its next request, wherever its cookie is.
 */
export function sessionsGroup(deps: AdminApiDeps): AdminRouteGroup {
  const r = Router();

  r.get(
    '/realms/:realm/users/:id/sessions',
    handler(async (req, res) => {
      const realm = realmParam(req);
      const { user } = await requireUser(deps, realm, pathParam(req, 'id'));
      res.json({ sessions: await deps.userSessions.listForUser(realm, user.id) });
    }),
  );

  r.delete(
    '/realms/:realm/users/:id/sessions/:session',
    handler(async (req, res) => {
      const realm = realmParam(req);
      const { user } = await requireUser(deps, realm, pathParam(req, 'id'));
      const sessionId = pathParam(req, 'session');
      const session = await deps.userSessions.get(realm, sessionId);
      // Another user's session is as unknown here as a made-up id.
      if (session?.userId !== user.id || !(await deps.userSessions.revoke(realm, sessionId))) {
        throw new FlowgateError('FG_ADMIN_SESSION_NOT_FOUND', `session '${sessionId.slice(0, 64)}' of user '${user.id}'`);
      }
      await deps.audit.record({ actor: principalOf(res), action: 'session.revoke', resource: resourcePath('realms', realm, 'users', user.id, 'sessions', sessionId), realm, before: session });
      res.status(204).end();
    }),
  );

  r.delete(
    '/realms/:realm/users/:id/sessions',
    handler(async (req, res) => {
      const realm = realmParam(req);
      const { user } = await requireUser(deps, realm, pathParam(req, 'id'));
      const before = await deps.userSessions.listForUser(realm, user.id);
      const revoked = await deps.userSessions.revokeAllForUser(realm, user.id);
      await deps.audit.record({ actor: principalOf(res), action: 'session.revoke-all', resource: resourcePath('realms', realm, 'users', user.id, 'sessions'), realm, before, after: [] });
      res.json({ revoked });
    }),
  );

  return { router: r, openapi: OPENAPI };
}

const PARAMETERS = [pathParameter('realm', 'The realm name'), pathParameter('id', 'The user id')];
const OPENAPI: AdminRouteGroup['openapi'] = {
  paths: {
    '/realms/{realm}/users/{id}/sessions': {
      get: {
        tags: ['sessions'],
        summary: "A user's active sessions, newest first",
        parameters: PARAMETERS,
        responses: responses({ description: 'The sessions', schema: { type: 'object', required: ['sessions'], properties: { sessions: { type: 'array', items: ref('UserSession') } } } }, 404),
      },
      delete: {
        tags: ['sessions'],
        summary: "Ends every active session of the user (they are signed out everywhere)",
        parameters: PARAMETERS,
        responses: responses({ description: 'How many sessions were ended', schema: { type: 'object', required: ['revoked'], properties: { revoked: { type: 'integer' } } } }, 404),
      },
    },
    '/realms/{realm}/users/{id}/sessions/{session}': {
      delete: {
        tags: ['sessions'],
        summary: 'Ends one session of the user',
        parameters: [...PARAMETERS, pathParameter('session', 'The session id')],
        responses: responses({ status: 204, description: 'Ended' }, 404),
      },
    },
  },
  schemas: {
    UserSession: {
      type: 'object',
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
  },
};
