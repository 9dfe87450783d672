import * as fs from 'node:fs';
import * as path from 'node:path';
import { FlowgateError, FlowgateErrors } from '../../errors';
import type { RealmDefinition } from '../model';
import type { PluginRegistry } from '../plugin-registry';
import { Diagnostics } from '../../json/diagnostics';
import { documentKind, REALM_FILE_SUFFIX } from './document-kind';
import { exportFlow, exportRealm } from './flow-export';
import { parseJsonSource, valueSource } from '../../json/json-source';
import { loadRealms, type PipelineDocument } from './load-realms';

export { documentKind, REALM_FILE_SUFFIX, type DocumentKind } from './document-kind';
export { exportFlow, exportRealm } from './flow-export';
export {
  executionKey,
  type ClientDocument,
  type ExecutionDocument,
  type FlowDocument,
  type RealmDocument,
  type WrittenClientDocument,
  type WrittenRealmDocument,
} from './flow-document';
export { CLIENT_DEFAULTS, clientWithDefaults, usesGeneratedSecret, webOriginProblem } from './client-settings';
export type { TextDocument } from '../../spi/results';
import type { TextDocument } from '../../spi/results';


/**
 * Reads every `*.json` file directly inside `dir` (schemas and hidden files ignored) and loads it
 * as {@link loadDocuments} does. Every flow of the directory is built-in and available to every
 * realm of it. Throws `FlowgateErrors` listing every problem, FG_FLOWS_DIR_MISSING included.
 */
export function loadFlowsDirectory(dir: string, registry: PluginRegistry): RealmDefinition[] {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(dir);
  } catch {
    stat = undefined;
  }
  if (!stat?.isDirectory()) {
    throw new FlowgateErrors([new FlowgateError('FG_FLOWS_DIR_MISSING', `${dir} ${stat ? 'is not a directory' : 'does not exist'}`)]);
  }
  const docs: TextDocument[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    if (documentKind(name) === 'ignored') continue;
    const full = path.join(dir, name);
    // statSync follows symlinks, so a linked flow file counts; directories are skipped.
    if (!fs.statSync(full).isFile()) continue;
    docs.push({ file: name, text: fs.readFileSync(full, 'utf8'), builtIn: true });
  }
  return loadDocuments(docs, registry);
}

/**
 * Checks and loads flow and realm files given as text, each file's kind decided by its name
 * (`*.realm.json` realm, `*.schema.json` ignored, other `*.json` flow). Returns one frozen
 * `RealmDefinition` per realm file, each holding every flow. Throws `FlowgateErrors` with every
 * problem of every file (code, file, JSON pointer, line and column); nothing loads when anything
 * is wrong.
 */
export function loadDocuments(docs: readonly TextDocument[], registry: PluginRegistry): RealmDefinition[] {
  const relevant = docs.filter((d) => documentKind(d.file) !== 'ignored');
  const diags = new Diagnostics(relevant.map((d) => d.file));
  const pipeline = relevant.map((doc): PipelineDocument => {
    const parsed = parseJsonSource(doc.file, doc.text);
    for (const p of parsed.problems) {
      const path = p.pointer === undefined ? {} : { path: p.pointer };
      diags.push(new FlowgateError('FG_JSON_SYNTAX', p.message, { file: doc.file, ...path, ...p.position }));
    }
    return { kind: documentKind(doc.file) === 'realm' ? 'realm' : 'flow', source: parsed.source, recovered: parsed.recovered, builtIn: doc.builtIn ?? false };
  });
  const realms = loadRealms(pipeline, registry, diags);
  diags.throwIfAny();
  return realms ?? [];
}

/** Options of {@link validateFlowSave}. */
export interface FlowSaveOptions {
  /** Name of the flow in error locations. Default `<alias>.json`. */
  readonly file?: string;
  /** Alias of the flow this one replaces (a rename). Default: the flow's own alias. */
  readonly replaces?: string;
}

/**
 * Would saving `flow` (a parsed flow document, e.g. an admin API payload) into `realm` be valid?
 * Runs every check against the realm's other flows and its bindings and returns the realm as it
 * would be, or throws `FlowgateErrors` (pointers relative to `flow`; no line numbers, there is
 * no text). The saved flow is not built-in; the others keep their status.
 */
export function validateFlowSave(
  realm: RealmDefinition,
  flow: unknown,
  registry: PluginRegistry,
  options: FlowSaveOptions = {},
): RealmDefinition {
  const alias = typeof (flow as { alias?: unknown } | null)?.alias === 'string' ? (flow as { alias: string }).alias : undefined;
  const replaced = options.replaces ?? alias;
  const file = options.file ?? `${alias ?? 'flow'}.json`;
  const docs: PipelineDocument[] = [];
  for (const [other, node] of realm.flows) {
    if (other === replaced) continue;
    docs.push({ kind: 'flow', source: valueSource(`${other}.json`, exportFlow(node, realm.flows)), builtIn: realm.builtInFlows.has(other) });
  }
  // The payload belongs to the caller and schema defaults are filled in place: work on a copy.
  docs.push({ kind: 'flow', source: valueSource(file, structuredClone(flow)), builtIn: false });
  docs.push({ kind: 'realm', source: valueSource(`${realm.name}${REALM_FILE_SUFFIX}`, exportRealm(realm)), builtIn: false });
  const diags = new Diagnostics([file]);
  const realms = loadRealms(docs, registry, diags);
  diags.throwIfAny();
  const result = realms?.[0];
  if (!result) throw new Error('validateFlowSave: the realm did not load');
  return result;
}
