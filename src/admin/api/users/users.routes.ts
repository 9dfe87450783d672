import { Router, type Request, type Response } from 'express';
import { assignDefaultActions } from '../../../engine';
import { FlowgateError } from '../../../errors';
import { ADMIN_REALM } from '../../admin-realm';
import type { AdminApiDeps, AdminRouteGroup } from '../admin-deps';
import { handler } from '../admin-errors';
import { bodyValidator } from '../body-validator';
import { listQuery } from '../events/list-query';
import { pathParam, realmParam, resourcePath } from '../params';
import { principalOf } from '../principal';
import { realmSnapshot } from '../realm-changes';
import { expectedVersion } from '../versions';
import { atEmail, profileValues, submittedEmail } from './profile-input';
import { requireUser, sendUser, userDocument, userVersion } from './user-document';
import { usersOpenApi } from './users.openapi';
import { CREATE_USER_SCHEMA, EDIT_USER_SCHEMA, USER_QUERY, type CreateUserBody, type EditUserBody } from './users.schemas';

/**
 * Users of a realm: search, read, create (through the realm's user profile, then the realm's
 * default required actions), edit (versioned), disable and enable, delete. Disabling or deleting
 * ends the user's sessions (and an administrator's API tokens) at once.
 */
export function usersGroup(deps: AdminApiDeps): AdminRouteGroup {
  const parseQuery = listQuery(USER_QUERY);
  const validateCreate = bodyValidator<CreateUserBody>(CREATE_USER_SCHEMA);
  const validateEdit = bodyValidator<EditUserBody>(EDIT_USER_SCHEMA);
  const r = Router();

  r.get(
    '/realms/:realm/users',
    handler(async (req, res) => {
      const realm = realmParam(req);
      const q = parseQuery(req);
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
    }),
  );

  r.get(
    '/realms/:realm/users/:id',
    handler(async (req, res) => {
      sendUser(res, (await requireUser(deps, realmParam(req), pathParam(req, 'id'))).user);
    }),
  );

  r.post(
    '/realms/:realm/users',
    handler(async (req, res) => {
      const realm = realmParam(req);
      const body = validateCreate(req);
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
    }),
  );

  r.patch(
    '/realms/:realm/users/:id',
    handler(async (req, res) => {
      const realm = realmParam(req);
      const id = pathParam(req, 'id');
      const body = validateEdit(req);
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
    }),
  );

  r.post('/realms/:realm/users/:id/disable', handler((req, res) => setEnabled(deps, req, res, false)));
  r.post('/realms/:realm/users/:id/enable', handler((req, res) => setEnabled(deps, req, res, true)));

  r.delete(
    '/realms/:realm/users/:id',
    handler(async (req, res) => {
      const realm = realmParam(req);
      const id = pathParam(req, 'id');
      const { user } = await requireUser(deps, realm, id);
      refuseSelf(res, realm, id);
      // Sessions, attributes, pending actions and API tokens go with the user (ON DELETE CASCADE).
      if (!(await deps.users.forRealm(realm).delete(id))) throw new FlowgateError('FG_USER_NOT_FOUND');
      await deps.audit.record({ actor: principalOf(res), action: 'user.delete', resource: userResource(realm, id), realm, before: userDocument(user) });
      res.status(204).end();
    }),
  );

  return { router: r, openapi: usersOpenApi() };
}

async function setEnabled(deps: AdminApiDeps, req: Request, res: Response, enabled: boolean): Promise<void> {
  const realm = realmParam(req);
  const id = pathParam(req, 'id');
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
export function userResource(realm: string, id: string): string {
  return resourcePath('realms', realm, 'users', id);
}
