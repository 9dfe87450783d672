import { Router, type Response } from 'express';
import { actionSettings, type PluginRegistry, type RealmDefinition, type RealmDocument } from '../../../engine';
import { joinPointer } from '../../../json/json-pointer';
import { FlowgateError } from '../../../errors';
import type { AdminRealmSnapshot } from '../../../store/realm-admin.store';
import type { AdminApiDeps, AdminRouteGroup } from '../admin-deps';
import { handler } from '../admin-errors';
import { bodyValidator } from '../body-validator';
import { IF_MATCH, jsonBody, pathParameter, ref, responses } from '../openapi';
import { pathParam, realmParam, resourcePath } from '../params';
import { changeRealmDocument, realmSnapshot } from '../realm-changes';
import { setVersion } from '../versions';

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
    defaultAction: { type: 'boolean', description: 'Whether every user created from now on gets it pending; existing users are not given it. Default false.' },
    priority: { type: 'integer', description: 'Order among pending actions, lower first. Default 100.' },
    config: { type: 'object', description: "The action's options, checked against its config schema." },
  },
} as const;

/**
 * The realm's required actions: every registered one with the realm's settings for it (enabled,
 * default, priority, config), and setting them. Versioned with the realm; every save is loaded
 * as boot loads the realm file, and refused with the loader's codes (`FG_PLUGIN_CONFIG_INVALID`,
 * `FG_REALM_SCHEMA`) at the offending place in the body.
 */
export function requiredActionsGroup(deps: AdminApiDeps): AdminRouteGroup {
  const validateUpdate = bodyValidator<Record<string, unknown>>(UPDATE_SCHEMA);
  const r = Router();

  r.get(
    '/realms/:realm/required-actions',
    handler(async (req, res) => {
      const snapshot = await realmSnapshot(deps, realmParam(req));
      setVersion(res, snapshot.version);
      const actions = deps.registry.listRequiredActions().map((p) => actionDocument(deps.registry, snapshot.def, p.definition.id));
      res.json({ requiredActions: sortForDisplay(actions), version: snapshot.version });
    }),
  );

  r.get(
    '/realms/:realm/required-actions/:action',
    handler(async (req, res) => {
      const snapshot = await realmSnapshot(deps, realmParam(req));
      sendAction(res, deps.registry, snapshot, registeredAction(deps.registry, pathParam(req, 'action')));
    }),
  );

  r.put(
    '/realms/:realm/required-actions/:action',
    handler(async (req, res) => {
      const realm = realmParam(req);
      const id = registeredAction(deps.registry, pathParam(req, 'action'));
      const body = validateUpdate(req);
      const at = joinPointer('/requiredActions', id);
      const after = await changeRealmDocument(deps, req, res, {
        realm,
        action: 'required-action.update',
        resource: resourcePath('realms', realm, 'required-actions', id),
        change: (doc) => ({ doc: { ...doc, requiredActions: { ...doc.requiredActions, [id]: body } } as RealmDocument, rebase: { from: at, to: '' } }),
        view: (snapshot) => actionDocument(deps.registry, snapshot.def, id),
      });
      sendAction(res, deps.registry, after, id);
    }),
  );

  return { router: r, openapi: OPENAPI };
}

/** `id` when a plugin provides that required action; 404 otherwise. */
function registeredAction(registry: PluginRegistry, id: string): string {
  if (!registry.requiredAction(id)) throw new FlowgateError('FG_ADMIN_REQUIRED_ACTION_NOT_FOUND', `'${id.slice(0, 64)}'`);
  return id;
}

/** The document of registered action `id` in realm `def`. */
export function actionDocument(registry: PluginRegistry, def: RealmDefinition, id: string): RequiredActionDocument {
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

const REALM = pathParameter('realm', 'The realm name');
const ACTION = pathParameter('action', 'The required action id, e.g. `update-profile`');
const OPENAPI: AdminRouteGroup['openapi'] = {
  paths: {
    '/realms/{realm}/required-actions': {
      get: {
        tags: ['required actions'],
        summary: 'Every registered required action with how the realm runs it: enabled ones in the order they run, then the rest',
        parameters: [REALM],
        responses: responses(
          {
            description: "The actions and the realm's version",
            versioned: true,
            schema: { type: 'object', required: ['requiredActions', 'version'], properties: { requiredActions: { type: 'array', items: ref('RequiredAction') }, version: { type: 'integer' } } },
          },
          404,
        ),
      },
    },
    '/realms/{realm}/required-actions/{action}': {
      get: { tags: ['required actions'], summary: 'One required action', parameters: [REALM, ACTION], responses: responses({ description: 'The action', schema: ref('RequiredAction'), versioned: true }, 404) },
      put: {
        tags: ['required actions'],
        summary: "Sets how the realm runs the action (omitted settings take their defaults); the config is checked against the action's schema",
        parameters: [REALM, ACTION, IF_MATCH],
        requestBody: jsonBody(UPDATE_SCHEMA),
        responses: responses({ description: 'The action now', schema: ref('RequiredAction'), versioned: true }, 404, 409, 428),
      },
    },
  },
  schemas: {
    RequiredAction: {
      type: 'object',
      required: ['id', 'displayName', 'helpText', 'configSchema', 'configured', 'enabled', 'defaultAction', 'priority'],
      properties: {
        id: { type: 'string' },
        displayName: { type: 'string' },
        helpText: { type: 'string' },
        configSchema: { type: 'object', description: "The JSON Schema of the action's config, defaults inside." },
        configured: { type: 'boolean', description: 'Whether the realm lists the action; one it does not list is disabled.' },
        enabled: { type: 'boolean' },
        defaultAction: { type: 'boolean', description: 'Whether every user created from now on gets it pending; existing users are not given it.' },
        priority: { type: 'integer', description: 'Order among pending actions, lower first.' },
        config: { type: 'object', description: 'The config as the realm writes it (defaults not applied).' },
        version: { type: 'integer', description: "The realm's version (single reads only)." },
      },
    },
  },
};
