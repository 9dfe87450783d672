import { type ExecutionDocument, executionKey, type FlowDocument, type RealmDefinition } from '../../../engine';
import { FlowgateError } from '../../../errors';
import type { AdminRealmSnapshot } from '../../../store/realm-admin.store';
import { flowFiles, type FlowFile } from '../../realm-documents';

/**
 * Flow documents as the admin API edits them: the format of `flows/*.json`, plus execution ids
 * (`<alias>/<key>/…`, as the loader gives them) to address executions by.
 */

/** A flow document the API may change in place (a deep copy of a stored one). */
export interface EditableFlow {
  alias: string;
  description?: string;
  executions: EditableExecution[];
}

/** An execution of an `EditableFlow`. */
export interface EditableExecution {
  authenticator?: string;
  condition?: string;
  flow?: string | EditableFlow;
  requirement: ExecutionDocument['requirement'];
  config?: Record<string, unknown>;
  alias?: string;
  askFirst?: boolean;
}

/** An execution as `GET …/flows/{alias}` shows it: the file format plus its id. */
export interface ExecutionNode extends Omit<ExecutionDocument, 'flow'> {
  /** The execution's id, `<flow alias>/<key>/…`: address it by this in execution edits. */
  readonly id: string;
  /** An inline sub-flow (with ids), or the alias of another flow of the realm (a reference, edited there). */
  readonly flow?: string | FlowNodeDocument;
}

/** A flow or inline sub-flow with execution ids. */
export interface FlowNodeDocument {
  readonly alias: string;
  readonly description?: string;
  readonly executions: readonly ExecutionNode[];
}

/** Where a flow is used: such a flow can be neither deleted nor renamed. */
export interface FlowUsage {
  /** Realm slots bound to it. */
  readonly bindings: readonly string[];
  /** Client overrides naming it. */
  readonly clients: ReadonlyArray<{ readonly clientId: string; readonly slot: string }>;
  /** Other flows referencing it as a sub-flow. */
  readonly flows: readonly string[];
}

/** `GET /admin/api/realms/{realm}/flows/{alias}`: a flow as a tree with ids, its status and version. */
export interface FlowTreeDocument extends FlowNodeDocument {
  /** Built-in flows (from the flows directory) are read-only: copy one to change it. */
  readonly builtIn: boolean;
  /** The flow's version (also its ETag): send it as If-Match with every edit. */
  readonly version: number;
  readonly usage: FlowUsage;
}

/** The flow `alias` of the realm as a document; 404 `FG_ADMIN_FLOW_NOT_FOUND` when there is none. */
export function requireFlow(snapshot: AdminRealmSnapshot, alias: string): FlowFile & { version: number } {
  const file = flowFiles(snapshot.def).get(alias);
  if (!file) throw new FlowgateError('FG_ADMIN_FLOW_NOT_FOUND', `flow '${alias}' in realm '${snapshot.def.name}'`);
  return { ...file, version: snapshot.flowVersions.get(alias) ?? 1 };
}

/** A deep, editable copy of a flow document. */
export function editable(doc: FlowDocument): EditableFlow {
  return structuredClone(doc) as EditableFlow;
}

/** The tree document of flow `alias` in `snapshot`. */
export function flowTree(snapshot: AdminRealmSnapshot, alias: string): FlowTreeDocument {
  const file = requireFlow(snapshot, alias);
  return { ...withIds(file.doc, alias), builtIn: file.builtIn, version: file.version, usage: flowUsage(snapshot.def, alias) };
}

function withIds(doc: FlowDocument, prefix: string): FlowNodeDocument {
  const executions = doc.executions.map((e): ExecutionNode => {
    const id = `${prefix}/${executionKey(e)}`;
    const { flow, ...rest } = e;
    return flow === undefined ? { id, ...rest } : { id, ...rest, flow: typeof flow === 'string' ? flow : withIds(flow, id) };
  });
  return doc.description === undefined ? { alias: doc.alias, executions } : { alias: doc.alias, description: doc.description, executions };
}

/** Where flow `alias` is used in `def`. */
export function flowUsage(def: RealmDefinition, alias: string): FlowUsage {
  const bindings = Object.entries(def.bindings)
    .filter(([, bound]) => bound === alias)
    .map(([slot]) => slot);
  const clients = def.clients.flatMap((c) =>
    Object.entries(c.flowOverrides)
      .filter(([, flow]) => flow === alias)
      .map(([slot]) => ({ clientId: c.clientId, slot })),
  );
  const flows = [...flowFiles(def)].filter(([other, file]) => other !== alias && references(file.doc, alias)).map(([other]) => other);
  return { bindings, clients, flows };
}

/** Whether a flow is used anywhere. */
export function isUsed(usage: FlowUsage): boolean {
  return usage.bindings.length + usage.clients.length + usage.flows.length > 0;
}

/** A readable list of where a flow is used, for error details. */
export function describeUsage(usage: FlowUsage): string {
  return [
    ...usage.bindings.map((slot) => `bound to slot '${slot}'`),
    ...usage.clients.map((c) => `client '${c.clientId}' overrides '${c.slot}' with it`),
    ...usage.flows.map((flow) => `flow '${flow}' references it`),
  ].join('; ');
}

function references(doc: FlowDocument, alias: string): boolean {
  return doc.executions.some((e) => e.flow === alias || (typeof e.flow === 'object' && references(e.flow, alias)));
}

/** Every alias used in the realm: flows and inline sub-flows (aliases are unique across both). */
export function takenAliases(def: RealmDefinition): Set<string> {
  const taken = new Set<string>();
  const walk = (doc: FlowDocument): void => {
    taken.add(doc.alias);
    for (const e of doc.executions) if (typeof e.flow === 'object') walk(e.flow);
  };
  for (const file of flowFiles(def).values()) walk(file.doc);
  return taken;
}

/** Where an execution is: the list it is in, its index, and the id of the flow or sub-flow holding the list. */
export interface ExecutionSite {
  readonly list: EditableExecution[];
  readonly index: number;
  readonly parentId: string;
}

/**
 * Finds the execution with id `id` in `doc`, descending into inline sub-flows only: executions of a
 * referenced flow are edited in that flow. 404 `FG_ADMIN_EXECUTION_NOT_FOUND` otherwise.
 */
export function locateExecution(doc: EditableFlow, id: string): ExecutionSite {
  const site = find(doc.executions, doc.alias, id);
  if (!site) throw new FlowgateError('FG_ADMIN_EXECUTION_NOT_FOUND', `no execution '${id}' in flow '${doc.alias}' (executions of a referenced flow are edited in that flow)`);
  return site;
}

function find(list: EditableExecution[], prefix: string, id: string): ExecutionSite | undefined {
  for (const [index, execution] of list.entries()) {
    const own = `${prefix}/${executionKey(execution as ExecutionDocument)}`;
    if (own === id) return { list, index, parentId: prefix };
    if (typeof execution.flow === 'object' && id.startsWith(`${own}/`)) {
      const inner = find(execution.flow.executions, own, id);
      if (inner) return inner;
    }
  }
  return undefined;
}

/**
 * The executions list of the flow or inline sub-flow with id `parentId` (the flow's alias for its
 * top level). 404 `FG_ADMIN_EXECUTION_NOT_FOUND` when it is no inline sub-flow of `doc`.
 */
export function childList(doc: EditableFlow, parentId: string): EditableExecution[] {
  if (parentId === doc.alias) return doc.executions;
  const site = locateExecution(doc, parentId);
  const flow = site.list[site.index]!.flow;
  if (typeof flow !== 'object') {
    throw new FlowgateError('FG_ADMIN_EXECUTION_NOT_FOUND', `'${parentId}' is not an inline sub-flow of '${doc.alias}'`);
  }
  return flow.executions;
}

/**
 * A copy of `doc` named `alias`. Its inline sub-flows get new aliases (`<alias>-<old>`, made unique
 * against `taken`), because aliases are unique across a realm's flows and sub-flows; each renamed
 * sub-flow's execution keeps its key (an explicit `alias`), so ids read as in the original.
 */
export function copyFlowDocument(doc: FlowDocument, alias: string, taken: Set<string>): EditableFlow {
  const copy = editable(doc);
  copy.alias = alias;
  taken.add(alias);
  const rename = (flow: EditableFlow): void => {
    for (const execution of flow.executions) {
      if (typeof execution.flow !== 'object') continue;
      execution.alias ??= execution.flow.alias;
      execution.flow.alias = uniqueAlias(`${alias}-${execution.flow.alias}`, taken);
      rename(execution.flow);
    }
  };
  rename(copy);
  return copy;
}

/** Longest alias the flow schema allows. */
const MAX_ALIAS = 64;

function uniqueAlias(wanted: string, taken: Set<string>): string {
  const base = wanted.slice(0, MAX_ALIAS);
  let candidate = base;
  for (let n = 2; taken.has(candidate); n++) candidate = `${base.slice(0, MAX_ALIAS - String(n).length - 1)}-${n}`;
  taken.add(candidate);
  return candidate;
}
