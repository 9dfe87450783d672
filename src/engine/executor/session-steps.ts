import { randomBytes } from 'node:crypto';
import { FlowgateError } from '../../errors';
import type { AuthSessionState, KcActionStatus } from '../auth-session';
import type { FlowNode, RealmDefinition } from '../model';
import { askFirstChoices, tryAnotherWayOptions, type AlternativeOptions } from '../try-another-way';
import { ConfigCache } from './config-cache';
import { FAULT_CODES } from './flow-errors';
import { FlowRun } from './flow-run';
import { approvalNumber } from './link-approval';
import { LINK_RESULT_CODES } from './link-steps';
import { DEFAULT_MAX_PLUGIN_CALLS } from './plugin-invoker';
import type { RunEnd, RunEnvironment } from './run-environment';
import { describeOptions, selectorView } from './selector-view';
import type { ChallengeResult, FlowExecutorDeps, RequestInfo, StepOption, StepResult, SuccessResult } from './types';

/** A sign-in as loaded for a change: its state, its realm and its flow. */
export interface Opened {
  readonly state: AuthSessionState;
  readonly realm: RealmDefinition;
  readonly flow: FlowNode;
}

/**
 * What every entry point of the executor does with a sign-in's stored state: load it, claim its
 * step, run its flow, save it and turn where it ended into a `StepResult`. Shared by the sign-in
 * API (`FlowExecutor`) and link confirmation (`LinkConfirmation`).
 *
 * Concurrency: a call that changes a session first claims its step (compare-and-set on the step
 * counter) and only then calls plugins, so of two concurrent submissions of one page exactly one
 * runs and the other fails with `FG_STALE_STEP`, and no plugin runs twice for one step.
 */
export class SessionSteps {
  readonly env: RunEnvironment;

  constructor(readonly deps: FlowExecutorDeps) {
    this.env = {
      registry: deps.registry,
      clock: deps.clock,
      services: deps.services,
      configs: new ConfigCache(deps.registry),
      maxPluginCalls: deps.maxPluginCallsPerRequest ?? DEFAULT_MAX_PLUGIN_CALLS,
      ...(deps.pluginTimeoutMs !== undefined && { pluginTimeoutMs: deps.pluginTimeoutMs }),
      ...(deps.onPluginError && { onPluginError: deps.onPluginError }),
    };
  }

  /** The flow (or the required actions) after the execution showing was approved. */
  goOn(run: FlowRun, state: AuthSessionState): Promise<RunEnd> {
    delete state.currentExecution;
    delete state.currentView;
    delete state.showingSelector;
    return state.requiredActions ? run.resumeRequiredActions() : run.proceed();
  }


  async save(state: AuthSessionState): Promise<void> {
    if (!(await this.deps.sessions.save(state, state.step))) throw new FlowgateError('FG_STALE_STEP', 'another request changed this sign-in');
  }

  run(state: AuthSessionState, realm: RealmDefinition, flow: FlowNode, request: RequestInfo): FlowRun {
    return new FlowRun(this.env, state, realm, flow, request);
  }


  async load(authSessionId: string): Promise<AuthSessionState> {
    const state = await this.deps.sessions.get(authSessionId);
    if (!state) throw new FlowgateError('FG_AUTH_SESSION_NOT_FOUND');
    return state;
  }

  /** Loads a session for a change, refusing finished, expired and stale ones (`restart` tolerates some). */
  async open(authSessionId: string, step: number | undefined, restarting = false): Promise<Opened> {
    const state = await this.load(authSessionId);
    if (state.result && (!restarting || state.result.type === 'success')) throw new FlowgateError('FG_FLOW_FINISHED');
    if (!restarting) this.checkNotExpired(state);
    if (step !== undefined && step !== state.step) throw new FlowgateError('FG_STALE_STEP', `step ${step} is not the current step`);
    const { realm, flow } = await this.flowOf(state);
    return { state, realm, flow };
  }

  checkNotExpired(state: AuthSessionState): void {
    if (this.deps.clock.now() >= state.expiresAt) throw new FlowgateError('FG_AUTH_SESSION_EXPIRED');
  }

  async flowOf(state: AuthSessionState): Promise<{ realm: RealmDefinition; flow: FlowNode }> {
    const realm = await this.realm(state.realm);
    const flow = realm.flows.get(state.flowAlias);
    if (!flow) throw new FlowgateError('FG_FLOW_NOT_BOUND', `flow '${state.flowAlias}' no longer exists`);
    return { realm, flow };
  }

  async realm(name: string): Promise<RealmDefinition> {
    const realm = await this.deps.realms.getRealm(name);
    if (!realm) throw new FlowgateError('FG_UNKNOWN_REALM', `'${name}'`);
    return realm;
  }


  // Claims the step before any plugin runs: of two requests naming the same step, one wins here.
  async claim(state: AuthSessionState): Promise<void> {
    const expected = state.step;
    state.step = expected + 1;
    if (!(await this.deps.sessions.save(state, expected))) throw new FlowgateError('FG_STALE_STEP', 'another request changed this sign-in');
  }

  async commit(state: AuthSessionState, flow: FlowNode, end: RunEnd): Promise<StepResult> {
    if (!(await this.deps.sessions.save(state, state.step))) throw new FlowgateError('FG_STALE_STEP', 'another request changed this sign-in');
    return this.result(state, flow, end);
  }

  options(state: AuthSessionState, flow: FlowNode): AlternativeOptions | undefined {
    // A required action's page is not a step of the flow: it has no alternatives.
    if (state.currentExecution === undefined || state.requiredActions) return undefined;
    return tryAnotherWayOptions(flow, state.currentExecution, { statuses: state.statuses, conditions: {} });
  }

  /** What the page showing asks for up front (`askFirst`); never on a required action's page or the chooser. */
  choices(state: AuthSessionState, flow: FlowNode): AlternativeOptions | undefined {
    if (state.currentExecution === undefined || state.requiredActions || state.showingSelector) return undefined;
    const registry = this.deps.registry;
    // Steps that need an account, or that offer themselves on pages (conditional UI), are not asked about.
    const shownOtherwise = (provider: string): boolean => {
      const definition = registry.authenticator(provider)?.definition;
      return definition?.requiresUser === true || typeof definition?.offer === 'function';
    };
    return askFirstChoices(flow, state.currentExecution, { statuses: state.statuses, conditions: {} }, shownOtherwise);
  }

  result(state: AuthSessionState, flow: FlowNode, end: RunEnd): StepResult {
    if (end.type === 'challenge') return this.challengeResult(state, flow);
    if (end.type === 'success') return successResult(state, end.userId, end.kcActionStatus);
    return { ...end, authSessionId: state.id };
  }

  challengeResult(state: AuthSessionState, flow: FlowNode): ChallengeResult {
    const { currentExecution: execution, currentView: view } = state;
    if (execution === undefined || view === undefined) throw new FlowgateError('FG_STALE_STEP', 'nothing is waiting for an answer');
    const options = this.options(state, flow);
    const alternatives: StepOption[] = options ? describeOptions(options.options, this.deps.registry) : [];
    const selector = state.showingSelector === true && alternatives.length > 0;
    const number = selector ? undefined : approvalNumber(state);
    const { offer, ...shown } = view;
    const choices = selector ? undefined : this.choices(state, flow);
    return {
      type: 'challenge',
      authSessionId: state.id,
      tabId: state.tabId,
      execution,
      step: state.step,
      view: selector ? selectorView(alternatives) : shown,
      alternatives,
      ...(number !== undefined && { approvalNumber: number }),
      ...(!selector && offer && { offer }),
      ...(choices && { choices: describeOptions(choices.options, this.deps.registry) }),
    };
  }
}


export function finishedResult(state: AuthSessionState): StepResult {
  const result = state.result!;
  if (result.type === 'success') return successResult(state, result.userId, result.kcActionStatus);
  const code = FAULT_CODES[result.error] ?? LINK_RESULT_CODES[result.error];
  return { type: 'failure', authSessionId: state.id, error: result.error, ...(result.message !== undefined && { message: result.message }), ...(code && { code }) };
}

function successResult(state: AuthSessionState, userId: string, kcActionStatus: KcActionStatus | undefined): SuccessResult {
  return {
    type: 'success',
    authSessionId: state.id,
    userId,
    ...(state.redirectUri !== undefined && { redirectUri: state.redirectUri }),
    ...(state.requestedAction !== undefined && { requestedAction: state.requestedAction, kcActionStatus: kcActionStatus ?? 'error' }),
    ...(state.amr !== undefined && state.amr.length > 0 && { amr: state.amr }),
    ...(state.interaction !== undefined && { interaction: state.interaction }),
  };
}

export function randomId(): string {
  return randomBytes(16).toString('base64url');
}
