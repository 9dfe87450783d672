import type { Response } from 'express';
import type { WrittenClientDocument } from '../../../engine';
import { FlowgateError } from '../../../errors';
import type { AdminRealmSnapshot } from '../../../store/realm-admin.store';
import { ADMIN_CLIENT_ID, ADMIN_REALM } from '../../admin-realm';
import { changeRealmDocument, LOADER_CODES, REALM_PARAM, realmSnapshot, ref, requestBody, resourcePath, route, setVersion, type AdminRouteGroup } from '../kit';
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
        setVersion(res, snapshot.version);
        res.json({ clients: snapshot.def.clients, version: snapshot.version });
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
        sendClient(res, await realmSnapshot(deps, params.realm), params.clientId);
      },
    }),
    route({
      method: 'post',
      path: '/realms/:realm/clients',
      summary: 'Creates a client',
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
        sendClient(res, after, body.clientId, 201);
      },
    }),
    route({
      method: 'put',
      path: '/realms/:realm/clients/:clientId',
      summary: "Replaces a client's settings (one left out goes back to its default)",
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
        sendClient(res, after, clientId);
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

function sendClient(res: Response, snapshot: AdminRealmSnapshot, clientId: string, status = 200): void {
  const client = snapshot.def.clients.find((c) => c.clientId === clientId);
  if (!client) throw new FlowgateError('FG_ADMIN_CLIENT_NOT_FOUND', `client '${clientId}'`);
  setVersion(res, snapshot.version);
  res.status(status).json({ ...client, version: snapshot.version });
}
