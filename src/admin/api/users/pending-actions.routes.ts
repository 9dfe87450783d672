import { actionSettings } from '../../../engine';
import { FlowgateError } from '../../../errors';
import { principalOf, REALM_PARAM, ref, resourcePath, route, type AdminRouteGroup, type QuerySpec, type RouteContext } from '../kit';
import { requireUser, sendUser, userDocument } from './user-document';

const PARAMS = { realm: REALM_PARAM, id: 'The user id' };
const ACTION_PARAMS = { ...PARAMS, action: 'The required action id, e.g. `update-profile`' };
const NOT_FOUND = ['FG_UNKNOWN_REALM', 'FG_USER_NOT_FOUND'] as const;
const USER = { description: 'The user', schema: ref('User'), etag: true } as const;

/**
 * A user's pending required actions: list (with whether the realm runs each), add one (a
 * registered action; idempotent), remove one (idempotent; also ids no plugin provides any more).
 * The user meets added actions at their next sign-in, if the realm has the action enabled.
 */
export const pendingActionsGroup: AdminRouteGroup = {
  tag: 'users',
  routes: [
    route({
      method: 'get',
      path: '/realms/:realm/users/:id/required-actions',
      summary: "A user's pending required actions, in the order they were added",
      params: PARAMS,
      response: { description: 'The pending actions', schema: ref('PendingRequiredActionList') },
      errors: NOT_FOUND,
      async handler({ deps, res, params }) {
        const { user, def } = await requireUser(deps, params.realm, params.id);
        const pending = user.requiredActions.map((id) => {
          const plugin = deps.registry.requiredAction(id);
          return { id, registered: plugin !== undefined, ...(plugin && { displayName: plugin.definition.displayName }), enabled: actionSettings(def, id)?.enabled ?? false };
        });
        res.json({ requiredActions: pending });
      },
    }),
    route({
      method: 'put',
      path: '/realms/:realm/users/:id/required-actions/:action',
      summary: 'Makes a required action pending on the user (nothing changes when it already is)',
      params: ACTION_PARAMS,
      response: USER,
      errors: [...NOT_FOUND, 'FG_ADMIN_REQUIRED_ACTION_NOT_FOUND'],
      handler: (ctx) => change(ctx, 'add'),
    }),
    route({
      method: 'delete',
      path: '/realms/:realm/users/:id/required-actions/:action',
      summary: 'Takes a pending required action off the user (nothing changes when it is not pending)',
      params: ACTION_PARAMS,
      response: USER,
      errors: NOT_FOUND,
      handler: (ctx) => change(ctx, 'remove'),
    }),
  ],
  schemas: {
    PendingRequiredAction: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'registered', 'enabled'],
      properties: {
        id: { type: 'string' },
        registered: { type: 'boolean', description: 'Whether a plugin provides it; one that none does is skipped at sign-in.' },
        displayName: { type: 'string' },
        enabled: { type: 'boolean', description: 'Whether the realm runs it; a disabled one stays pending but is skipped.' },
      },
    },
    PendingRequiredActionList: {
      type: 'object',
      additionalProperties: false,
      required: ['requiredActions'],
      properties: { requiredActions: { type: 'array', items: ref('PendingRequiredAction') } },
    },
  },
};

// Adding and removing differ only in the store call and the audit action; an unknown action may
// be removed (a plugin that is gone may have left it behind) but not added.
async function change({ deps, res, params: { realm, id, action } }: RouteContext<unknown, QuerySpec, '/:realm/:id/:action'>, kind: 'add' | 'remove'): Promise<void> {
  const { user: before } = await requireUser(deps, realm, id);
  const users = deps.users.forRealm(realm);
  if (kind === 'add') {
    if (!deps.registry.requiredAction(action)) throw new FlowgateError('FG_ADMIN_REQUIRED_ACTION_NOT_FOUND', `'${action.slice(0, 64)}'`);
    await users.addRequiredAction(id, action);
  } else {
    await users.removeRequiredAction(id, action);
  }
  const after = (await users.findById(id)) ?? before;
  const resource = resourcePath('realms', realm, 'users', id, 'required-actions', action);
  await deps.audit.record({ actor: principalOf(res), action: `user.required-action.${kind}`, resource, realm, before: userDocument(before), after: userDocument(after) });
  sendUser(res, after);
}
