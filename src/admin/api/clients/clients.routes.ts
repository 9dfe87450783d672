import type { Response } from 'express';
import type { ClientDocument } from '../../../engine';
import { FlowgateError } from '../../../errors';
import type { AdminRealmSnapshot } from '../../../store/realm-admin.store';
import { ADMIN_CLIENT_ID, ADMIN_REALM } from '../../admin-realm';
import { changeRealmDocument, LOADER_CODES, REALM_PARAM, realmSnapshot, ref, requestBody, resourcePath, route, setVersion, type AdminRouteGroup } from '../kit';

// What a redirect URI may be is the loader's one check (`redirectUriProblem`), run on every save.
const REDIRECT_URI = { type: 'string' } as const;
const REDIRECT_URIS = { type: 'array', items: REDIRECT_URI, uniqueItems: true, maxItems: 100 } as const;
// Which slots and flows: the realm schema and the loader decide, with their own codes.
const FLOW_OVERRIDES = { type: 'object', additionalProperties: { type: 'string' } } as const;
const CREATE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['clientId', 'redirectUris'],
  properties: { clientId: { type: 'string', minLength: 1, maxLength: 255 }, redirectUris: REDIRECT_URIS, flowOverrides: FLOW_OVERRIDES },
} as const;
const UPDATE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['redirectUris'],
  properties: { redirectUris: REDIRECT_URIS, flowOverrides: FLOW_OVERRIDES },
} as const;

type ClientBody = { clientId: string; redirectUris: string[]; flowOverrides?: Record<string, string> };

const CLIENT_PARAMS = { realm: REALM_PARAM, clientId: 'The client id' };

/**
 * Clients of a realm: list, get, create, update, delete. The realm's version guards them (ETag /
 * If-Match on update and delete). Redirect URIs must be absolute http(s) URIs without a fragment;
 * flow overrides must name flows of the realm (the loader's `FG_UNKNOWN_FLOW`, at the body's path).
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
        const client: ClientDocument = { clientId: body.clientId, redirectUris: body.redirectUris, flowOverrides: body.flowOverrides ?? {} };
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
      summary: "Replaces a client's redirect URIs and flow overrides",
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
            const clients = doc.clients.map((c, i) => (i === index ? { clientId, redirectUris: body.redirectUris, flowOverrides: body.flowOverrides ?? {} } : c));
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
  schemas: {
    Client: {
      type: 'object',
      additionalProperties: false,
      required: ['clientId', 'redirectUris', 'flowOverrides'],
      properties: {
        clientId: { type: 'string' },
        redirectUris: { type: 'array', items: { type: 'string' } },
        flowOverrides: ref('FlowOverrides'),
        version: { type: 'integer', description: "The realm's version." },
      },
    },
    ClientList: {
      type: 'object',
      additionalProperties: false,
      required: ['clients', 'version'],
      properties: { clients: { type: 'array', items: ref('Client') }, version: { type: 'integer', description: "The realm's version." } },
    },
    FlowOverrides: {
      type: 'object',
      additionalProperties: false,
      description: "The flow a client's sign-ins run instead of the realm's binding, by slot.",
      properties: { browser: { type: 'string' }, 'direct-grant': { type: 'string' } },
    },
  },
};

/** The index of client `clientId`; 404 `FG_ADMIN_CLIENT_NOT_FOUND` when there is none. */
export function clientIndex(clients: readonly ClientDocument[], clientId: string): number {
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

function sendClient(res: Response, snapshot: AdminRealmSnapshot, clientId: string, status = 200): void {
  const client = snapshot.def.clients.find((c) => c.clientId === clientId);
  if (!client) throw new FlowgateError('FG_ADMIN_CLIENT_NOT_FOUND', `client '${clientId}'`);
  setVersion(res, snapshot.version);
  res.status(status).json({ ...client, version: snapshot.version });
}
