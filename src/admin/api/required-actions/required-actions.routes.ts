import type { Response } from 'express';
import { actionSettings, type PluginRegistry, type RealmDefinition, type RealmDocument } from '../../../engine';
import { joinPointer } from '../../../json/json-pointer';
import { FlowgateError } from '../../../errors';
import type { AdminRealmSnapshot } from '../../../store/realm-admin.store';
import { changeRealmDocument, LOADER_CODES, REALM_PARAM, realmSnapshot, ref, requestBody, resourcePath, route, setVersion, type AdminRouteGroup } from '../kit';

/** A required action as the admin sees it: what the plugin is, and how the realm runs it. */
export interface RequiredActionDocument {
  readonly id: string;
  readonly displayName: string;
  readonly helpText: string;
  /** The JSON Schema of its config (defaults inside), for the config form. */
  readonly configSchema: unknown;
  /** Whether the realm lists it; an action it does not list is disabled. */
  readonly configured: boolean;
  readonly enabled: boolean;
  readonly defaultAction: boolean;
  readonly priority: number;
  /** The config as the realm writes it (the plugin's defaults not applied); absent when none. */
  readonly config?: Readonly<Record<string, unknown>>;
}

// The realm schema's default priority of a listed action, shown for actions the realm does not list.
const DEFAULT_PRIORITY = 100;

// Shapes only: the realm schema and the action's config schema (through the loader) check the values, with their own codes.
const UPDATE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    enabled: { type: 'boolean', description: 'Whether it runs. Default true.' },
    defaultAction: { type: 'boolean', description: 'Whether every new user gets it pending. Default false.' },
    priority: { type: 'integer', description: 'Order among pending actions, lower first. Default 100.' },
    config: { type: 'object', description: "The action's options, checked against its config schema." },
  },
} as const;

/** A validated update: what it names is written to the realm file's entry of the action. */
interface RequiredActionBody {
  readonly enabled?: boolean;
  readonly defaultAction?: boolean;
  readonly priority?: number;
  readonly config?: Record<string, unknown>;
}

const ACTION_PARAMS = { realm: REALM_PARAM, action: 'The required action id, e.g. `update-profile`' };
const ACTION = { schema: ref('RequiredAction'), etag: true } as const;

/**
 * The realm's required actions: every registered one with the realm's settings for it (enabled,
 * default, priority, config), and setting them. Versioned with the realm; every save is loaded
 * as boot loads the realm file, and refused with the loader's codes (`FG_PLUGIN_CONFIG_INVALID`,
 * `FG_REALM_SCHEMA`) at the offending place in the body.
 */
export const requiredActionsGroup: AdminRouteGroup = {
  tag: 'required actions',
  routes: [
    route({
      method: 'get',
      path: '/realms/:realm/required-actions',
      summary: 'Every registered required action with how the realm runs it: enabled ones in the order they run, then the rest',
      params: { realm: REALM_PARAM },
      response: { description: "The actions and the realm's version", schema: ref('RequiredActionList'), etag: true },
      errors: ['FG_UNKNOWN_REALM'],
      async handler({ deps, res, params }) {
        const snapshot = await realmSnapshot(deps, params.realm);
        setVersion(res, snapshot.version);
        const actions = deps.registry.listRequiredActions().map((p) => actionDocument(deps.registry, snapshot.def, p.definition.id));
        res.json({ requiredActions: sortForDisplay(actions), version: snapshot.version });
      },
    }),
    route({
      method: 'get',
      path: '/realms/:realm/required-actions/:action',
      summary: 'One required action',
      params: ACTION_PARAMS,
      response: { description: 'The action', ...ACTION },
      errors: ['FG_UNKNOWN_REALM', 'FG_ADMIN_REQUIRED_ACTION_NOT_FOUND'],
      async handler({ deps, res, params }) {
        const snapshot = await realmSnapshot(deps, params.realm);
        sendAction(res, deps.registry, snapshot, registeredAction(deps.registry, params.action));
      },
    }),
    route({
      method: 'put',
      path: '/realms/:realm/required-actions/:action',
      summary: "Sets how the realm runs the action (omitted settings take their defaults); the config is checked against the action's schema",
      params: ACTION_PARAMS,
      request: requestBody<RequiredActionBody>('RequiredActionUpdate', UPDATE_SCHEMA),
      response: { description: 'The action now', ...ACTION },
      ifMatch: 'required',
      errors: ['FG_UNKNOWN_REALM', 'FG_ADMIN_REQUIRED_ACTION_NOT_FOUND', ...LOADER_CODES],
      async handler({ deps, req, res, params: { realm, action }, body }) {
        const id = registeredAction(deps.registry, action);
        const at = joinPointer('/requiredActions', id);
        const after = await changeRealmDocument(deps, req, res, {
          realm,
          action: 'required-action.update',
          resource: resourcePath('realms', realm, 'required-actions', id),
          change: (doc) => ({ doc: { ...doc, requiredActions: { ...doc.requiredActions, [id]: body } } as RealmDocument, rebase: { from: at, to: '' } }),
          view: (snapshot) => actionDocument(deps.registry, snapshot.def, id),
        });
        sendAction(res, deps.registry, after, id);
      },
    }),
  ],
  schemas: {
    RequiredAction: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'displayName', 'helpText', 'configSchema', 'configured', 'enabled', 'defaultAction', 'priority'],
      properties: {
        id: { type: 'string' },
        displayName: { type: 'string' },
        helpText: { type: 'string' },
        configSchema: ref('ConfigSchema'),
        configured: { type: 'boolean', description: 'Whether the realm lists the action; one it does not list is disabled.' },
        enabled: { type: 'boolean' },
        defaultAction: { type: 'boolean', description: 'Whether every new user gets it pending.' },
        priority: { type: 'integer', description: 'Order among pending actions, lower first.' },
        config: { type: 'object', description: 'The config as the realm writes it (defaults not applied).' },
        version: { type: 'integer', description: "The realm's version (single reads only)." },
      },
    },
    RequiredActionList: {
      type: 'object',
      additionalProperties: false,
      required: ['requiredActions', 'version'],
      properties: { requiredActions: { type: 'array', items: ref('RequiredAction') }, version: { type: 'integer', description: "The realm's version." } },
    },
  },
};

/** `id` when a plugin provides that required action; 404 otherwise. */
function registeredAction(registry: PluginRegistry, id: string): string {
  if (!registry.requiredAction(id)) throw new FlowgateError('FG_ADMIN_REQUIRED_ACTION_NOT_FOUND', `'${id.slice(0, 64)}'`);
  return id;
}

/** The document of registered action `id` in realm `def`. */
function actionDocument(registry: PluginRegistry, def: RealmDefinition, id: string): RequiredActionDocument {
  const { definition } = registry.requiredAction(id)!;
  const settings = actionSettings(def, id);
  return {
    id,
    displayName: definition.displayName,
    helpText: definition.helpText,
    configSchema: definition.configSchema,
    configured: settings !== undefined,
    enabled: settings?.enabled ?? false,
    defaultAction: settings?.defaultAction ?? false,
    priority: settings?.priority ?? DEFAULT_PRIORITY,
    ...(settings?.config !== undefined && { config: settings.config }),
  };
}

// As they run: enabled ones by priority then id; then the rest by id.
function sortForDisplay(actions: RequiredActionDocument[]): RequiredActionDocument[] {
  const byId = (a: RequiredActionDocument, b: RequiredActionDocument): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return [...actions.filter((a) => a.enabled).sort((a, b) => a.priority - b.priority || byId(a, b)), ...actions.filter((a) => !a.enabled).sort(byId)];
}

function sendAction(res: Response, registry: PluginRegistry, snapshot: AdminRealmSnapshot, id: string): void {
  setVersion(res, snapshot.version);
  res.json({ ...actionDocument(registry, snapshot.def, id), version: snapshot.version });
}
