import { Router } from 'express';
import { BINDING_SLOTS, CLIENT_OVERRIDE_SLOTS } from '../../../engine';
import { FlowgateError } from '../../../errors';
import type { AdminApiDeps, AdminRouteGroup } from '../admin-deps';
import { handler } from '../admin-errors';
import { bodyValidator } from '../body-validator';
import { clientIndex, refuseManaged } from '../clients/clients.routes';
import { IF_MATCH, jsonBody, pathParameter, ref, responses } from '../openapi';
import { pathParam, realmParam, resourcePath } from '../params';
import { changeRealmDocument, realmSnapshot } from '../realm-changes';
import { setVersion } from '../versions';

const BIND_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['flow'],
  properties: { flow: { type: 'string', minLength: 1, description: 'The alias of a top-level flow of the realm.' } },
} as const;

/**
 * Which flow runs where: the realm's slots (`browser`, `registration`, `direct-grant`,
 * `reset-credentials`) and each client's overrides (`browser`, `direct-grant`). A flow that does
 * not exist (or is an inline sub-flow) is refused with the loader's `FG_UNKNOWN_FLOW` at `/flow`.
 * The realm's version guards them (If-Match).
 */
export function bindingsGroup(deps: AdminApiDeps): AdminRouteGroup {
  const validateBind = bodyValidator<{ flow: string }>(BIND_SCHEMA);
  const r = Router();

  r.get(
    '/realms/:realm/bindings',
    handler(async (req, res) => {
      const snapshot = await realmSnapshot(deps, realmParam(req));
      setVersion(res, snapshot.version);
      res.json({ bindings: snapshot.def.bindings, slots: BINDING_SLOTS, clientOverrideSlots: CLIENT_OVERRIDE_SLOTS, version: snapshot.version });
    }),
  );

  r.put(
    '/realms/:realm/bindings/:slot',
    handler(async (req, res) => {
      const realm = realmParam(req);
      const slot = slotParam(pathParam(req, 'slot'), BINDING_SLOTS);
      const { flow } = validateBind(req);
      const after = await changeRealmDocument(deps, req, res, {
        realm,
        action: 'binding.set',
        resource: resourcePath('realms', realm, 'bindings', slot),
        change: (doc) => ({ doc: { ...doc, bindings: { ...doc.bindings, [slot]: flow } }, rebase: { from: `/bindings/${slot}`, to: '/flow' } }),
        view: (s) => s.def.bindings[slot] ?? null,
      });
      setVersion(res, after.version);
      res.json({ bindings: after.def.bindings, version: after.version });
    }),
  );

  r.delete(
    '/realms/:realm/bindings/:slot',
    handler(async (req, res) => {
      const realm = realmParam(req);
      const slot = slotParam(pathParam(req, 'slot'), BINDING_SLOTS);
      const after = await changeRealmDocument(deps, req, res, {
        realm,
        action: 'binding.remove',
        resource: resourcePath('realms', realm, 'bindings', slot),
        change: (doc) => ({ doc: { ...doc, bindings: Object.fromEntries(Object.entries(doc.bindings).filter(([s]) => s !== slot)) } }),
        view: (s) => s.def.bindings[slot] ?? null,
      });
      setVersion(res, after.version);
      res.json({ bindings: after.def.bindings, version: after.version });
    }),
  );

  const override = (remove: boolean) =>
    handler(async (req, res) => {
      const realm = realmParam(req);
      const clientId = pathParam(req, 'clientId');
      const slot = slotParam(pathParam(req, 'slot'), CLIENT_OVERRIDE_SLOTS);
      const flow = remove ? undefined : validateBind(req).flow;
      refuseManaged(realm, clientId);
      const after = await changeRealmDocument(deps, req, res, {
        realm,
        action: remove ? 'client.override.remove' : 'client.override.set',
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
      const client = after.def.clients.find((c) => c.clientId === clientId);
      setVersion(res, after.version);
      res.json({ ...client, version: after.version });
    });
  r.put('/realms/:realm/clients/:clientId/overrides/:slot', override(false));
  r.delete('/realms/:realm/clients/:clientId/overrides/:slot', override(true));

  return { router: r, openapi: OPENAPI };
}

function slotParam<S extends string>(slot: string, slots: readonly S[]): S {
  if (!(slots as readonly string[]).includes(slot)) throw new FlowgateError('FG_ADMIN_NOT_FOUND', `no slot '${slot.slice(0, 64)}' (slots: ${slots.join(', ')})`);
  return slot as S;
}

const REALM = pathParameter('realm', 'The realm name');
const SLOT = pathParameter('slot', 'The slot');
const CLIENT = pathParameter('clientId', 'The client id');
const BINDINGS = { type: 'object', properties: { bindings: { type: 'object', additionalProperties: { type: 'string' } }, version: { type: 'integer' } } };
const OPENAPI: AdminRouteGroup['openapi'] = {
  paths: {
    '/realms/{realm}/bindings': {
      get: { tags: ['bindings'], summary: "The realm's slots and the flows bound to them", parameters: [REALM], responses: responses({ description: 'The bindings', schema: BINDINGS, versioned: true }, 404) },
    },
    '/realms/{realm}/bindings/{slot}': {
      put: {
        tags: ['bindings'],
        summary: 'Binds a flow to a slot',
        parameters: [REALM, SLOT, IF_MATCH],
        requestBody: jsonBody(BIND_SCHEMA),
        responses: responses({ description: 'The bindings now', schema: BINDINGS, versioned: true }, 404, 409, 428),
      },
      delete: { tags: ['bindings'], summary: 'Unbinds a slot', parameters: [REALM, SLOT, IF_MATCH], responses: responses({ description: 'The bindings now', schema: BINDINGS, versioned: true }, 404, 409, 428) },
    },
    '/realms/{realm}/clients/{clientId}/overrides/{slot}': {
      put: {
        tags: ['bindings'],
        summary: "Sets a client's flow override for a slot",
        parameters: [REALM, CLIENT, SLOT, IF_MATCH],
        requestBody: jsonBody(BIND_SCHEMA),
        responses: responses({ description: 'The client now', schema: ref('Client'), versioned: true }, 404, 409, 428),
      },
      delete: {
        tags: ['bindings'],
        summary: "Removes a client's flow override",
        parameters: [REALM, CLIENT, SLOT, IF_MATCH],
        responses: responses({ description: 'The client now', schema: ref('Client'), versioned: true }, 404, 409, 428),
      },
    },
  },
};
