import type { Diagnostics } from '../../json/diagnostics';
import type { FlowDocument } from './flow-document';
import { joinPointer } from '../../json/json-pointer';
import type { JsonSource } from '../../json/json-source';
import { didYouMean } from './suggest';

/** Where a flow (a flow file or an inline sub-flow) is written. */
export interface FlowSite {
  readonly alias: string;
  readonly doc: FlowDocument;
  readonly source: JsonSource;
  /** Pointer of the flow object in its file: `''` for a flow file, `/executions/1/flow` for a sub-flow. */
  readonly pointer: string;
  /** Alias of the flow file it belongs to (its own alias for a flow file). */
  readonly topLevel: string;
}

/** A sub-flow reference by alias: `{ "flow": "other" }`. */
export interface FlowReference {
  /** Alias of the flow file the reference is written in. */
  readonly from: string;
  readonly target: string;
  readonly source: JsonSource;
  /** Pointer of the `flow` string. */
  readonly pointer: string;
}

/**
 * Every flow alias of a set of flow files: the flow files themselves (referable and bindable) and
 * their inline sub-flows (neither), and the references between flow files.
 */
export class FlowCatalog {
  /** Flow files by alias, in document order; a file whose alias was taken is not in here. */
  readonly topLevel = new Map<string, FlowSite>();
  /** Every alias, flow files and inline sub-flows, at its first definition. */
  readonly sites = new Map<string, FlowSite>();
  readonly references: FlowReference[] = [];
  /**
   * Aliases of flow files that could not be read (syntax or schema errors, already reported).
   * References to them are not reported again as unknown.
   */
  readonly unreadable = new Set<string>();

  /** Describes where `alias` is defined, for messages. */
  describe(site: FlowSite): string {
    return site.pointer === '' ? `flow file ${site.source.file}` : `an inline sub-flow in ${site.source.file} at ${site.pointer}`;
  }

  /**
   * Why `alias` cannot be used as a reference or binding target, or undefined when it can (or
   * when its file was unreadable and the reason is already reported).
   */
  unknownReason(alias: string): string | undefined {
    if (this.topLevel.has(alias) || this.unreadable.has(alias)) return undefined;
    const inline = this.sites.get(alias);
    if (inline) {
      return `'${alias}' is ${this.describe(inline)}; only flow files can be referenced or bound (move it into a file of its own)`;
    }
    return `no flow file has the alias '${alias}'${didYouMean(alias, this.topLevel.keys())}`;
  }
}

/**
 * Registers every flow of `sources` (already schema-valid) and reports FG_DUPLICATE_ALIAS for an
 * alias defined twice, naming both places.
 */
export function buildCatalog(
  sources: ReadonlyArray<JsonSource & { value: FlowDocument }>,
  unreadableAliases: Iterable<string>,
  diags: Diagnostics,
): FlowCatalog {
  const catalog = new FlowCatalog();
  for (const alias of unreadableAliases) catalog.unreadable.add(alias);
  for (const source of sources) {
    const top = source.value.alias;
    const register = (doc: FlowDocument, pointer: string): void => {
      const site: FlowSite = { alias: doc.alias, doc, source, pointer, topLevel: top };
      const first = catalog.sites.get(doc.alias);
      if (first) {
        diags.at('FG_DUPLICATE_ALIAS', `'${doc.alias}' is already the alias of ${catalog.describe(first)}`, source, joinPointer(pointer, 'alias'));
      } else {
        catalog.sites.set(doc.alias, site);
        if (pointer === '') catalog.topLevel.set(doc.alias, site);
      }
      doc.executions.forEach((execution, i) => {
        const at = joinPointer(pointer, 'executions', i, 'flow');
        if (typeof execution.flow === 'string') {
          catalog.references.push({ from: top, target: execution.flow, source, pointer: at });
        } else if (execution.flow) {
          register(execution.flow, at);
        }
      });
    };
    register(source.value, '');
  }
  return catalog;
}

/** Reports references to flows that are not flow files (FG_UNKNOWN_FLOW) and reference cycles (FG_FLOW_CYCLE). */
export function checkReferences(catalog: FlowCatalog, diags: Diagnostics): void {
  for (const ref of catalog.references) {
    const reason = catalog.unknownReason(ref.target);
    if (reason) diags.at('FG_UNKNOWN_FLOW', reason, ref.source, ref.pointer);
  }
  reportCycles(catalog, diags);
}

function reportCycles(catalog: FlowCatalog, diags: Diagnostics): void {
  const outgoing = new Map<string, FlowReference[]>();
  for (const ref of catalog.references) {
    // Only references out of registered flow files: a duplicate file's references are moot.
    if (catalog.topLevel.get(ref.from)?.source !== ref.source || !catalog.topLevel.has(ref.target)) continue;
    outgoing.set(ref.from, [...(outgoing.get(ref.from) ?? []), ref]);
  }
  const done = new Set<string>();
  const stack: string[] = [];
  const reported = new Set<string>();
  const visit = (alias: string): void => {
    stack.push(alias);
    for (const ref of outgoing.get(alias) ?? []) {
      const at = stack.indexOf(ref.target);
      if (at !== -1) {
        const cycle = [...stack.slice(at), ref.target];
        const key = canonical(cycle.slice(0, -1));
        if (!reported.has(key)) {
          reported.add(key);
          diags.at('FG_FLOW_CYCLE', cycle.join(' -> '), ref.source, ref.pointer);
        }
      } else if (!done.has(ref.target)) {
        visit(ref.target);
      }
    }
    stack.pop();
    done.add(alias);
  };
  for (const alias of catalog.topLevel.keys()) if (!done.has(alias)) visit(alias);
}

/** One name per cycle whichever flow it was entered from: rotated to start at its smallest alias. */
function canonical(cycle: readonly string[]): string {
  let start = 0;
  cycle.forEach((a, i) => {
    if (a < (cycle[start] ?? a)) start = i;
  });
  return [...cycle.slice(start), ...cycle.slice(0, start)].join('>');
}
