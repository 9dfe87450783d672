import type { ExecutionStatus } from './auth-session';
import { subLevel, topLevel, type FlowLevel } from './flow-tree';
import type { AuthenticatorExecution, ConditionExecution, Execution, FlowNode } from './model';

/**
 * The planner: given a flow and what has happened so far, decides what happens next. Pure and
 * synchronous; the executor calls it again after every plugin call. It reproduces Keycloak's
 * `DefaultAuthenticationFlow` (REQUIRED / ALTERNATIVE / CONDITIONAL / DISABLED), with the loader's
 * stricter rules assumed: REQUIRED (or CONDITIONAL) and ALTERNATIVE never share a level, conditions
 * only sit inside CONDITIONAL sub-flows, and CONDITIONAL is only given to sub-flows.
 *
 * Sub-flow statuses are never stored: they are derived from their children on every call, so
 * nested success propagates upward by construction and can never go stale.
 */

/** What the planner knows. */
export interface PlanInput {
  /** Stored status of each authenticator execution, by execution id; absent means "not run yet". */
  readonly statuses: Readonly<Record<string, ExecutionStatus>>;
  /** Results of the condition executions evaluated so far in this pass, by execution id. */
  readonly conditions: Readonly<Record<string, boolean>>;
  /** The "try another way" choice of a level, by level key (see `FlowLevel`): run first there. */
  readonly selected: Readonly<Record<string, string>>;
}

/** Run this authenticator (its `authenticate`; again, if it is CHALLENGED). */
export interface RunDecision {
  readonly type: 'run';
  readonly execution: AuthenticatorExecution;
  /** The level the execution sits in. */
  readonly level: FlowLevel;
}

/** Evaluate this condition and plan again with its result in `conditions`. */
export interface EvaluateDecision {
  readonly type: 'evaluate';
  readonly execution: ConditionExecution;
  /** The CONDITIONAL sub-flow's level the condition sits in. */
  readonly level: FlowLevel;
}

/** The next step of a flow. */
export type PlanDecision = RunDecision | EvaluateDecision | { readonly type: 'success' } | { readonly type: 'failure' };

/** The derived state of one execution or level. `skipped` is a CONDITIONAL sub-flow whose conditions do not all hold. */
export type NodeState =
  | { readonly state: 'success' }
  | { readonly state: 'failure' }
  | { readonly state: 'skipped' }
  | { readonly state: 'pending'; readonly decision: RunDecision | EvaluateDecision };

const SUCCESS: NodeState = { state: 'success' };
const FAILURE: NodeState = { state: 'failure' };
const SKIPPED: NodeState = { state: 'skipped' };

/** Decides the next step of `flow` (a top-level flow). */
export function plan(flow: FlowNode, input: PlanInput): PlanDecision {
  const result = levelState(topLevel(flow), input);
  if (result.state === 'pending') return result.decision;
  return result.state === 'success' ? { type: 'success' } : { type: 'failure' };
}

/** The derived state of `execution`, which sits in `level`. Exported for the "try another way" options. */
export function executionState(level: FlowLevel, execution: Execution, input: PlanInput): NodeState {
  if (execution.requirement === 'DISABLED' || execution.kind === 'condition') return SKIPPED;
  if (execution.requirement === 'CONDITIONAL') return conditionalState(execution, input);
  if (execution.kind === 'flow') return levelState(subLevel(execution), input);
  switch (input.statuses[execution.id]) {
    case 'SUCCESS':
      return SUCCESS;
    case 'ATTEMPTED':
    case 'FAILED':
      return FAILURE;
    default:
      // Not run yet, or CHALLENGED: a challenged execution is continued (Keycloak re-runs it).
      return { state: 'pending', decision: { type: 'run', execution, level } };
  }
}

function levelState(level: FlowLevel, input: PlanInput): NodeState {
  const active = level.flow.executions.filter((e) => e.kind !== 'condition' && e.requirement !== 'DISABLED');
  const required = active.filter((e) => e.requirement !== 'ALTERNATIVE');
  return required.length > 0 ? requiredLevelState(level, required, input) : alternativeLevelState(level, active, input);
}

// Every REQUIRED must succeed, in order; the first one not yet done decides what happens next. A
// level of only skipped CONDITIONAL sub-flows has nothing that succeeded, so it fails (Keycloak).
function requiredLevelState(level: FlowLevel, required: readonly Execution[], input: PlanInput): NodeState {
  let succeeded = 0;
  for (const execution of required) {
    const result = executionState(level, execution, input);
    if (result.state === 'skipped') continue;
    if (result.state !== 'success') return result;
    succeeded++;
  }
  return succeeded > 0 ? SUCCESS : FAILURE;
}

function alternativeLevelState(level: FlowLevel, alternatives: readonly Execution[], input: PlanInput): NodeState {
  const states = alternatives.map((execution) => executionState(level, execution, input));
  if (states.some((s) => s.state === 'success')) return SUCCESS;
  // A sub-flow alternative may be done except for a condition nobody evaluated yet: learn it first,
  // or the level could start another alternative although this one has in fact already succeeded.
  const evaluation = states.find((s) => s.state === 'pending' && s.decision.type === 'evaluate');
  if (evaluation) return evaluation;
  const chosen = input.selected[level.key];
  const order = [...alternatives.keys()].sort((a, b) => rank(alternatives[a]!, chosen) - rank(alternatives[b]!, chosen));
  for (const index of order) {
    if (states[index]!.state === 'pending') return states[index]!;
  }
  return FAILURE;
}

const rank = (execution: Execution, chosen: string | undefined): number => (execution.id === chosen ? 0 : 1);

// A CONDITIONAL sub-flow runs as REQUIRED only when every enabled condition in it holds; the
// conditions are asked in order and the first that does not hold skips the sub-flow.
function conditionalState(execution: Execution, input: PlanInput): NodeState {
  if (execution.kind !== 'flow') return SKIPPED;
  const level = subLevel(execution);
  let conditions = 0;
  for (const child of execution.flow.executions) {
    if (child.kind !== 'condition' || child.requirement === 'DISABLED') continue;
    const holds = input.conditions[child.id];
    if (holds === undefined) return { state: 'pending', decision: { type: 'evaluate', execution: child, level } };
    if (!holds) return SKIPPED;
    conditions++;
  }
  return conditions > 0 ? levelState(level, input) : SKIPPED;
}
