import type { Response } from 'express';
import { usesGeneratedSecret, type ClientDefinition, type WrittenClientDocument } from '../../../engine';
import { FlowgateError } from '../../../errors';
import type { AdminRealmSnapshot } from '../../../store/realm-admin.store';
import { ADMIN_CLIENT_ID, ADMIN_REALM } from '../../admin-realm';
import type { AdminApiDeps } from '../admin-deps';
import { changeRealmDocument, LOADER_CODES, principalOf, REALM_PARAM, realmSnapshot, ref, requestBody, resourcePath, route, setVersion, type AdminRouteGroup } from '../kit';
import { CLIENT_SCHEMAS, CREATE_SCHEMA, UPDATE_SCHEMA, type ClientSettingsBody } from './client-schemas';

type ClientBody = ClientSettingsBody & { clientId: string };

const CLIENT_PARAMS = { realm: REALM_PARAM, clientId: 'The client id' };

/**
 * Clients of a realm: list, get, create, update, delete. The realm's version guards them (ETag /
 * If-Match on update and delete). Every save is loaded like a realm file: redirect URIs must be
 * absolute http(s) URIs without a fragment, flow overrides must name flows of the realm
 * (`FG_UNKNOWN_FLOW`), and so on, each at the body's path.
 */
export const clientsGroup: AdminRouteGroup = {
  tag: 'clients',
  routes: [
    route({
      method: 'get',
      path: '/realms/:realm/clients',
      summary: "A realm's clients; the ETag is the realm's version",
      params: { realm: REALM_PARAM },
      response: { description: 'The clients', schema: ref('ClientList'), etag: true },
      errors: ['FG_UNKNOWN_REALM'],
      async handler({ deps, res, params }) {
        const snapshot = await realmSnapshot(deps, params.realm);
        const withSecrets = await deps.clientSecrets.withSecrets(params.realm, snapshot.def.clients.map((c) => c.clientId));
        setVersion(res, snapshot.version);
        res.json({ clients: snapshot.def.clients.map((c) => ({ ...c, hasSecret: withSecrets.has(c.clientId) })), version: snapshot.version });
      },
    }),
    route({
      method: 'get',
      path: '/realms/:realm/clients/:clientId',
      summary: 'A client',
      params: CLIENT_PARAMS,
      response: { description: 'The client', schema: ref('Client'), etag: true },
      errors: ['FG_UNKNOWN_REALM', 'FG_ADMIN_CLIENT_NOT_FOUND'],
      async handler({ deps, res, params }) {
        await sendClient(deps, res, await realmSnapshot(deps, params.realm), params.clientId);
      },
    }),
    route({
      method: 'post',
      path: '/realms/:realm/clients',
      summary: 'Creates a client; a confidential one without secretEnv gets a secret, in this answer only',
      params: { realm: REALM_PARAM },
      request: requestBody<ClientBody>('ClientCreate', CREATE_SCHEMA),
      response: { status: 201, description: 'The client', schema: ref('Client'), etag: true },
      errors: ['FG_UNKNOWN_REALM', 'FG_ADMIN_CLIENT_EXISTS', ...LOADER_CODES],
      async handler({ deps, req, res, params: { realm }, body }) {
        const client = clientDocument(body.clientId, body);
        const after = await changeRealmDocument(deps, req, res, {
          realm,
          action: 'client.create',
          resource: resourcePath('realms', realm, 'clients', body.clientId),
          versioned: false,
          change: (doc) => {
            if (doc.clients.some((c) => c.clientId === body.clientId)) throw new FlowgateError('FG_ADMIN_CLIENT_EXISTS', `client '${body.clientId}'`);
            return { doc: { ...doc, clients: [...doc.clients, client] }, rebase: { from: `/clients/${doc.clients.length}`, to: '' } };
          },
          view: (s) => s.def.clients.find((c) => c.clientId === body.clientId),
        });
        await sendClient(deps, res, after, body.clientId, 201);
      },
    }),
    route({
      method: 'put',
      path: '/realms/:realm/clients/:clientId',
      summary: "Replaces a client's settings (one left out goes back to its default); a client that becomes confidential gets a secret, in this answer only",
      params: CLIENT_PARAMS,
      request: requestBody<Omit<ClientBody, 'clientId'>>('ClientUpdate', UPDATE_SCHEMA),
      response: { description: 'The client', schema: ref('Client'), etag: true },
      ifMatch: 'required',
      errors: ['FG_UNKNOWN_REALM', 'FG_ADMIN_CLIENT_NOT_FOUND', 'FG_ADMIN_REALM_PROTECTED', ...LOADER_CODES],
      async handler({ deps, req, res, params: { realm, clientId }, body }) {
        refuseManaged(realm, clientId);
        const after = await changeRealmDocument(deps, req, res, {
          realm,
          action: 'client.update',
          resource: resourcePath('realms', realm, 'clients', clientId),
          change: (doc) => {
            const index = clientIndex(doc.clients, clientId);
            const clients = doc.clients.map((c, i) => (i === index ? clientDocument(clientId, body) : c));
            return { doc: { ...doc, clients }, rebase: { from: `/clients/${index}`, to: '' } };
          },
          view: (s) => s.def.clients.find((c) => c.clientId === clientId),
        });
        await sendClient(deps, res, after, clientId, 200);
      },
    }),
    route({
      method: 'post',
      path: '/realms/:realm/clients/:clientId/secret',
      summary: "Replaces a confidential client's secret; the new one is in this answer only, and the old one stops working",
      params: CLIENT_PARAMS,
      response: { description: 'The new secret', schema: ref('ClientSecret') },
      errors: ['FG_UNKNOWN_REALM', 'FG_ADMIN_CLIENT_NOT_FOUND', 'FG_ADMIN_CLIENT_SECRET_NOT_MANAGED'],
      async handler({ deps, res, params: { realm, clientId } }) {
        const client = findClient(await realmSnapshot(deps, realm), clientId);
        if (!usesGeneratedSecret(client)) {
          const why = client.type === 'public' ? 'it is public' : `its secret comes from $${client.secretEnv}`;
          throw new FlowgateError('FG_ADMIN_CLIENT_SECRET_NOT_MANAGED', `client '${clientId}': ${why}`);
        }
        const before = { hasSecret: await deps.clientSecrets.hasSecret(realm, clientId) };
        const secret = await deps.clientSecrets.generate(realm, clientId);
        // The audit says that the secret changed, never what it is.
        await deps.audit.record({ actor: principalOf(res), action: 'client.secret.regenerate', resource: resourcePath('realms', realm, 'clients', clientId, 'secret'), realm, before, after: { hasSecret: true } });
        res.json({ clientId, secret });
      },
    }),
    route({
      method: 'delete',
      path: '/realms/:realm/clients/:clientId',
      summary: 'Deletes a client',
      params: CLIENT_PARAMS,
      response: { status: 204, description: 'Deleted' },
      ifMatch: 'required',
      errors: ['FG_UNKNOWN_REALM', 'FG_ADMIN_CLIENT_NOT_FOUND', 'FG_ADMIN_REALM_PROTECTED', ...LOADER_CODES],
      async handler({ deps, req, res, params: { realm, clientId } }) {
        refuseManaged(realm, clientId);
        await changeRealmDocument(deps, req, res, {
          realm,
          action: 'client.delete',
          resource: resourcePath('realms', realm, 'clients', clientId),
          change: (doc) => {
            const index = clientIndex(doc.clients, clientId);
            return { doc: { ...doc, clients: doc.clients.filter((_c, i) => i !== index) } };
          },
          view: (s) => s.def.clients.find((c) => c.clientId === clientId),
        });
        res.status(204).end();
      },
    }),
  ],
  schemas: CLIENT_SCHEMAS,
};

/** The index of client `clientId`; 404 `FG_ADMIN_CLIENT_NOT_FOUND` when there is none. */
export function clientIndex(clients: readonly { readonly clientId: string }[], clientId: string): number {
  const index = clients.findIndex((c) => c.clientId === clientId);
  if (index < 0) throw new FlowgateError('FG_ADMIN_CLIENT_NOT_FOUND', `client '${clientId}'`);
  return index;
}

/** The console's own client is Flowgate's: its redirect URI follows `publicUrl` at every start. */
export function refuseManaged(realm: string, clientId: string): void {
  if (realm === ADMIN_REALM && clientId === ADMIN_CLIENT_ID) {
    throw new FlowgateError('FG_ADMIN_REALM_PROTECTED', `the '${ADMIN_CLIENT_ID}' client is managed by Flowgate (its redirect URI follows publicUrl)`);
  }
}

/** The realm-file entry of a client from a body: the options it leaves out take their defaults when loaded. */
function clientDocument(clientId: string, body: ClientSettingsBody): WrittenClientDocument {
  return { ...body, clientId, flowOverrides: body.flowOverrides ?? {} };
}

function findClient(snapshot: AdminRealmSnapshot, clientId: string): ClientDefinition {
  const client = snapshot.def.clients.find((c) => c.clientId === clientId);
  if (!client) throw new FlowgateError('FG_ADMIN_CLIENT_NOT_FOUND', `client '${clientId}'`);
  return client;
}

/**
 * Answers the client as it is now, with `hasSecret`. After a create or update (`status` given or
 * not), a client that needs a generated secret and has none gets one, returned in this answer only:
 * it is stored sealed and no GET shows it again. (It is made after the realm write commits; should
 * that fail, `POST …/secret` makes one.)
 */
export async function sendClient(deps: AdminApiDeps, res: Response, snapshot: AdminRealmSnapshot, clientId: string, status?: 200 | 201): Promise<void> {
  const client = findClient(snapshot, clientId);
  const realm = snapshot.def.name;
  let hasSecret = await deps.clientSecrets.hasSecret(realm, clientId);
  let secret: string | undefined;
  if (status !== undefined && usesGeneratedSecret(client) && !hasSecret) {
    secret = await deps.clientSecrets.generate(realm, clientId);
    hasSecret = true;
  }
  setVersion(res, snapshot.version);
  res.status(status ?? 200).json({ ...client, hasSecret, ...(secret !== undefined && { secret }), version: snapshot.version });
}
