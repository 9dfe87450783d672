import { pathTo, subLevel } from './flow-tree';
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

/**
 * What the page of `executionId` offers to choose up front ("ask first"): when the next enabled
 * execution after it at its (REQUIRED) level is a sub-flow with `askFirst`, that sub-flow's
 * ALTERNATIVE executions that are still unprocessed and not `shownOtherwise`. The choice is then
 * kept under the sub-flow's level key, exactly where "try another way" keeps its choice, so the
 * planner enters the sub-flow at it. `shownOtherwise` leaves out authenticators that need an
 * account or that present themselves on pages through their own offer (a passkey: conditional UI):
 * the page is shown before anyone is identified, so what it offers is the same for everyone, and
 * those steps still run in flow order when no choice is sent. Fewer than two choices: nothing to
 * ask. Pure, like the planner.
 */
export function askFirstChoices(
  flow: FlowNode,
  executionId: string,
  input: Pick<PlanInput, 'statuses' | 'conditions'>,
  shownOtherwise: (provider: string) => boolean,
): AlternativeOptions | undefined {
  const step = pathTo(flow, executionId)?.at(-1);
  if (!step || step.execution.requirement !== 'REQUIRED') return undefined;
  const siblings = step.level.flow.executions;
  const next = siblings.slice(siblings.indexOf(step.execution) + 1).find((e) => e.requirement !== 'DISABLED' && e.kind !== 'condition');
  if (next?.kind !== 'flow' || next.askFirst !== true || next.requirement !== 'REQUIRED') return undefined;
  const level = subLevel(next);
  const planInput: PlanInput = { ...input, selected: {} };
  const options = level.flow.executions.filter(
    (e) =>
      e.requirement === 'ALTERNATIVE' &&
      e.kind !== 'condition' &&
      !(e.kind === 'authenticator' && shownOtherwise(e.provider)) &&
      executionState(level, e, planInput).state === 'pending',
  );
  return options.length > 1 ? { levelKey: level.key, options: options.map(toOption) } : undefined;
}

/** Whether `choice` is one of `options`: the one check every way of choosing goes through. */
export function isOffered(options: AlternativeOptions | undefined, choice: string): options is AlternativeOptions {
  return options?.options.some((o) => o.id === choice) === true;
}

/**
 * Records `choice` (already checked with `isOffered`) as the one to run first at the options'
 * level, where the planner looks; no choice forgets an earlier one, so the flow order applies.
 */
export function choose(state: { selected: Record<string, string> }, options: AlternativeOptions, choice: string | undefined): void {
  if (choice === undefined) delete state.selected[options.levelKey];
  else state.selected[options.levelKey] = choice;
}

function toOption(execution: Execution): AlternativeOption {
  if (execution.kind === 'flow') {
    const { alias, description } = execution.flow;
    return { id: execution.id, displayKey: `flow.${alias}`, kind: 'flow', name: alias, ...(description ? { description } : {}) };
  }
  return { id: execution.id, displayKey: `authenticator.${execution.provider}`, kind: 'authenticator', name: execution.provider };
}
