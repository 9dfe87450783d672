import type { Execution, FlowNode } from '../model';
import { deepFreeze } from '../../json/deep-freeze';
import { executionKey, type FlowDocument } from './flow-document';

/**
 * Builds the model of a flow file: references replaced by the referenced flow's node, every
 * execution given its path id (`browser/forms/identify-email`). A referenced flow is built anew
 * under each referencing path, so one flow used in two places gets distinct ids. Call only on a
 * checked catalog: no unknown references, no cycles, no duplicate keys.
 */
export function resolveFlow(doc: FlowDocument, flowFiles: ReadonlyMap<string, { readonly doc: FlowDocument }>): FlowNode {
  return deepFreeze(buildNode(doc, doc.alias, flowFiles));
}

function buildNode(doc: FlowDocument, idPrefix: string, flowFiles: ReadonlyMap<string, { readonly doc: FlowDocument }>): FlowNode {
  const executions = doc.executions.map((e): Execution => {
    const id = `${idPrefix}/${executionKey(e)}`;
    if (e.authenticator !== undefined || e.condition !== undefined) {
      return {
        kind: e.authenticator !== undefined ? 'authenticator' : 'condition',
        id,
        requirement: e.requirement,
        provider: (e.authenticator ?? e.condition) as string,
        // As written: defaults are applied when the step runs, so a plugin upgrade's new default
        // reaches flows that never set the option.
        config: e.config === undefined ? undefined : structuredClone(e.config),
      };
    }
    const target = typeof e.flow === 'string' ? flowFiles.get(e.flow)?.doc : e.flow;
    if (!target) throw new Error(`unresolved sub-flow at ${id}: the catalog was not checked`);
    const node = { kind: 'flow', id, requirement: e.requirement, flow: buildNode(target, id, flowFiles) } as const;
    return e.askFirst === true ? { ...node, askFirst: true } : node;
  });
  return doc.description === undefined ? { alias: doc.alias, executions } : { alias: doc.alias, description: doc.description, executions };
}

/**
 * Most executions one flow file may expand to, references included. Real flows have a few dozen;
 * the cap stops a flow that references another twice, which references another twice, and so on,
 * from growing exponentially when it is resolved.
 */
export const MAX_RESOLVED_EXECUTIONS = 1000;

/**
 * How many executions each flow file expands to, references counted in full (memoised per flow
 * file, so this stays linear). Call only when there are no unknown references and no cycles.
 */
export function expandedSizes(flowFiles: ReadonlyMap<string, { readonly doc: FlowDocument }>): Map<string, number> {
  const sizes = new Map<string, number>();
  const count = (doc: FlowDocument): number =>
    doc.executions.reduce((sum, e) => {
      if (typeof e.flow === 'string') return sum + 1 + fileSize(e.flow);
      return sum + 1 + (e.flow ? count(e.flow) : 0);
    }, 0);
  const fileSize = (alias: string): number => {
    let size = sizes.get(alias);
    if (size === undefined) {
      const file = flowFiles.get(alias);
      size = file ? count(file.doc) : 0;
      sizes.set(alias, size);
    }
    return size;
  };
  for (const alias of flowFiles.keys()) fileSize(alias);
  return sizes;
}
