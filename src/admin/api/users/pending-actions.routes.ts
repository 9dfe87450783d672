import { Router } from 'express';
import { actionSettings } from '../../../engine';
import { FlowgateError } from '../../../errors';
import type { AdminApiDeps, AdminRouteGroup } from '../admin-deps';
import { handler } from '../admin-errors';
import { pathParameter, ref, responses } from '../openapi';
import { pathParam, realmParam, resourcePath } from '../params';
import { principalOf } from '../principal';
import { requireUser, sendUser, userDocument } from './user-document';

/**
 * A user's pending required actions: list (with whether the realm runs each), add one (a
 * registered action; idempotent), remove one (idempotent; also ids no plugin provides any more).
 * The user meets added actions at their next sign-in, if the realm has the action enabled.
 */
export function pendingActionsGroup(deps: AdminApiDeps): AdminRouteGroup {
  const r = Router();

  r.get(
    '/realms/:realm/users/:id/required-actions',
    handler(async (req, res) => {
      const { user, def } = await requireUser(deps, realmParam(req), pathParam(req, 'id'));
      const pending = user.requiredActions.map((id) => {
        const plugin = deps.registry.requiredAction(id);
        return { id, registered: plugin !== undefined, ...(plugin && { displayName: plugin.definition.displayName }), enabled: actionSettings(def, id)?.enabled ?? false };
      });
      res.json({ requiredActions: pending });
    }),
  );

  // Adding and removing differ only in the store call and the audit action; an unknown action may
  // be removed (a plugin that is gone may have left it behind) but not added.
  const change = (kind: 'add' | 'remove') =>
    handler(async (req, res) => {
      const realm = realmParam(req);
      const id = pathParam(req, 'id');
      const action = pathParam(req, 'action');
      const { user: before } = await requireUser(deps, realm, id);
      const users = deps.users.forRealm(realm);
      if (kind === 'add') {
        if (!deps.registry.requiredAction(action)) throw new FlowgateError('FG_ADMIN_REQUIRED_ACTION_NOT_FOUND', `'${action.slice(0, 64)}'`);
        await users.addRequiredAction(id, action);
      } else {
        await users.removeRequiredAction(id, action);
      }
      const after = (await users.findById(id)) ?? before;
      await deps.audit.record({ actor: principalOf(res), action: `user.required-action.${kind}`, resource: pendingResource(realm, id, action), realm, before: userDocument(before), after: userDocument(after) });
      sendUser(res, after);
    });
  r.put('/realms/:realm/users/:id/required-actions/:action', change('add'));
  r.delete('/realms/:realm/users/:id/required-actions/:action', change('remove'));

  return { router: r, openapi: OPENAPI };
}

function pendingResource(realm: string, id: string, action: string): string {
  return resourcePath('realms', realm, 'users', id, 'required-actions', action);
}

const PARAMETERS = [pathParameter('realm', 'The realm name'), pathParameter('id', 'The user id')];
const ACTION_PARAMETERS = [...PARAMETERS, pathParameter('action', 'The required action id, e.g. `update-profile`')];
const OPENAPI: AdminRouteGroup['openapi'] = {
  paths: {
    '/realms/{realm}/users/{id}/required-actions': {
      get: {
        tags: ['users'],
        summary: "A user's pending required actions, in the order they were added",
        parameters: PARAMETERS,
        responses: responses({ description: 'The pending actions', schema: { type: 'object', required: ['requiredActions'], properties: { requiredActions: { type: 'array', items: ref('PendingRequiredAction') } } } }, 404),
      },
    },
    '/realms/{realm}/users/{id}/required-actions/{action}': {
      put: {
        tags: ['users'],
        summary: 'Makes a required action pending on the user (nothing changes when it already is)',
        parameters: ACTION_PARAMETERS,
        responses: responses({ description: 'The user', schema: ref('User'), versioned: true }, 404),
      },
      delete: {
        tags: ['users'],
        summary: 'Takes a pending required action off the user (nothing changes when it is not pending)',
        parameters: ACTION_PARAMETERS,
        responses: responses({ description: 'The user', schema: ref('User'), versioned: true }, 404),
      },
    },
  },
  schemas: {
    PendingRequiredAction: {
      type: 'object',
      required: ['id', 'registered', 'enabled'],
      properties: {
        id: { type: 'string' },
        registered: { type: 'boolean', description: 'Whether a plugin provides it; one that none does is skipped at sign-in.' },
        displayName: { type: 'string' },
        enabled: { type: 'boolean', description: 'Whether the realm runs it; a disabled one stays pending but is skipped.' },
      },
    },
  },
};
