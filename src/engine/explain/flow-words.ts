import type { Execution, FlowNode } from '../model';

/** The name of a plugin as admins read it (its `displayName`), by kind and id. */
export type PluginName = (kind: 'authenticator' | 'condition', id: string) => string;

/**
 * A flow's structure in words, with Keycloak's semantics: REQUIRED steps joined by "then",
 * ALTERNATIVE ones by "or" (the first that works wins; the person may try another way), a
 * CONDITIONAL sub-flow as "if <conditions>: <steps>", DISABLED steps left out. Sub-flows with more
 * than one step are bracketed, so "cookie, or (identify-email, then (magic link or email OTP))"
 * reads unambiguously.
 */
export function describeFlow(flow: FlowNode, name: PluginName): string {
  return describeLevel(flow, name) || '(nothing runs)';
}

function describeLevel(flow: FlowNode, name: PluginName): string {
  const active = flow.executions.filter((e) => e.requirement !== 'DISABLED' && e.kind !== 'condition');
  const alternative = active.length > 0 && active.every((e) => e.requirement === 'ALTERNATIVE');
  const parts = active.map((e) => describeExecution(e, name)).filter((part) => part.length > 0);
  return parts.join(alternative ? ', or ' : ', then ');
}

function describeExecution(execution: Execution, name: PluginName): string {
  if (execution.kind === 'authenticator') return name('authenticator', execution.provider);
  if (execution.kind === 'condition') return '';
  const inner = describeLevel(execution.flow, name);
  if (inner.length === 0) return '';
  const bracketed = /, (then|or) /.test(inner) ? `(${inner})` : inner;
  if (execution.requirement !== 'CONDITIONAL') return bracketed;
  const conditions = execution.flow.executions
    .filter((e) => e.kind === 'condition' && e.requirement !== 'DISABLED')
    .map((e) => name('condition', (e as Execution & { kind: 'condition' }).provider));
  return `if ${conditions.join(' and ')}: ${bracketed}`;
}
