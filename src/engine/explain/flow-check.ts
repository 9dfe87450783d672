import type { ExecutionStatus } from '../auth-session';
import type { FlowLevel } from '../flow-tree';
import type { AuthenticatorExecution, ConditionExecution, FlowNode, RealmDefinition } from '../model';
import { plan, type PlanInput } from '../planner';
import type { PluginRegistry } from '../plugin-registry';
import { enabledActions, sortRequiredActions } from '../required-actions/realm-actions';
import type { UserView } from '../../spi/services';
import { createConditionContext } from '../../testing/plugin-context';
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
   * `does-not-hold` (a condition), `unknown-plugin`.
   */
  readonly result: 'asks' | 'decides' | 'not-applicable' | 'holds' | 'does-not-hold' | 'unknown-plugin';
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
 * for real (the condition plugins' `matches`, against the example user, in memory), and plugins
 * needing an identified user are skipped until one is. Nothing is stored and no mail is sent.
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

  for (let i = 0; i < MAX_STEPS; i++) {
    const decision = plan(flow, state as PlanInput);
    if (decision.type === 'success' || decision.type === 'failure') {
      const outcome = decision.type;
      const requiredActions = outcome === 'success' ? pendingActions(input.realm, example, exists) : [];
      const structure = describeFlow(flow, name);
      return { structure, steps, outcome, requiredActions, text: sentences(structure, steps, outcome, requiredActions, exists) };
    }
    if (decision.type === 'evaluate') {
      const holds = await conditionHolds(registry, decision.execution, identified ? user : undefined);
      state.conditions[decision.execution.id] = holds ?? false;
      steps.push({ execution: decision.execution.id, kind: 'condition', name: name('condition', decision.execution.provider), result: holds === undefined ? 'unknown-plugin' : holds ? 'holds' : 'does-not-hold' });
      continue;
    }
    const step = await runStep(input, decision.execution, decision.level, identified ? user : undefined, name);
    state.statuses[decision.execution.id] = step.status;
    if (step.identifies) identified = true;
    steps.push(step.step);
  }
  throw new Error(`flow check of '${flow.alias}' did not finish within ${MAX_STEPS} steps`);
}

async function runStep(
  input: FlowCheckInput,
  execution: AuthenticatorExecution,
  level: FlowLevel,
  user: UserView | undefined,
  name: (kind: 'authenticator', id: string) => string,
): Promise<{ status: ExecutionStatus; identifies: boolean; step: FlowCheckStep }> {
  const base = { execution: execution.id, kind: 'authenticator' as const, name: name('authenticator', execution.provider) };
  const insteadOf = level.flow.executions
    .filter((e) => e.id !== execution.id && e.requirement === 'ALTERNATIVE')
    .map((e) => (e.kind === 'flow' ? e.flow.description ?? e.flow.alias : name('authenticator', e.provider)));
  const withOthers = insteadOf.length > 0 ? { insteadOf } : {};
  const unmet: ExecutionStatus = execution.requirement === 'REQUIRED' ? 'FAILED' : 'ATTEMPTED';
  const plugin = input.registry.authenticator(execution.provider);
  if (!plugin) return { status: 'FAILED', identifies: false, step: { ...base, result: 'unknown-plugin' } };
  const definition = plugin.definition;
  if (definition.requiresUser && !user) {
    return { status: unmet, identifies: false, step: { ...base, ...withOthers, result: 'not-applicable', detail: 'needs an identified user' } };
  }
  const assumed = input.assume?.[execution.provider];
  const asksPerson = (definition.views?.length ?? 0) > 0;
  if (assumed !== undefined || !asksPerson) {
    const result = assumed ?? 'attempted';
    const status: ExecutionStatus = result === 'success' ? 'SUCCESS' : result === 'failed' ? 'FAILED' : 'ATTEMPTED';
    return { status, identifies: status === 'SUCCESS', step: { ...base, ...withOthers, result: 'decides', detail: result === 'success' ? 'assumed to succeed' : 'assumed not to apply' } };
  }
  if (user && definition.requiresUser && definition.configuredFor) {
    const config = input.registry.resolveConfig(plugin, execution.config);
    const configured = config.ok ? await definition.configuredFor(user, config.config) : false;
    if (!configured) return { status: unmet, identifies: false, step: { ...base, ...withOthers, result: 'not-applicable', detail: 'not configured for this user' } };
  }
  return { status: 'SUCCESS', identifies: true, step: { ...base, ...withOthers, result: 'asks' } };
}

/** Asks the condition plugin itself, in memory; `undefined` for an unknown plugin. Without a user a user-needing condition does not hold. */
async function conditionHolds(registry: PluginRegistry, execution: ConditionExecution, user: UserView | undefined): Promise<boolean | undefined> {
  const plugin = registry.condition(execution.provider);
  if (!plugin) return undefined;
  if (plugin.definition.requiresUser && !user) return false;
  const config = registry.resolveConfig(plugin, execution.config);
  if (!config.ok) return false;
  try {
    return (await plugin.definition.matches(createConditionContext({ config: config.config, ...(user && { user }) }))) === true;
  } catch {
    return false;
  }
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
    default:
      return `${step.name}: unknown plugin, counts as failed.`;
  }
}
