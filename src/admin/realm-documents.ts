import { exportFlow, exportRealm, type FlowDocument, loadDocuments, type PluginRegistry, REALM_FILE_SUFFIX, type RealmDefinition, type TextDocument, type WrittenRealmDocument } from '../engine';

/**
 * A realm as the files of a flows directory, and back through the loader. The admin API checks
 * every realm-level change (settings, clients, bindings, imports, flow deletions) by loading the
 * realm's files exactly as boot loads `flows/`, so it refuses what boot would refuse, with the
 * same codes and JSON paths.
 */

/** One flow of a realm as a document, and whether it is built-in. */
export interface FlowFile {
  readonly doc: FlowDocument;
  readonly builtIn: boolean;
}

/** File name of a flow's document: `<alias>.json`. */
export function flowFileName(alias: string): string {
  return `${alias}.json`;
}

/** File name of a realm's document: `<realm>.realm.json`. */
export function realmFileName(realm: string): string {
  return `${realm}${REALM_FILE_SUFFIX}`;
}

/** The realm's flows as documents (sub-flows that are flows of the realm written as references), by alias. */
export function flowFiles(def: RealmDefinition): Map<string, FlowFile> {
  return new Map([...def.flows].map(([alias, node]) => [alias, { doc: exportFlow(node, def.flows), builtIn: def.builtInFlows.has(alias) }]));
}

/**
 * The realm as the files of a flows directory, by file name: `<realm>.realm.json` first, then one
 * `<alias>.json` per flow in alias order. Loading them gives the same realm again.
 */
export function realmFiles(def: RealmDefinition): Record<string, WrittenRealmDocument | FlowDocument> {
  const files: Record<string, WrittenRealmDocument | FlowDocument> = { [realmFileName(def.name)]: exportRealm(def) };
  for (const [alias, file] of [...flowFiles(def)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) files[flowFileName(alias)] = file.doc;
  return files;
}

/**
 * Loads a realm document and flow documents as boot loads a flows directory, and returns the
 * realm; throws the loader's `FlowgateErrors` (file and JSON path of every problem) otherwise.
 * Documents are given as parsed values: they are serialised for the loader, which checks them
 * against the schemas as if read from disk.
 */
export function loadRealmDocuments(realm: unknown, flows: Iterable<FlowFile | { readonly doc: unknown; readonly builtIn: boolean; readonly file?: string }>, registry: PluginRegistry): RealmDefinition {
  const name = typeof (realm as { realm?: unknown } | null)?.realm === 'string' ? (realm as { realm: string }).realm : 'realm';
  const docs: TextDocument[] = [{ file: realmFileName(name), text: JSON.stringify(realm, null, 2) }];
  let i = 0;
  for (const flow of flows) {
    const alias = typeof (flow.doc as { alias?: unknown } | null)?.alias === 'string' ? (flow.doc as { alias: string }).alias : `flow-${i}`;
    const file = 'file' in flow && flow.file !== undefined ? flow.file : flowFileName(alias);
    docs.push({ file, text: JSON.stringify(flow.doc, null, 2), builtIn: flow.builtIn });
    i++;
  }
  const loaded = loadDocuments(docs, registry);
  return loaded[0]!;
}
