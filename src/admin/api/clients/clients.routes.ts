import { Router, type Response } from 'express';
import type { ClientDocument } from '../../../engine';
import { FlowgateError } from '../../../errors';
import type { AdminRealmSnapshot } from '../../../store/realm-admin.store';
import { ADMIN_CLIENT_ID, ADMIN_REALM } from '../../admin-realm';
import type { AdminApiDeps, AdminRouteGroup } from '../admin-deps';
import { handler } from '../admin-errors';
import { bodyValidator } from '../body-validator';
import { IF_MATCH, jsonBody, pathParameter, ref, responses } from '../openapi';
import { pathParam, realmParam, resourcePath } from '../params';
import { changeRealmDocument, realmSnapshot } from '../realm-changes';
import { setVersion } from '../versions';

/** Absolute http(s) URIs without a fragment (or whitespace), compared exactly at sign-in. */
const REDIRECT_URI = { type: 'string', format: 'uri', pattern: '^[hH][tT][tT][pP][sS]?://[^#\\s]+$', maxLength: 2000 } as const;
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

/**
 * Clients of a realm: list, get, create, update, delete. The realm's version guards them (ETag /
 * If-Match on update and delete). Redirect URIs must be absolute http(s) URIs without a fragment;
 * flow overrides must name flows of the realm (the loader's `FG_UNKNOWN_FLOW`, at the body's path).
 */
export function clientsGroup(deps: AdminApiDeps): AdminRouteGroup {
  const validateCreate = bodyValidator<ClientBody>(CREATE_SCHEMA);
  const validateUpdate = bodyValidator<Omit<ClientBody, 'clientId'>>(UPDATE_SCHEMA);
  const r = Router();

  r.get(
    '/realms/:realm/clients',
    handler(async (req, res) => {
      const snapshot = await realmSnapshot(deps, realmParam(req));
      setVersion(res, snapshot.version);
      res.json({ clients: snapshot.def.clients, version: snapshot.version });
    }),
  );

  r.get(
    '/realms/:realm/clients/:clientId',
    handler(async (req, res) => {
      const snapshot = await realmSnapshot(deps, realmParam(req));
      sendClient(res, snapshot, pathParam(req, 'clientId'));
    }),
  );

  r.post(
    '/realms/:realm/clients',
    handler(async (req, res) => {
      const realm = realmParam(req);
      const body = validateCreate(req);
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
    }),
  );

  r.put(
    '/realms/:realm/clients/:clientId',
    handler(async (req, res) => {
      const realm = realmParam(req);
      const clientId = pathParam(req, 'clientId');
      const body = validateUpdate(req);
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
    }),
  );

  r.delete(
    '/realms/:realm/clients/:clientId',
    handler(async (req, res) => {
      const realm = realmParam(req);
      const clientId = pathParam(req, 'clientId');
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
    }),
  );

  return { router: r, openapi: OPENAPI };
}

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

const PARAMS = [pathParameter('realm', 'The realm name'), pathParameter('clientId', 'The client id')];
const OPENAPI: AdminRouteGroup['openapi'] = {
  paths: {
    '/realms/{realm}/clients': {
      get: {
        tags: ['clients'],
        summary: "A realm's clients; the ETag is the realm's version",
        parameters: [pathParameter('realm', 'The realm name')],
        responses: responses({ description: 'The clients', versioned: true, schema: { type: 'object', properties: { clients: { type: 'array', items: ref('Client') }, version: { type: 'integer' } } } }, 404),
      },
      post: {
        tags: ['clients'],
        summary: 'Creates a client',
        parameters: [pathParameter('realm', 'The realm name')],
        requestBody: jsonBody(CREATE_SCHEMA),
        responses: responses({ status: 201, description: 'The client', schema: ref('Client'), versioned: true }, 404, 409),
      },
    },
    '/realms/{realm}/clients/{clientId}': {
      get: { tags: ['clients'], summary: 'A client', parameters: PARAMS, responses: responses({ description: 'The client', schema: ref('Client'), versioned: true }, 404) },
      put: {
        tags: ['clients'],
        summary: "Replaces a client's redirect URIs and flow overrides",
        parameters: [...PARAMS, IF_MATCH],
        requestBody: jsonBody(UPDATE_SCHEMA),
        responses: responses({ description: 'The client', schema: ref('Client'), versioned: true }, 404, 409, 428),
      },
      delete: { tags: ['clients'], summary: 'Deletes a client', parameters: [...PARAMS, IF_MATCH], responses: responses({ status: 204, description: 'Deleted' }, 404, 409, 428) },
    },
  },
  schemas: {
    Client: {
      type: 'object',
      required: ['clientId', 'redirectUris', 'flowOverrides'],
      properties: {
        clientId: { type: 'string' },
        redirectUris: { type: 'array', items: { type: 'string' } },
        flowOverrides: { type: 'object', properties: { browser: { type: 'string' }, 'direct-grant': { type: 'string' } } },
        version: { type: 'integer', description: "The realm's version." },
      },
    },
  },
};
