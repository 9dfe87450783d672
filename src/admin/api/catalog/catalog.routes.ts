import { Router } from 'express';
import type { PluginRegistry, RegisteredPlugin } from '../../../engine';
import { BASE_LOCALE, type MessageBundles } from '../../../i18n';
import type { Requirement } from '../../../spi/context';
import type { AdminApiDeps, AdminRouteGroup } from '../admin-deps';
import { handler } from '../admin-errors';
import { ref, responses } from '../openapi';

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

/** The plugin catalog, as the console's "add step" dialog and config forms need it. */
export function catalogGroup(deps: AdminApiDeps): AdminRouteGroup {
  // Plugins are registered at boot and never change afterwards: build the document once.
  const document = catalogDocument(deps.registry, deps.bundles);
  const r = Router();
  r.get(
    '/catalog',
    handler(async (_req, res) => {
      res.json(document);
    }),
  );
  return {
    router: r,
    openapi: {
      paths: {
        '/catalog': {
          get: {
            tags: ['catalog'],
            summary: 'Every authenticator, condition and required action, with names, help, allowed requirements and config schemas',
            responses: responses({ description: 'The catalog', schema: ref('Catalog') }),
          },
        },
      },
      schemas: {
        CatalogEntry: {
          type: 'object',
          required: ['id', 'displayName', 'helpText', 'configSchema', 'source'],
          properties: {
            id: { type: 'string' },
            displayName: { type: 'string' },
            label: { type: 'string' },
            helpText: { type: 'string' },
            requirements: { type: 'array', items: { enum: ['REQUIRED', 'ALTERNATIVE', 'CONDITIONAL', 'DISABLED'] } },
            requiresUser: { type: 'boolean' },
            configSchema: { type: 'object' },
            source: { type: 'string' },
          },
        },
        Catalog: {
          type: 'object',
          properties: {
            authenticators: { type: 'array', items: ref('CatalogEntry') },
            conditions: { type: 'array', items: ref('CatalogEntry') },
            requiredActions: { type: 'array', items: ref('CatalogEntry') },
          },
        },
      },
    },
  };
}

/** The catalog of `registry`, labels from the English bundle of `bundles`. */
export function catalogDocument(registry: PluginRegistry, bundles: MessageBundles): CatalogDocument {
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
