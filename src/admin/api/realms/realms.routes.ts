import { Router, type Response } from 'express';
import type { RealmDocument } from '../../../engine';
import { FlowgateError } from '../../../errors';
import type { AdminRealmSnapshot } from '../../../store/realm-admin.store';
import { ADMIN_REALM } from '../../admin-realm';
import { loadRealmDocuments, realmFiles } from '../../realm-documents';
import type { AdminApiDeps, AdminRouteGroup } from '../admin-deps';
import { handler } from '../admin-errors';
import { bodyValidator } from '../body-validator';
import { IF_MATCH, jsonBody, pathParameter, ref, responses } from '../openapi';
import { realmParam, resourcePath } from '../params';
import { principalOf } from '../principal';
import { changeRealmDocument, realmSnapshot } from '../realm-changes';
import { expectedVersion, setVersion } from '../versions';

/** A realm's name, display name and settings: what `GET /realms/{realm}` answers. */
export interface RealmSettingsDocument {
  readonly realm: string;
  readonly displayName: string;
  /** Every setting, defaults filled in (realm.schema.json `settings`). */
  readonly settings: RealmDocument['settings'];
  readonly version: number;
}

const NAME = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 64 } as const;
// Shapes only: the realm schema (through the loader) checks every setting, with its own codes.
const CREATE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['realm'],
  properties: { realm: NAME, displayName: { type: 'string' }, settings: { type: 'object' } },
} as const;
const UPDATE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['displayName', 'settings'],
  properties: { displayName: { type: 'string' }, settings: { type: 'object' } },
} as const;

/** Realms: list, create, read and update settings (versioned), delete (never `admin`). */
export function realmsGroup(deps: AdminApiDeps): AdminRouteGroup {
  const validateCreate = bodyValidator<{ realm: string; displayName?: string; settings?: Record<string, unknown> }>(CREATE_SCHEMA);
  const validateUpdate = bodyValidator<{ displayName: string; settings: Record<string, unknown> }>(UPDATE_SCHEMA);
  const r = Router();

  r.get(
    '/realms',
    handler(async (_req, res) => {
      res.json({ realms: await deps.realms.listRealms() });
    }),
  );

  r.post(
    '/realms',
    handler(async (req, res) => {
      const body = validateCreate(req);
      // Checked by the loader exactly like a realm file; a new realm has no flows yet.
      const def = loadRealmDocuments({ realm: body.realm, ...(body.displayName !== undefined && { displayName: body.displayName }), ...(body.settings && { settings: body.settings }) }, [], deps.registry);
      const created = await deps.realmAdmin.create(def);
      const document = settingsDocument(created);
      await deps.audit.record({ actor: principalOf(res), action: 'realm.create', resource: resourcePath('realms', def.name), realm: def.name, after: document });
      sendSettings(res, created, 201);
    }),
  );

  r.get(
    '/realms/:realm',
    handler(async (req, res) => {
      sendSettings(res, await realmSnapshot(deps, realmParam(req)));
    }),
  );

  r.put(
    '/realms/:realm',
    handler(async (req, res) => {
      const realm = realmParam(req);
      const body = validateUpdate(req);
      const after = await changeRealmDocument(deps, req, res, {
        realm,
        action: 'realm.update',
        resource: resourcePath('realms', realm),
        change: (doc) => ({ doc: { ...doc, displayName: body.displayName, settings: body.settings as unknown as RealmDocument['settings'] }, rebase: { from: '', to: '' } }),
        view: settingsDocument,
      });
      sendSettings(res, after);
    }),
  );

  r.delete(
    '/realms/:realm',
    handler(async (req, res) => {
      const realm = realmParam(req);
      if (realm === ADMIN_REALM) throw new FlowgateError('FG_ADMIN_REALM_PROTECTED', 'the admin realm is where administrators sign in');
      const deleted = await deps.realmAdmin.delete(realm, expectedVersion(req));
      if (!deleted) throw new FlowgateError('FG_UNKNOWN_REALM', `realm '${realm}'`);
      await deps.audit.record({ actor: principalOf(res), action: 'realm.delete', resource: resourcePath('realms', realm), realm, before: realmFiles(deleted.def) });
      res.status(204).end();
    }),
  );

  return { router: r, openapi: OPENAPI };
}

/** The settings document of a realm snapshot. */
export function settingsDocument(snapshot: AdminRealmSnapshot): RealmSettingsDocument {
  const { settings } = snapshot.def;
  return {
    realm: snapshot.def.name,
    displayName: snapshot.def.displayName,
    settings: { ...settings, supportedLocales: [...settings.supportedLocales] } as RealmDocument['settings'],
    version: snapshot.version,
  };
}

function sendSettings(res: Response, snapshot: AdminRealmSnapshot, status = 200): void {
  setVersion(res, snapshot.version);
  res.status(status).json(settingsDocument(snapshot));
}

const REALM = pathParameter('realm', 'The realm name');
const OPENAPI: AdminRouteGroup['openapi'] = {
  paths: {
    '/realms': {
      get: {
        tags: ['realms'],
        summary: 'Every realm',
        responses: responses({ description: 'The realms', schema: { type: 'object', properties: { realms: { type: 'array', items: ref('RealmSummary') } } } }),
      },
      post: {
        tags: ['realms'],
        summary: 'Creates a realm (no flows, clients or bindings yet), checked like a realm file',
        requestBody: jsonBody(CREATE_SCHEMA),
        responses: responses({ status: 201, description: 'The new realm', schema: ref('RealmSettings'), versioned: true }, 409),
      },
    },
    '/realms/{realm}': {
      get: { tags: ['realms'], summary: "A realm's settings", parameters: [REALM], responses: responses({ description: 'The settings', schema: ref('RealmSettings'), versioned: true }, 404) },
      put: {
        tags: ['realms'],
        summary: "Replaces a realm's display name and settings (omitted settings take their defaults)",
        parameters: [REALM, IF_MATCH],
        requestBody: jsonBody(UPDATE_SCHEMA),
        responses: responses({ description: 'The settings now', schema: ref('RealmSettings'), versioned: true }, 404, 409, 428),
      },
      delete: {
        tags: ['realms'],
        summary: 'Deletes a realm with its flows, clients, users, sessions and pending sign-ins (never `admin`)',
        parameters: [REALM, IF_MATCH],
        responses: responses({ status: 204, description: 'Deleted' }, 404, 409, 428),
      },
    },
  },
  schemas: {
    RealmSummary: { type: 'object', properties: { name: { type: 'string' }, displayName: { type: 'string' }, version: { type: 'integer' } } },
    RealmSettings: {
      type: 'object',
      required: ['realm', 'displayName', 'settings', 'version'],
      properties: {
        realm: { type: 'string' },
        displayName: { type: 'string' },
        settings: { type: 'object', description: 'As `settings` of realm.schema.json, every default filled in.' },
        version: { type: 'integer' },
      },
    },
  },
};
