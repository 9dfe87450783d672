import type { ExecutionStatus } from '../auth-session';
import type { FlowLevel } from '../flow-tree';
import type { AuthenticatorExecution, ConditionExecution, FlowNode, RealmDefinition } from '../model';
import { plan, type PlanInput } from '../planner';
import type { PluginRegistry } from '../plugin-registry';
import { enabledActions, sortRequiredActions } from '../required-actions/realm-actions';
import type { UserView } from '../../spi/services';
import { applicability, evaluateCondition, type PluginFault } from '../executor/applicability';
import { ConfigCache } from '../executor/config-cache';
import { conditionContext, executionInfo } from '../executor/plugin-context';
import { DEFAULT_MAX_PLUGIN_CALLS, PluginInvoker } from '../executor/plugin-invoker';
import { siblingsOf } from '../executor/siblings';
import { checkScope } from './check-scope';
import { describeFlow } from './flow-words';

/** The person a flow check imagines signing in. Everything is optional. */
export interface ExampleUser {
  /** Whether they have an account in the realm. Default true. */
  readonly exists?: boolean;
  readonly email?: string;
  readonly emailVerified?: boolean;
  /** Profile attributes (conditions such as `condition-user-attribute` read them). */
  readonly attributes?: Readonly<Record<string, readonly string[]>>;
  /** Required actions already pending on the account. */
  readonly requiredActions?: readonly string[];
}

/** How an authenticator that decides without asking the person ends in the check. */
export type AssumedResult = 'success' | 'attempted' | 'failed';

/** What a flow check runs on. */
export interface FlowCheckInput {
  readonly realm: RealmDefinition;
  readonly flow: FlowNode;
  readonly registry: PluginRegistry;
  readonly example: ExampleUser;
  /**
   * How authenticators that never show a page (they decide by themselves, like `cookie`) end, by
   * plugin id. Without an entry such a step is assumed not to apply (attempted): e.g. pass
   * `{ cookie: 'success' }` to check the flow for a browser that already has a session.
   */
  readonly assume?: Readonly<Record<string, AssumedResult>>;
  /** How long one plugin handler may take, as in a sign-in (the server's `pluginTimeoutMs`); the engine's default when absent. */
  readonly pluginTimeoutMs?: number;
}

/** One step the check walked through, in order. */
export interface FlowCheckStep {
  readonly execution: string;
  readonly kind: 'authenticator' | 'condition';
  /** The plugin's display name. */
  readonly name: string;
  /**
   * `asks` (a page for the person; assumed done), `decides` (decided by itself as assumed),
   * `not-applicable` (needs an identified user, or is not configured for this one), `holds` /
   * `does-not-hold` (a condition), `unknown-plugin`, `fails` (the plugin threw, timed out or
   * answered nonsense, or its config is refused: the sign-in fails there, as it would for real).
   */
  readonly result: 'asks' | 'decides' | 'not-applicable' | 'holds' | 'does-not-hold' | 'unknown-plugin' | 'fails';
  /** Alternatives at the same level the person could switch to ("try another way"). */
  readonly insteadOf?: readonly string[];
  readonly detail?: string;
}

/** What a flow would do for the example user, and the flow's structure in words. */
export interface FlowCheck {
  /** The flow's structure: "Cookie, or (Identify by email, then (Magic link, or Email OTP))". */
  readonly structure: string;
  readonly steps: readonly FlowCheckStep[];
  /** How the flow ends for them. */
  readonly outcome: 'success' | 'failure';
  /** Required actions that would run after the flow, in order (ids). */
  readonly requiredActions: readonly string[];
  /** All of the above as sentences, for the admin UI. */
  readonly text: string;
}

/** The most steps a check walks: far more than any loadable flow has, so a bug cannot loop. */
const MAX_STEPS = 500;

/**
 * Walks `flow` with the real planner for an imagined person: every step that asks the person is
 * assumed completed, steps that decide by themselves end as `assume` says, conditions are asked
 * for real (the condition plugins' `matches`, against the example user, with no services), and
 * plugins needing an identified user are skipped until one is. Applicability, the time limit and
 * the fault rule are the executor's own: a plugin that throws fails the check's sign-in as it would
 * fail a real one. Nothing is stored and no mail is sent.
 */
export async function checkFlow(input: FlowCheckInput): Promise<FlowCheck> {
  const { flow, registry, example } = input;
  const exists = example.exists ?? true;
  const name = (kind: 'authenticator' | 'condition', id: string): string =>
    (kind === 'authenticator' ? registry.authenticator(id) : registry.condition(id))?.definition.displayName ?? id;
  const user = exampleUserView(input.realm.name, example);
  const state = { statuses: {} as Record<string, ExecutionStatus>, conditions: {} as Record<string, boolean>, selected: {} as Record<string, string> };
  const steps: FlowCheckStep[] = [];
  let identified = false;
  const run: CheckRun = {
    input,
    configs: new ConfigCache(registry),
    invoker: new PluginInvoker({ maxPluginCalls: DEFAULT_MAX_PLUGIN_CALLS, ...(input.pluginTimeoutMs !== undefined && { pluginTimeoutMs: input.pluginTimeoutMs }) }),
    user: () => (identified ? user : undefined),
    name,
  };
  const finish = (outcome: 'success' | 'failure'): FlowCheck => {
    const requiredActions = outcome === 'success' ? pendingActions(input.realm, example, exists) : [];
    const structure = describeFlow(flow, name);
    return { structure, steps, outcome, requiredActions, text: sentences(structure, steps, outcome, requiredActions, exists) };
  };

  for (let i = 0; i < MAX_STEPS; i++) {
    const decision = plan(flow, state as PlanInput);
    if (decision.type === 'success' || decision.type === 'failure') return finish(decision.type);
    if (decision.type === 'evaluate') {
      const step = await conditionStep(run, decision.execution, decision.level);
      steps.push(step);
      // A condition that fails fails the sign-in (never read as "does not hold"), as in the executor.
      if (step.result === 'fails') return finish('failure');
      state.conditions[decision.execution.id] = step.result === 'holds';
      continue;
    }
    const step = await runStep(run, decision.execution, decision.level);
    steps.push(step.step);
    if (step.step.result === 'fails') return finish('failure');
    state.statuses[decision.execution.id] = step.status;
    if (step.identifies) identified = true;
  }
  throw new Error(`flow check of '${flow.alias}' did not finish within ${MAX_STEPS} steps`);
}

/** What one check's steps share. */
interface CheckRun {
  readonly input: FlowCheckInput;
  readonly configs: ConfigCache;
  readonly invoker: PluginInvoker;
  /** The example user once a step has identified them. */
  readonly user: () => UserView | undefined;
  readonly name: (kind: 'authenticator' | 'condition', id: string) => string;
}

async function runStep(run: CheckRun, execution: AuthenticatorExecution, level: FlowLevel): Promise<{ status: ExecutionStatus; identifies: boolean; step: FlowCheckStep }> {
  const { input, name } = run;
  const base = { execution: execution.id, kind: 'authenticator' as const, name: name('authenticator', execution.provider) };
  const insteadOf = level.flow.executions
    .filter((e) => e.id !== execution.id && e.requirement === 'ALTERNATIVE')
    .map((e) => (e.kind === 'flow' ? e.flow.description ?? e.flow.alias : name('authenticator', e.provider)));
  const withOthers = insteadOf.length > 0 ? { insteadOf } : {};
  const unmet: ExecutionStatus = execution.requirement === 'REQUIRED' ? 'FAILED' : 'ATTEMPTED';
  const plugin = input.registry.authenticator(execution.provider);
  if (!plugin) return { status: 'FAILED', identifies: false, step: { ...base, result: 'unknown-plugin' } };
  const config = run.configs.get(plugin, execution);
  if (!config) return { status: 'FAILED', identifies: false, step: { ...base, result: 'fails', detail: 'its settings are refused by the plugin' } };
  const applies = await applicability(plugin.definition, config, async () => run.user(), run.invoker);
  if (applies.type === 'not-applicable') {
    const detail = run.user() ? 'not configured for this user' : 'needs an identified user';
    return { status: unmet, identifies: false, step: { ...base, ...withOthers, result: 'not-applicable', detail } };
  }
  if (applies.type !== 'applicable') return { status: 'FAILED', identifies: false, step: { ...base, result: 'fails', detail: faultDetail(applies) } };
  const assumed = input.assume?.[execution.provider];
  const asksPerson = (plugin.definition.views?.length ?? 0) > 0;
  if (assumed !== undefined || !asksPerson) {
    const result = assumed ?? 'attempted';
    const status: ExecutionStatus = result === 'success' ? 'SUCCESS' : result === 'failed' ? 'FAILED' : 'ATTEMPTED';
    return { status, identifies: status === 'SUCCESS', step: { ...base, ...withOthers, result: 'decides', detail: result === 'success' ? 'assumed to succeed' : 'assumed not to apply' } };
  }
  return { status: 'SUCCESS', identifies: true, step: { ...base, ...withOthers, result: 'asks' } };
}

/** Asks the condition plugin itself, through the executor's rule, with the check's scope (no services). */
async function conditionStep(run: CheckRun, execution: ConditionExecution, level: FlowLevel): Promise<FlowCheckStep> {
  const base = { execution: execution.id, kind: 'condition' as const, name: run.name('condition', execution.provider) };
  const plugin = run.input.registry.condition(execution.provider);
  if (!plugin) return { ...base, result: 'unknown-plugin' };
  const config = run.configs.get(plugin, execution);
  if (!config) return { ...base, result: 'fails', detail: 'its settings are refused by the plugin' };
  const scope = checkScope(run.input.realm, run.input.flow, run.user);
  const context = () => conditionContext(scope, executionInfo(execution, level), config, siblingsOf(level, run.input.registry, run.configs));
  const result = await evaluateCondition(plugin.definition, async () => run.user(), context, run.invoker);
  if (result.type !== 'evaluated') return { ...base, result: 'fails', detail: faultDetail(result) };
  return { ...base, result: result.holds ? 'holds' : 'does-not-hold' };
}

function faultDetail(fault: PluginFault): string {
  if (fault.type === 'loop') return 'the plugins called each other too often';
  const message = fault.error instanceof Error ? `: ${fault.error.message}` : '';
  return `the plugin failed in ${fault.phase}${message}`;
}

function pendingActions(realm: RealmDefinition, example: ExampleUser, exists: boolean): string[] {
  const pending = new Set(example.requiredActions ?? []);
  return sortRequiredActions(enabledActions(realm))
    .filter((action) => pending.has(action.id) || (!exists && action.defaultAction))
    .map((action) => action.id);
}

function exampleUserView(realm: string, example: ExampleUser): UserView {
  return {
    id: 'example-user',
    realm,
    email: example.email ?? 'someone@example.com',
    emailVerified: example.emailVerified ?? true,
    enabled: true,
    attributes: example.attributes ?? {},
    requiredActions: example.requiredActions ?? [],
    createdAt: 0,
  };
}

function sentences(structure: string, steps: readonly FlowCheckStep[], outcome: 'success' | 'failure', actions: readonly string[], exists: boolean): string {
  const lines = [`The flow: ${structure}.`, `For ${exists ? 'this user' : 'someone without an account'}:`];
  for (const step of steps) lines.push(`- ${stepSentence(step)}`);
  lines.push(outcome === 'success' ? '- Signed in.' : '- The sign-in fails.');
  if (actions.length > 0) lines.push(`- Then the required actions: ${actions.join(', ')}.`);
  return lines.join('\n');
}

function stepSentence(step: FlowCheckStep): string {
  const others = step.insteadOf?.length ? ` (or instead: ${step.insteadOf.join(', ')})` : '';
  switch (step.result) {
    case 'asks':
      return `${step.name}: asks the person${others}.`;
    case 'decides':
      return `${step.name}: ${step.detail ?? 'decides by itself'}${others}.`;
    case 'not-applicable':
      return `${step.name}: skipped, ${step.detail ?? 'does not apply'}.`;
    case 'holds':
      return `${step.name}: holds, so its sub-flow runs.`;
    case 'does-not-hold':
      return `${step.name}: does not hold, so its sub-flow is skipped.`;
    case 'fails':
      return `${step.name}: fails (${step.detail ?? 'the plugin failed'}), so the sign-in fails here.`;
    default:
      return `${step.name}: unknown plugin, counts as failed.`;
  }
}
