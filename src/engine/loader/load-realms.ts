import type { FlowNode, RealmDefinition } from '../model';
import type { PluginRegistry } from '../plugin-registry';
import type { Diagnostics } from '../../json/diagnostics';
import { buildCatalog, checkReferences } from './flow-catalog';
import { checkFlow } from './flow-checks';
import type { FlowDocument, RealmDocument } from './flow-document';
import { expandedSizes, MAX_RESOLVED_EXECUTIONS, resolveFlow } from './flow-resolver';
import type { JsonSource } from '../../json/json-source';
import { buildRealm, checkRealms } from './realm-builder';
import { checkFlowSchema, checkRealmSchema } from './schema-check';

/** A flow or realm document handed to the pipeline. */
export interface PipelineDocument {
  readonly kind: 'flow' | 'realm';
  /** The parsed document, or undefined when it could not be parsed (the error is already recorded). */
  readonly source: JsonSource | undefined;
  /** For an unparsable document, the parser's best guess at its content. */
  readonly recovered?: unknown;
  /** Whether its flow is built-in (read-only in the admin UI). */
  readonly builtIn: boolean;
}

/**
 * Checks every document and, when nothing is wrong, builds one realm per realm document; returns
 * undefined when anything was recorded in `diags`. All checks run even after a failure, so one
 * round reports every problem.
 */
export function loadRealms(docs: readonly PipelineDocument[], registry: PluginRegistry, diags: Diagnostics): RealmDefinition[] | undefined {
  const flows: Array<JsonSource & { value: FlowDocument }> = [];
  const realms: Array<JsonSource & { value: RealmDocument }> = [];
  const unreadable: string[] = [];
  const builtInSources = new Set<JsonSource>();
  for (const doc of docs) {
    if (doc.kind === 'flow') {
      if (doc.source && checkFlowSchema(doc.source, diags)) {
        flows.push(doc.source);
        if (doc.builtIn) builtInSources.add(doc.source);
      } else {
        const alias = aliasOf(doc.source?.value ?? doc.recovered);
        if (alias !== undefined) unreadable.push(alias);
      }
    } else if (doc.source && checkRealmSchema(doc.source, diags)) {
      realms.push(doc.source);
    }
  }
  if (!docs.some((d) => d.kind === 'realm')) {
    diags.general('FG_NO_REALM', 'add a realm file named `<name>.realm.json` next to the flows');
  }

  const catalog = buildCatalog(flows, unreadable, diags);
  checkReferences(catalog, diags);
  for (const flow of flows) checkFlow(flow, registry, diags);
  checkRealms(realms, catalog, registry, diags);
  if (!diags.empty) return undefined;

  for (const [alias, size] of expandedSizes(catalog.topLevel)) {
    if (size <= MAX_RESOLVED_EXECUTIONS) continue;
    const site = catalog.topLevel.get(alias);
    if (site) diags.at('FG_FLOW_TOO_LARGE', `'${alias}' expands to ${size} executions; at most ${MAX_RESOLVED_EXECUTIONS} are allowed`, site.source, '/executions');
  }
  if (!diags.empty) return undefined;

  const nodes = new Map<string, FlowNode>();
  const builtIn = new Set<string>();
  for (const [alias, site] of catalog.topLevel) {
    nodes.set(alias, resolveFlow(site.doc, catalog.topLevel));
    if (builtInSources.has(site.source)) builtIn.add(alias);
  }
  return realms.map((r) => buildRealm(r.value, nodes, builtIn));
}

function aliasOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || !Object.hasOwn(value, 'alias')) return undefined;
  const alias = (value as { alias: unknown }).alias;
  return typeof alias === 'string' ? alias : undefined;
}
