import type { PluginRegistry, RegisteredPlugin } from '../../../engine';
import { BASE_LOCALE, type MessageBundles } from '../../../i18n';
import type { Requirement } from '../../../spi/context';
import { ref, route, type AdminRouteGroup } from '../kit';

/** One plugin as the console offers it: what it is, where it may go, and its config form. */
export interface CatalogEntry {
  readonly id: string;
  /** The admin-facing name (the plugin's `displayName`). */
  readonly displayName: string;
  /** What people signing in see it called, from the English message bundle (`authenticator.<id>`), when it has such a text. */
  readonly label?: string;
  /** One or two sentences for admins. */
  readonly helpText: string;
  /** Requirements an execution of it may have; DISABLED is always among them. Absent for required actions. */
  readonly requirements?: readonly Requirement[];
  /** Whether a user must be identified before it runs (authenticators, conditions). */
  readonly requiresUser?: boolean;
  /** The JSON Schema of its config (defaults inside): the console renders its form from it. */
  readonly configSchema: object;
  /** `built-in`, or the path or package it was loaded from. */
  readonly source: string;
}

/** `GET /admin/api/catalog`: every authenticator, condition and required action that can be used. */
export interface CatalogDocument {
  readonly authenticators: readonly CatalogEntry[];
  readonly conditions: readonly CatalogEntry[];
  readonly requiredActions: readonly CatalogEntry[];
}

// Plugins are registered at boot and never change afterwards: each registry's document is built once.
const documents = new WeakMap<PluginRegistry, CatalogDocument>();

/** The plugin catalog, as the console's "add step" dialog and config forms need it. */
export const catalogGroup: AdminRouteGroup = {
  tag: 'catalog',
  routes: [
    route({
      method: 'get',
      path: '/catalog',
      summary: 'Every authenticator, condition and required action, with names, help, allowed requirements and config schemas',
      response: { description: 'The catalog', schema: ref('Catalog') },
      async handler({ deps, res }) {
        let document = documents.get(deps.registry);
        if (!document) documents.set(deps.registry, (document = catalogDocument(deps.registry, deps.bundles)));
        res.json(document);
      },
    }),
  ],
  schemas: {
    CatalogEntry: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'displayName', 'helpText', 'configSchema', 'source'],
      properties: {
        id: { type: 'string' },
        displayName: { type: 'string', description: "The admin-facing name (the plugin's `displayName`)." },
        label: { type: 'string', description: 'What people signing in see it called, from the English message bundle.' },
        helpText: { type: 'string' },
        requirements: { type: 'array', items: ref('Requirement'), description: 'Requirements an execution of it may have; absent for required actions.' },
        requiresUser: { type: 'boolean', description: 'Whether a user must be identified before it runs.' },
        configSchema: ref('ConfigSchema'),
        source: { type: 'string', description: '`built-in`, or the path or package it was loaded from.' },
      },
    },
    Catalog: {
      type: 'object',
      additionalProperties: false,
      required: ['authenticators', 'conditions', 'requiredActions'],
      properties: {
        authenticators: { type: 'array', items: ref('CatalogEntry') },
        conditions: { type: 'array', items: ref('CatalogEntry') },
        requiredActions: { type: 'array', items: ref('CatalogEntry') },
      },
    },
    Requirement: { enum: ['REQUIRED', 'ALTERNATIVE', 'CONDITIONAL', 'DISABLED'] },
    ConfigSchema: {
      type: 'object',
      description: "A plugin's config JSON Schema (an object schema, defaults inside; `\"x-localized\": true` marks a text by locale): the console renders its form from it.",
      properties: {
        type: { const: 'object' },
        properties: { type: 'object', additionalProperties: ref('ConfigProperty') },
        required: { type: 'array', items: { type: 'string' } },
      },
    },
    ConfigProperty: {
      type: 'object',
      description: 'One option of a config schema, as the console reads it; any other JSON Schema keyword may be there too.',
      properties: {
        type: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
        title: { type: 'string' },
        description: { type: 'string' },
        default: {},
        enum: { type: 'array' },
        items: ref('ConfigProperty'),
        properties: { type: 'object', additionalProperties: ref('ConfigProperty') },
        additionalProperties: { oneOf: [{ type: 'boolean' }, ref('ConfigProperty')] },
        required: { type: 'array', items: { type: 'string' } },
        minimum: { type: 'number' },
        maximum: { type: 'number' },
        exclusiveMinimum: { type: 'number' },
        exclusiveMaximum: { type: 'number' },
        minLength: { type: 'integer' },
        maxLength: { type: 'integer' },
        minItems: { type: 'integer' },
        maxItems: { type: 'integer' },
        pattern: { type: 'string' },
        format: { type: 'string' },
        'x-localized': { type: 'boolean', description: 'A text by locale: an object of locale to text.' },
      },
    },
  },
};

/** The catalog of `registry`, labels from the English bundle of `bundles`. */
function catalogDocument(registry: PluginRegistry, bundles: MessageBundles): CatalogDocument {
  const english = bundles.get(BASE_LOCALE);
  const entry = (plugin: RegisteredPlugin<{ id: string; displayName: string; helpText: string; configSchema: object }>, extra: Partial<CatalogEntry>): CatalogEntry => {
    const { id, displayName, helpText, configSchema } = plugin.definition;
    const label = english?.get(`authenticator.${id}`);
    return { id, displayName, ...(label !== undefined && { label }), helpText, ...extra, configSchema, source: plugin.source };
  };
  return {
    authenticators: registry.listAuthenticators().map((p) =>
      entry(p, { requirements: withDisabled(p.definition.requirements), requiresUser: p.definition.requiresUser }),
    ),
    conditions: registry.listConditions().map((p) => entry(p, { requirements: ['REQUIRED', 'DISABLED'], requiresUser: p.definition.requiresUser })),
    requiredActions: registry.listRequiredActions().map((p) => entry(p, {})),
  };
}

/** DISABLED is always accepted (the loader's rule): a step can be switched off without removing it. */
function withDisabled(requirements: readonly Requirement[]): Requirement[] {
  return requirements.includes('DISABLED') ? [...requirements] : [...requirements, 'DISABLED'];
}
