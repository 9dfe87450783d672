import type { Execution, FlowNode } from './model';

/**
 * One level of a flow tree: the executions of one (sub-)flow, and the key under which the level's
 * "try another way" choice is kept. The key is the sub-flow execution's id, or the top flow's alias
 * for the top level, so the same sub-flow used twice still has two independent levels.
 */
export interface FlowLevel {
  readonly key: string;
  readonly flow: FlowNode;
}

/** One step on the way from the top flow down to an execution: the level and the execution in it. */
export interface PathStep {
  readonly level: FlowLevel;
  readonly execution: Execution;
}

/** The top level of a flow. */
export function topLevel(flow: FlowNode): FlowLevel {
  return { key: flow.alias, flow };
}

/** The level a sub-flow execution opens. */
export function subLevel(execution: Execution & { kind: 'flow' }): FlowLevel {
  return { key: execution.id, flow: execution.flow };
}

/**
 * The path from the top of `flow` to the execution with `executionId` (last step = that execution),
 * or `undefined` when the flow has no such execution. Depth-first in execution order.
 */
export function pathTo(flow: FlowNode, executionId: string): PathStep[] | undefined {
  return search(topLevel(flow), executionId);
}

function search(level: FlowLevel, executionId: string): PathStep[] | undefined {
  for (const execution of level.flow.executions) {
    if (execution.id === executionId) return [{ level, execution }];
    if (execution.kind === 'flow') {
      const below = search(subLevel(execution), executionId);
      if (below) return [{ level, execution }, ...below];
    }
  }
  return undefined;
}
