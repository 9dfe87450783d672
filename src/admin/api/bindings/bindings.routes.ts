import type { Request, Response } from 'express';
import { BINDING_SLOTS, CLIENT_OVERRIDE_SLOTS } from '../../../engine';
import { clientIndex, refuseManaged, sendClient } from '../clients/clients.routes';
import { changeRealmDocument, LOADER_CODES, REALM_PARAM, realmSnapshot, ref, requestBody, resourcePath, route, setVersion, type AdminApiDeps, type AdminRouteGroup } from '../kit';

const BIND_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['flow'],
  properties: { flow: { type: 'string', minLength: 1, description: 'The alias of a top-level flow of the realm.' } },
} as const;
const BIND = requestBody<{ flow: string }>('FlowBinding', BIND_SCHEMA);

const SLOT_PARAMS = { realm: REALM_PARAM, slot: { description: 'The slot', values: BINDING_SLOTS } };
const OVERRIDE_PARAMS = { realm: REALM_PARAM, clientId: 'The client id', slot: { description: 'The slot', values: CLIENT_OVERRIDE_SLOTS } };
const CHANGE_ERRORS = ['FG_UNKNOWN_REALM', ...LOADER_CODES] as const;
const OVERRIDE_ERRORS = [...CHANGE_ERRORS, 'FG_ADMIN_CLIENT_NOT_FOUND', 'FG_ADMIN_REALM_PROTECTED'] as const;

/**
 * Which flow runs where: the realm's slots (`browser`, `registration`, `direct-grant`,
 * `reset-credentials`) and each client's overrides (`browser`, `direct-grant`). A flow that does
 * not exist (or is an inline sub-flow) is refused with the loader's `FG_UNKNOWN_FLOW` at `/flow`.
 * The realm's version guards them (If-Match).
 */
export const bindingsGroup: AdminRouteGroup = {
  tag: 'bindings',
  routes: [
    route({
      method: 'get',
      path: '/realms/:realm/bindings',
      summary: "The realm's slots and the flows bound to them",
      params: { realm: REALM_PARAM },
      response: { description: 'The bindings', schema: ref('Bindings'), etag: true },
      errors: ['FG_UNKNOWN_REALM'],
      async handler({ deps, res, params }) {
        const snapshot = await realmSnapshot(deps, params.realm);
        setVersion(res, snapshot.version);
        res.json({ bindings: snapshot.def.bindings, slots: BINDING_SLOTS, clientOverrideSlots: CLIENT_OVERRIDE_SLOTS, version: snapshot.version });
      },
    }),
    route({
      method: 'put',
      path: '/realms/:realm/bindings/:slot',
      summary: 'Binds a flow to a slot',
      params: SLOT_PARAMS,
      request: BIND,
      response: { description: 'The bindings now', schema: ref('BindingsChanged'), etag: true },
      ifMatch: 'required',
      errors: CHANGE_ERRORS,
      async handler({ deps, req, res, params, body }) {
        await bind(deps, req, res, params.realm, params.slot, body.flow);
      },
    }),
    route({
      method: 'delete',
      path: '/realms/:realm/bindings/:slot',
      summary: 'Unbinds a slot',
      params: SLOT_PARAMS,
      response: { description: 'The bindings now', schema: ref('BindingsChanged'), etag: true },
      ifMatch: 'required',
      errors: CHANGE_ERRORS,
      async handler({ deps, req, res, params }) {
        await bind(deps, req, res, params.realm, params.slot, undefined);
      },
    }),
    route({
      method: 'put',
      path: '/realms/:realm/clients/:clientId/overrides/:slot',
      summary: "Sets a client's flow override for a slot",
      params: OVERRIDE_PARAMS,
      request: BIND,
      response: { description: 'The client now', schema: ref('Client'), etag: true },
      ifMatch: 'required',
      errors: OVERRIDE_ERRORS,
      async handler({ deps, req, res, params, body }) {
        await override(deps, req, res, params, body.flow);
      },
    }),
    route({
      method: 'delete',
      path: '/realms/:realm/clients/:clientId/overrides/:slot',
      summary: "Removes a client's flow override",
      params: OVERRIDE_PARAMS,
      response: { description: 'The client now', schema: ref('Client'), etag: true },
      ifMatch: 'required',
      errors: OVERRIDE_ERRORS,
      async handler({ deps, req, res, params }) {
        await override(deps, req, res, params, undefined);
      },
    }),
  ],
  schemas: {
    Bindings: {
      type: 'object',
      additionalProperties: false,
      required: ['bindings', 'slots', 'clientOverrideSlots', 'version'],
      properties: {
        bindings: ref('SlotBindings'),
        slots: { type: 'array', items: { enum: [...BINDING_SLOTS] }, description: 'Every slot of a realm.' },
        clientOverrideSlots: { type: 'array', items: { enum: [...CLIENT_OVERRIDE_SLOTS] }, description: 'The slots a client may override.' },
        version: { type: 'integer', description: "The realm's version." },
      },
    },
    BindingsChanged: {
      type: 'object',
      additionalProperties: false,
      required: ['bindings', 'version'],
      properties: { bindings: ref('SlotBindings'), version: { type: 'integer', description: "The realm's version." } },
    },
    SlotBindings: {
      type: 'object',
      additionalProperties: false,
      description: 'The flow bound to each slot; an unbound slot is left out.',
      properties: Object.fromEntries(BINDING_SLOTS.map((slot) => [slot, { type: 'string' }])),
    },
  },
};

/** Binds `flow` to `slot` (or unbinds it) and answers the bindings now. */
async function bind(deps: AdminApiDeps, req: Request, res: Response, realm: string, slot: string, flow: string | undefined): Promise<void> {
  const after = await changeRealmDocument(deps, req, res, {
    realm,
    action: flow === undefined ? 'binding.remove' : 'binding.set',
    resource: resourcePath('realms', realm, 'bindings', slot),
    change: (doc) => {
      const others = Object.fromEntries(Object.entries(doc.bindings).filter(([s]) => s !== slot));
      return flow === undefined ? { doc: { ...doc, bindings: others } } : { doc: { ...doc, bindings: { ...doc.bindings, [slot]: flow } }, rebase: { from: `/bindings/${slot}`, to: '/flow' } };
    },
    view: (s) => s.def.bindings[slot as keyof typeof s.def.bindings] ?? null,
  });
  setVersion(res, after.version);
  res.json({ bindings: after.def.bindings, version: after.version });
}

/** Sets (or removes) a client's override of `slot` and answers the client now. */
async function override(deps: AdminApiDeps, req: Request, res: Response, params: { realm: string; clientId: string; slot: string }, flow: string | undefined): Promise<void> {
  const { realm, clientId, slot } = params;
  refuseManaged(realm, clientId);
  const after = await changeRealmDocument(deps, req, res, {
    realm,
    action: flow === undefined ? 'client.override.remove' : 'client.override.set',
    resource: resourcePath('realms', realm, 'clients', clientId, 'overrides', slot),
    change: (doc) => {
      const index = clientIndex(doc.clients, clientId);
      const clients = doc.clients.map((c, i) => {
        if (i !== index) return c;
        const overrides = Object.fromEntries(Object.entries(c.flowOverrides).filter(([s]) => s !== slot));
        return { ...c, flowOverrides: flow === undefined ? overrides : { ...overrides, [slot]: flow } };
      });
      return { doc: { ...doc, clients }, rebase: { from: `/clients/${index}/flowOverrides/${slot}`, to: '/flow' } };
    },
    view: (s) => s.def.clients.find((c) => c.clientId === clientId)?.flowOverrides ?? null,
  });
  await sendClient(deps, res, after, clientId);
}
