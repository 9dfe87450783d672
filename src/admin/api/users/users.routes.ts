import type { Response } from 'express';
import { assignDefaultActions } from '../../../engine';
import { FlowgateError } from '../../../errors';
import { ADMIN_REALM } from '../../admin-realm';
import { expectedVersion, principalOf, REALM_PARAM, realmSnapshot, ref, requestBody, resourcePath, route, type AdminRouteGroup, type QuerySpec, type RouteContext } from '../kit';
import { atEmail, profileValues, submittedEmail } from './profile-input';
import { requireUser, sendUser, USER_SCHEMA, userDocument, userVersion } from './user-document';
import { CREATE_USER_SCHEMA, EDIT_USER_SCHEMA, USER_QUERY, type CreateUserBody, type EditUserBody } from './users.schemas';

const USER_PARAMS = { realm: REALM_PARAM, id: 'The user id' };
const USER = { schema: ref('User'), etag: true } as const;
const NOT_FOUND = ['FG_UNKNOWN_REALM', 'FG_USER_NOT_FOUND'] as const;

/**
 * Users of a realm: search, read, create (through the realm's user profile, then the realm's
 * default required actions), edit (versioned), disable and enable, delete. Disabling or deleting
 * ends the user's sessions (and an administrator's API tokens) at once.
 */
export const usersGroup: AdminRouteGroup = {
  tag: 'users',
  routes: [
    route({
      method: 'get',
      path: '/realms/:realm/users',
      summary: 'Searches users by email, attribute and enabled, ordered by email',
      params: { realm: REALM_PARAM },
      query: USER_QUERY,
      response: { description: 'The users', schema: ref('UserList') },
      errors: ['FG_UNKNOWN_REALM'],
      async handler({ deps, res, params: { realm }, query: q }) {
        if (q.value !== undefined && q.attribute === undefined) throw new FlowgateError('FG_ADMIN_INVALID_QUERY', "query parameter 'value' needs 'attribute'");
        await realmSnapshot(deps, realm);
        const users = await deps.users.forRealm(realm).search({
          ...(q.email !== undefined && { email: q.email }),
          ...(q.attribute !== undefined && { attribute: { name: q.attribute, ...(q.value !== undefined && { value: q.value }) } }),
          ...(q.enabled !== undefined && { enabled: q.enabled }),
          ...(q.first !== undefined && { first: q.first }),
          ...(q.max !== undefined && { max: q.max }),
        });
        res.json({ users: users.map(userDocument) });
      },
    }),
    route({
      method: 'get',
      path: '/realms/:realm/users/:id',
      summary: 'One user',
      params: USER_PARAMS,
      response: { description: 'The user', ...USER },
      errors: NOT_FOUND,
      async handler({ deps, res, params }) {
        sendUser(res, (await requireUser(deps, params.realm, params.id)).user);
      },
    }),
    route({
      method: 'post',
      path: '/realms/:realm/users',
      summary: "Creates a user, checked against the realm's user profile; the realm's default required actions become pending",
      params: { realm: REALM_PARAM },
      request: requestBody<CreateUserBody>('UserCreate', CREATE_USER_SCHEMA),
      response: { status: 201, description: 'The new user', ...USER, location: true },
      errors: ['FG_UNKNOWN_REALM', 'FG_INVALID_EMAIL', 'FG_USER_EXISTS', 'FG_EMAIL_CONFUSABLE', 'FG_PROFILE_VALUE_INVALID'],
      async handler({ deps, res, params: { realm }, body }) {
        const { def } = await realmSnapshot(deps, realm);
        const email = submittedEmail(body.email);
        const values = profileValues(def, body.attributes ?? {}, false);
        const attributes = Object.fromEntries(Object.entries(values).filter(([, v]) => v.length > 0).map(([name, v]) => [name, [...v]]));
        const users = deps.users.forRealm(realm);
        const created = await users.create({ email, emailVerified: body.emailVerified, attributes }).catch((err: unknown) => {
          throw atEmail(err);
        });
        await assignDefaultActions(users, def, created.id);
        const user = (await users.findById(created.id)) ?? created;
        await deps.audit.record({ actor: principalOf(res), action: 'user.create', resource: userResource(realm, user.id), realm, after: userDocument(user) });
        res.location(`/admin/api/${userResource(realm, user.id)}`);
        sendUser(res, user, 201);
      },
    }),
    route({
      method: 'patch',
      path: '/realms/:realm/users/:id',
      summary: "Changes a user's email, verification or profile attributes (checked against the realm's user profile); the rest stays",
      params: USER_PARAMS,
      request: requestBody<EditUserBody>('UserEdit', EDIT_USER_SCHEMA),
      response: { description: 'The user now', ...USER },
      ifMatch: 'required',
      errors: [...NOT_FOUND, 'FG_INVALID_EMAIL', 'FG_USER_EXISTS', 'FG_EMAIL_CONFUSABLE', 'FG_PROFILE_VALUE_INVALID'],
      async handler({ deps, req, res, params: { realm, id }, body }) {
        const expected = expectedVersion(req);
        const { def } = await requireUser(deps, realm, id);
        const email = body.email === undefined ? undefined : submittedEmail(body.email);
        const attributes = body.attributes === undefined ? undefined : profileValues(def, body.attributes, true);
        const { before, after } = await deps.users
          .forRealm(realm)
          .update(id, (current) => {
            if (userVersion(current) !== expected) throw new FlowgateError('FG_ADMIN_VERSION_CONFLICT', `the user's version is ${userVersion(current)}`);
            // Whoever proved the old address has proved nothing about a new one.
            const verified = body.emailVerified ?? (email !== undefined && email !== current.email ? false : undefined);
            return { ...(email !== undefined && { email }), ...(verified !== undefined && { emailVerified: verified }), ...(attributes && { attributes }) };
          })
          .catch((err: unknown) => {
            throw atEmail(err);
          });
        await deps.audit.record({ actor: principalOf(res), action: 'user.update', resource: userResource(realm, id), realm, before: userDocument(before), after: userDocument(after) });
        sendUser(res, after);
      },
    }),
    route({
      method: 'post',
      path: '/realms/:realm/users/:id/disable',
      summary: "Disables a user and ends all their sessions (and an administrator's API tokens); not the caller themself",
      params: USER_PARAMS,
      response: { description: 'The user now', ...USER },
      errors: [...NOT_FOUND, 'FG_ADMIN_USER_IS_CALLER'],
      handler: (ctx) => setEnabled(ctx, false),
    }),
    route({
      method: 'post',
      path: '/realms/:realm/users/:id/enable',
      summary: 'Enables a user again (ended sessions stay ended)',
      params: USER_PARAMS,
      response: { description: 'The user now', ...USER },
      errors: NOT_FOUND,
      handler: (ctx) => setEnabled(ctx, true),
    }),
    route({
      method: 'delete',
      path: '/realms/:realm/users/:id',
      summary: 'Deletes a user with their sessions, attributes and pending actions (not the caller themself)',
      params: USER_PARAMS,
      response: { status: 204, description: 'Deleted' },
      errors: [...NOT_FOUND, 'FG_ADMIN_USER_IS_CALLER'],
      async handler({ deps, res, params: { realm, id } }) {
        const { user } = await requireUser(deps, realm, id);
        refuseSelf(res, realm, id);
        // Sessions, attributes, pending actions and API tokens go with the user (ON DELETE CASCADE).
        if (!(await deps.users.forRealm(realm).delete(id))) throw new FlowgateError('FG_USER_NOT_FOUND');
        await deps.audit.record({ actor: principalOf(res), action: 'user.delete', resource: userResource(realm, id), realm, before: userDocument(user) });
        res.status(204).end();
      },
    }),
  ],
  schemas: {
    User: USER_SCHEMA,
    UserList: { type: 'object', additionalProperties: false, required: ['users'], properties: { users: { type: 'array', items: ref('User') } } },
  },
};

async function setEnabled({ deps, res, params: { realm, id } }: RouteContext<unknown, QuerySpec, '/:realm/:id'>, enabled: boolean): Promise<void> {
  const { user: before } = await requireUser(deps, realm, id);
  if (!enabled) refuseSelf(res, realm, id);
  const users = deps.users.forRealm(realm);
  await users.setEnabled(id, enabled);
  if (!enabled) {
    // A disabled user's sessions already fail validation; revoking them keeps enabling the
    // account again from bringing them back. The same goes for an administrator's API tokens.
    await deps.userSessions.revokeAllForUser(realm, id);
    if (realm === ADMIN_REALM) {
      for (const token of await deps.apiTokens.list()) if (token.userId === id) await deps.apiTokens.revoke(token.id);
    }
  }
  const after = (await users.findById(id)) ?? before;
  await deps.audit.record({ actor: principalOf(res), action: enabled ? 'user.enable' : 'user.disable', resource: userResource(realm, id), realm, before: userDocument(before), after: userDocument(after) });
  sendUser(res, after);
}

/** An administrator cannot disable or delete the account they are calling with: that is how the last admin locks everyone out. */
function refuseSelf(res: Response, realm: string, id: string): void {
  if (realm === ADMIN_REALM && principalOf(res).userId === id) throw new FlowgateError('FG_ADMIN_USER_IS_CALLER');
}

/** The audit resource (and API path under /admin/api) of a user. */
function userResource(realm: string, id: string): string {
  return resourcePath('realms', realm, 'users', id);
}
