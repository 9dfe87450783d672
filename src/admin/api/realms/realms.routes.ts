import type { Response } from 'express';
import type { RealmDocument } from '../../../engine';
import { FlowgateError } from '../../../errors';
import type { AdminRealmSnapshot } from '../../../store/realm-admin.store';
import { ADMIN_REALM } from '../../admin-realm';
import { loadRealmDocuments, realmFiles } from '../../realm-documents';
import { changeRealmDocument, expectedVersion, LOADER_CODES, principalOf, REALM_PARAM, realmSnapshot, ref, requestBody, resourcePath, route, setVersion, type AdminRouteGroup } from '../kit';

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
const SETTINGS = { type: 'object', description: 'As `settings` of realm.schema.json; settings left out take their defaults.' } as const;
const CREATE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['realm'],
  properties: { realm: NAME, displayName: { type: 'string' }, settings: SETTINGS },
} as const;
const UPDATE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['displayName', 'settings'],
  properties: { displayName: { type: 'string' }, settings: SETTINGS },
} as const;

/** Realms: list, create, read and update settings (versioned), delete (never `admin`). */
export const realmsGroup: AdminRouteGroup = {
  tag: 'realms',
  routes: [
    route({
      method: 'get',
      path: '/realms',
      summary: 'Every realm',
      response: { description: 'The realms', schema: ref('RealmList') },
      async handler({ deps, res }) {
        res.json({ realms: await deps.realms.listRealms() });
      },
    }),
    route({
      method: 'post',
      path: '/realms',
      summary: 'Creates a realm (no flows, clients or bindings yet), checked like a realm file',
      request: requestBody<{ realm: string; displayName?: string; settings?: Record<string, unknown> }>('RealmCreate', CREATE_SCHEMA),
      response: { status: 201, description: 'The new realm', schema: ref('RealmSettings'), etag: true },
      errors: ['FG_ADMIN_REALM_EXISTS', ...LOADER_CODES],
      async handler({ deps, res, body }) {
        // Checked by the loader exactly like a realm file; a new realm has no flows yet.
        const def = loadRealmDocuments({ realm: body.realm, ...(body.displayName !== undefined && { displayName: body.displayName }), ...(body.settings && { settings: body.settings }) }, [], deps.registry);
        const created = await deps.realmAdmin.create(def);
        await deps.audit.record({ actor: principalOf(res), action: 'realm.create', resource: resourcePath('realms', def.name), realm: def.name, after: settingsDocument(created) });
        sendSettings(res, created, 201);
      },
    }),
    route({
      method: 'get',
      path: '/realms/:realm',
      summary: "A realm's settings",
      params: { realm: REALM_PARAM },
      response: { description: 'The settings', schema: ref('RealmSettings'), etag: true },
      errors: ['FG_UNKNOWN_REALM'],
      async handler({ deps, res, params }) {
        sendSettings(res, await realmSnapshot(deps, params.realm));
      },
    }),
    route({
      method: 'put',
      path: '/realms/:realm',
      summary: "Replaces a realm's display name and settings (omitted settings take their defaults)",
      params: { realm: REALM_PARAM },
      request: requestBody<{ displayName: string; settings: Record<string, unknown> }>('RealmUpdate', UPDATE_SCHEMA),
      response: { description: 'The settings now', schema: ref('RealmSettings'), etag: true },
      ifMatch: 'required',
      errors: ['FG_UNKNOWN_REALM', ...LOADER_CODES],
      async handler({ deps, req, res, params: { realm }, body }) {
        const after = await changeRealmDocument(deps, req, res, {
          realm,
          action: 'realm.update',
          resource: resourcePath('realms', realm),
          change: (doc) => ({ doc: { ...doc, displayName: body.displayName, settings: body.settings as unknown as RealmDocument['settings'] }, rebase: { from: '', to: '' } }),
          view: settingsDocument,
        });
        sendSettings(res, after);
      },
    }),
    route({
      method: 'delete',
      path: '/realms/:realm',
      summary: 'Deletes a realm with its flows, clients, users, sessions and pending sign-ins (never `admin`)',
      params: { realm: REALM_PARAM },
      response: { status: 204, description: 'Deleted' },
      ifMatch: 'required',
      errors: ['FG_UNKNOWN_REALM', 'FG_ADMIN_REALM_PROTECTED'],
      async handler({ deps, req, res, params: { realm } }) {
        if (realm === ADMIN_REALM) throw new FlowgateError('FG_ADMIN_REALM_PROTECTED', 'the admin realm is where administrators sign in');
        const deleted = await deps.realmAdmin.delete(realm, expectedVersion(req));
        if (!deleted) throw new FlowgateError('FG_UNKNOWN_REALM', `realm '${realm}'`);
        await deps.audit.record({ actor: principalOf(res), action: 'realm.delete', resource: resourcePath('realms', realm), realm, before: realmFiles(deleted.def) });
        res.status(204).end();
      },
    }),
  ],
  schemas: {
    RealmSummary: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'displayName', 'version'],
      properties: { name: { type: 'string' }, displayName: { type: 'string' }, version: { type: 'integer' } },
    },
    RealmList: { type: 'object', additionalProperties: false, required: ['realms'], properties: { realms: { type: 'array', items: ref('RealmSummary') } } },
    RealmSettings: {
      type: 'object',
      additionalProperties: false,
      required: ['realm', 'displayName', 'settings', 'version'],
      properties: {
        realm: { type: 'string' },
        displayName: { type: 'string' },
        settings: ref('RealmSettingValues'),
        version: { type: 'integer' },
      },
    },
    RealmSettingValues: {
      type: 'object',
      additionalProperties: false,
      required: ['loginTimeoutSeconds', 'defaultLocale', 'supportedLocales'],
      description: 'As `settings` of realm.schema.json, every default filled in (but `bruteForce`, which the realm file may leave out).',
      properties: {
        loginTimeoutSeconds: { type: 'integer', description: 'How long a sign-in may take before it must start again.' },
        defaultLocale: { type: 'string' },
        supportedLocales: { type: 'array', items: { type: 'string' } },
        bruteForce: {
          type: 'object',
          additionalProperties: false,
          required: ['enabled', 'failureFactor', 'waitIncrementSeconds', 'maxWaitSeconds', 'maxDeltaTimeSeconds'],
          description: 'Per-user brute-force protection for proofs such as email codes; absent, it is enabled with its defaults.',
          properties: {
            enabled: { type: 'boolean' },
            failureFactor: { type: 'integer' },
            waitIncrementSeconds: { type: 'integer' },
            maxWaitSeconds: { type: 'integer' },
            maxDeltaTimeSeconds: { type: 'integer' },
          },
        },
      },
    },
  },
};

/** The settings document of a realm snapshot. */
function settingsDocument(snapshot: AdminRealmSnapshot): RealmSettingsDocument {
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
