import { pathTo } from './flow-tree';
import type { Execution, FlowNode } from './model';
import { executionState, type PlanInput } from './planner';

/** One method the person may switch to with "try another way". */
export interface AlternativeOption {
  /** The execution to select: an authenticator or a sub-flow. */
  readonly id: string;
  /** Message key of its name: `authenticator.<provider id>` or `flow.<flow alias>`. */
  readonly displayKey: string;
  /** Whether choosing it runs one authenticator or a whole sub-flow. */
  readonly kind: 'authenticator' | 'flow';
  /** The authenticator's plugin id, or the sub-flow's alias. */
  readonly name: string;
  /** The sub-flow's description, if it has one. */
  readonly description?: string;
}

/** The choices "try another way" offers, and the level the choice is recorded for. */
export interface AlternativeOptions {
  /** Key of the level the options belong to; the choice is kept in `selected` under it. */
  readonly levelKey: string;
  /** The options, in flow order; the one in progress is among them. */
  readonly options: readonly AlternativeOption[];
}

/**
 * What "try another way" offers while `executionId` is the current step: going up from it, the
 * first level where the path is an ALTERNATIVE and that has at least one other alternative still
 * unprocessed (not attempted, not failed). In `cookie | forms{ identify, methods{ magic | otp } }`
 * with the person at `magic`, that is `magic` and `otp`; at `identify` there is nothing to offer
 * unless the top level has another unprocessed alternative. Pure, like the planner.
 */
export function tryAnotherWayOptions(
  flow: FlowNode,
  executionId: string,
  input: Pick<PlanInput, 'statuses' | 'conditions'>,
): AlternativeOptions | undefined {
  const path = pathTo(flow, executionId);
  if (!path) return undefined;
  const planInput: PlanInput = { ...input, selected: {} };
  for (let i = path.length - 1; i >= 0; i--) {
    const { level, execution: onPath } = path[i]!;
    if (onPath.requirement !== 'ALTERNATIVE') continue;
    const options = level.flow.executions.filter(
      (e) =>
        e.kind !== 'condition' &&
        e.requirement === 'ALTERNATIVE' &&
        (e === onPath || executionState(level, e, planInput).state === 'pending'),
    );
    if (options.length > 1) return { levelKey: level.key, options: options.map(toOption) };
  }
  return undefined;
}

function toOption(execution: Execution): AlternativeOption {
  if (execution.kind === 'flow') {
    const { alias, description } = execution.flow;
    return { id: execution.id, displayKey: `flow.${alias}`, kind: 'flow', name: alias, ...(description ? { description } : {}) };
  }
  return { id: execution.id, displayKey: `authenticator.${execution.provider}`, kind: 'authenticator', name: execution.provider };
}
