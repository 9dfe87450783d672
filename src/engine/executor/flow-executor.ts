import { randomBytes } from 'node:crypto';
import { FlowgateError, isFlowgateError } from '../../errors';
import { MAX_EMAIL_LENGTH } from '../../util/email';
import type { AuthSessionState, KcActionStatus } from '../auth-session';
import { pathTo, type FlowLevel } from '../flow-tree';
import type { AuthenticatorExecution, FlowNode, RealmDefinition } from '../model';
import { tryAnotherWayOptions, type AlternativeOptions } from '../try-another-way';
import { requiredActionIdOf } from '../required-actions/realm-actions';
import { ConfigCache } from './config-cache';
import { FAULT_CODES, FLOW_ERRORS } from './flow-errors';
import { FlowRun, type RunEnd, type RunEnvironment } from './flow-run';
import { resetFlowState } from './reset-flow-state';
import { selectFlow } from './flow-selection';
import { limitForm } from './form';
import { approvedOutOfBand, callOnLink, clearApproval, describeLink, LINK_RESULT_CODES, linkRefusal, markApproved, moveSignIn, recordLinkRefusal, resolveLinkHandler, type LinkHandler } from './link-steps';
import { LINK_TOKEN_PURPOSE, linkTarget, type LinkTarget } from '../links/link-service';
import type { ConfirmLinkInput, ConfirmLinkResult, LinkPreview } from '../links/link-types';
import { describeOptions, selectorView } from './selector-view';
import type {
  ChallengeResult,
  FlowExecutorDeps,
  RequestInfo,
  SelectInput,
  StartInput,
  StepOption,
  StepResult,
  SubmitInput,
  SuccessResult,
  TryAnotherWayInput,
} from './types';

/** Default of `FlowExecutorDeps.maxPluginCallsPerRequest`. */
export const DEFAULT_MAX_PLUGIN_CALLS = 100;

// The shape of ids this engine issues (16 random bytes, base64url); a root id from a cookie is reused only if it has it.
const ROOT_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
// Longer than any plugin id: a requested action past this length is kept cut, which no action matches.
const MAX_REQUESTED_ACTION_LENGTH = 100;

// How often a link confirmation re-reads its sign-in when the tab changed it at the same moment.
const LINK_CLAIM_ATTEMPTS = 3;

interface Opened {
  readonly state: AuthSessionState;
  readonly realm: RealmDefinition;
  readonly flow: FlowNode;
}

/**
 * Runs sign-in flows: starts them, takes the person's answers, offers "try another way", restarts.
 * No HTTP here: every call returns a `StepResult` (a challenge to show, success, or failure) and
 * throws a `FlowgateError` for requests that cannot be served (unknown session, stale page, ...),
 * which the HTTP layer turns into pages.
 *
 * Concurrency: a call that changes a session first claims its step (compare-and-set on the step
 * counter) and only then calls plugins, so of two concurrent submissions of one page exactly one
 * runs and the other fails with `FG_STALE_STEP`, and no plugin runs twice for one step.
 */
export class FlowExecutor {
  private readonly env: RunEnvironment;

  constructor(private readonly deps: FlowExecutorDeps) {
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

  /**
   * Starts a sign-in: validates the client and redirect URI, picks the flow (the client's override
   * for the slot, else the realm's binding), creates the authentication session and runs the flow
   * until it asks the person something or ends.
   */
  async start(input: StartInput): Promise<StepResult> {
    const realm = await this.realm(input.realm);
    const slot = input.slot ?? 'browser';
    const { flow, client, redirectUri } = selectFlow(realm, slot, input.clientId, input.redirectUri);
    const now = this.deps.clock.now();
    const hint = input.loginHint?.trim() ?? '';
    const state: AuthSessionState = {
      id: randomId(),
      rootId: input.rootId !== undefined && ROOT_ID_PATTERN.test(input.rootId) ? input.rootId : randomId(),
      tabId: randomId(),
      realm: realm.name,
      slot,
      flowAlias: flow.alias,
      ...(client && { clientId: client.clientId }),
      ...(redirectUri !== undefined && { redirectUri }),
      locale: input.locale !== undefined && realm.settings.supportedLocales.includes(input.locale) ? input.locale : realm.settings.defaultLocale,
      ...(hint.length > 0 && hint.length <= MAX_EMAIL_LENGTH && { loginHint: hint }),
      ...(typeof input.requestedAction === 'string' && { requestedAction: input.requestedAction.slice(0, MAX_REQUESTED_ACTION_LENGTH) }),
      statuses: {},
      selected: {},
      notes: {},
      step: 0,
      createdAt: now,
      expiresAt: now + realm.settings.loginTimeoutSeconds * 1000,
    };
    const end = await this.run(state, realm, flow, input).proceed();
    // Nobody knows the id before this returns, so the session is stored once, when the step is settled.
    await this.deps.sessions.create(state);
    return this.result(state, flow, end);
  }

  /**
   * The current step again, for a refresh or the back button: the stored challenge (or chooser),
   * or the result of a finished flow. Runs no plugin, except when the step showing was approved by
   * a link opened in another browser: then the flow goes on from there (claiming the step, like
   * any change).
   */
  async current(authSessionId: string, request: RequestInfo = {}): Promise<StepResult> {
    const state = await this.load(authSessionId);
    if (state.result) return finishedResult(state);
    this.checkNotExpired(state);
    const { realm, flow } = await this.flowOf(state);
    if (approvedOutOfBand(state)) return this.continueApproved(state, realm, flow, request);
    return this.challengeResult(state, flow);
  }

  /**
   * What a link's confirmation page shows. Changes nothing (GET and HEAD of a link, which mail
   * scanners follow too). Throws `FG_LINK_NOT_FOUND`, `FG_LINK_EXPIRED`, `FG_LINK_USED`, or
   * `FG_LINK_SIGN_IN_OVER` when its sign-in finished, expired or no longer waits for it.
   */
  async inspectLink(realmName: string, secret: string): Promise<LinkPreview> {
    const realm = await this.realm(realmName);
    const found = await this.deps.services.tokens(realm.name).inspect(LINK_TOKEN_PURPOSE, secret);
    if (!found.ok) throw linkRefusal(found.reason);
    const target = linkTarget(found.token);
    if (!target) throw new FlowgateError('FG_LINK_NOT_FOUND');
    const { state, handler } = await this.linkSession(realm, target);
    return {
      realm: realm.name,
      plugin: handler.plugin,
      description: describeLink(this.env, handler, target, realm.name),
      expiresAt: found.token.expiresAt,
      ...(target.locale !== undefined && realm.settings.supportedLocales.includes(target.locale) && { locale: target.locale }),
      ...(state.redirectUri !== undefined && { redirectUri: state.redirectUri }),
    };
  }

  /**
   * Confirms a link: consumes it (of concurrent confirmations exactly one gets past this), then the
   * issuing plugin's `onLink` decides. On approve the waiting execution is done (an authenticator
   * succeeds, with the user `onLink` set if it did; a required action succeeds: removed from the
   * user, its event recorded). In the browser that is signing in (`browserId` is the sign-in's root
   * id) the flow goes on at once and its next step is returned. From any other browser the result
   * is `approved-elsewhere` and the waiting tab goes on the next time it is shown (`current`), or,
   * when `onLink` asked to `continueHere`, the sign-in moves to this browser (a new tab of it, whose
   * next step is returned) and the waiting tab ends with `FG_SIGN_IN_MOVED`. Refusals as for
   * `inspectLink`; an expired or used link is also recorded (LOGIN_ERROR `expired` / `used`).
   */
  async confirmLink(realmName: string, secret: string, input: ConfirmLinkInput = {}): Promise<ConfirmLinkResult> {
    const realm = await this.realm(realmName);
    const consumed = await this.deps.services.tokens(realm.name).consume(LINK_TOKEN_PURPOSE, secret);
    if (!consumed.ok) {
      await recordLinkRefusal(this.env, realm.name, consumed.reason, input.ip);
      throw linkRefusal(consumed.reason);
    }
    const target = linkTarget(consumed.token);
    if (!target) throw new FlowgateError('FG_LINK_NOT_FOUND');
    const { state, flow, handler } = await this.claimLinkSession(realm, target);
    const request: RequestInfo = {
      ...(input.ip !== undefined && { ip: input.ip }),
      ...(input.browserSessionToken !== undefined && { browserSessionToken: input.browserSessionToken }),
    };
    const run = this.run(state, realm, flow, request);
    const sameBrowser = input.browserId !== undefined && input.browserId === state.rootId;
    const outcome = await callOnLink(this.env, run, handler, target, sameBrowser);
    if (!outcome) {
      const subject = { id: handler.info.id, provider: handler.plugin };
      return this.commit(state, flow, await run.failSignIn(FLOW_ERRORS.pluginError, { code: FAULT_CODES[FLOW_ERRORS.pluginError], subject }));
    }
    if (outcome.type === 'deny') {
      await this.save(state);
      return { type: 'denied', authSessionId: state.id, message: outcome.message };
    }
    if (handler.kind === 'authenticator') state.statuses[handler.info.id] = 'SUCCESS';
    else if (!(await run.completeRequiredAction(handler.plugin))) throw new FlowgateError('FG_LINK_SIGN_IN_OVER', 'the required action no longer runs');
    if (sameBrowser) return this.commit(state, flow, await this.goOn(run, state));
    if (outcome.continueHere && input.browserId !== undefined) return this.continueIn(input.browserId, state, realm, flow, request);
    markApproved(state, handler.info.id);
    await this.save(state);
    return { type: 'approved-elsewhere', authSessionId: state.id };
  }

  /**
   * The person answers the current challenge: the execution's `action` (or, on a required action's
   * page, the action's `process`) gets the form, then the flow goes on.
   */
  async submit(authSessionId: string, input: SubmitInput): Promise<StepResult> {
    const { state, realm, flow } = await this.open(authSessionId, undefined);
    // Approved by a link meanwhile: the answer is moot, the flow goes on from the approval. The
    // approval itself moved the step on, so the waiting page's form ("I clicked the link") names
    // the step before it; any POST to that execution may continue, since the approval is real.
    if (approvedOutOfBand(state) && input.execution === state.currentExecution) return this.continueApproved(state, realm, flow, input);
    if (input.step !== state.step) throw new FlowgateError('FG_STALE_STEP', `step ${input.step} is not the current step`);
    if (state.requiredActions) {
      // The flow is done; only the required action whose page is showing takes answers.
      if (input.execution !== state.currentExecution || requiredActionIdOf(input.execution) === undefined) {
        throw new FlowgateError('FG_STALE_STEP', `'${input.execution}' is not the current step`);
      }
      const form = limitForm(input.form, state.currentView);
      await this.claim(state);
      const end = await this.run(state, realm, flow, input).answerRequiredAction(form);
      return this.commit(state, flow, end);
    }
    const { execution, level } = this.currentTarget(state, flow, input.execution);
    if (typeof this.deps.registry.authenticator(execution.provider)?.definition.action !== 'function') {
      throw new FlowgateError('FG_STALE_STEP', `'${execution.id}' takes no answers`);
    }
    const form = limitForm(input.form, state.currentView);
    await this.claim(state);
    const end = await this.run(state, realm, flow, input).answer(execution, level, form);
    return this.commit(state, flow, end);
  }

  /** Shows the "try another way" chooser instead of the current challenge. */
  async tryAnotherWay(authSessionId: string, input: TryAnotherWayInput): Promise<StepResult> {
    const { state, flow } = await this.open(authSessionId, input.step);
    if (state.requiredActions) throw new FlowgateError('FG_SELECTION_NOT_ALLOWED', 'a required action has no other way');
    this.currentTarget(state, flow, input.execution);
    if (!this.options(state, flow)) throw new FlowgateError('FG_SELECTION_NOT_ALLOWED', 'there is no other way here');
    await this.claim(state);
    state.showingSelector = true;
    return this.commit(state, flow, { type: 'challenge' });
  }

  /**
   * Switches to another way: `choice` must be one of the current step's options. The chosen one runs
   * first at its level; the step left behind becomes unprocessed again, so it stays available.
   */
  async select(authSessionId: string, input: SelectInput): Promise<StepResult> {
    const { state, realm, flow } = await this.open(authSessionId, input.step);
    const current = state.currentExecution;
    const options = current === undefined ? undefined : this.options(state, flow);
    if (current === undefined || !options?.options.some((o) => o.id === input.choice)) {
      throw new FlowgateError('FG_SELECTION_NOT_ALLOWED', `'${input.choice}'`);
    }
    await this.claim(state);
    state.selected[options.levelKey] = input.choice;
    if (state.statuses[current] === 'CHALLENGED') delete state.statuses[current];
    delete state.currentExecution;
    delete state.currentView;
    delete state.showingSelector;
    const end = await this.run(state, realm, flow, input).proceed();
    return this.commit(state, flow, end);
  }

  /**
   * Starts the flow of this session again from the top, forgetting its user, statuses and notes and
   * renewing its timeout. Allowed after a failure or an expiry (the "start again" link), not after success.
   */
  async restart(authSessionId: string, request: RequestInfo = {}): Promise<StepResult> {
    const { state, realm, flow } = await this.open(authSessionId, undefined, true);
    await this.claim(state);
    resetFlowState(state);
    state.expiresAt = this.deps.clock.now() + realm.settings.loginTimeoutSeconds * 1000;
    const end = await this.run(state, realm, flow, request).proceed();
    return this.commit(state, flow, end);
  }

  /**
   * Sign-in-here: the approved sign-in goes on in the browser that confirmed its link, as a new tab
   * of that browser; the waiting tab's row (its step already claimed) ends as moved. The moved
   * sign-in is stored once its step is settled, like a new one.
   */
  private async continueIn(browserId: string, state: AuthSessionState, realm: RealmDefinition, flow: FlowNode, request: RequestInfo): Promise<StepResult> {
    const moved = moveSignIn(state, browserId, { id: randomId(), tabId: randomId() });
    await this.save(state);
    const end = await this.goOn(this.run(moved, realm, flow, request), moved);
    await this.deps.sessions.create(moved);
    return this.result(moved, flow, end);
  }

  /** Goes on after the execution showing was approved by a link: claims the step, then runs the rest. */
  private async continueApproved(state: AuthSessionState, realm: RealmDefinition, flow: FlowNode, request: RequestInfo): Promise<StepResult> {
    await this.claim(state);
    clearApproval(state);
    return this.commit(state, flow, await this.goOn(this.run(state, realm, flow, request), state));
  }

  /** The flow (or the required actions) after the execution showing was approved. */
  private goOn(run: FlowRun, state: AuthSessionState): Promise<RunEnd> {
    delete state.currentExecution;
    delete state.currentView;
    delete state.showingSelector;
    return state.requiredActions ? run.resumeRequiredActions() : run.proceed();
  }

  /** The sign-in a link leads back to, if it still waits for it; `FG_LINK_SIGN_IN_OVER` otherwise. */
  private async linkSession(realm: RealmDefinition, target: LinkTarget): Promise<Opened & { handler: LinkHandler }> {
    const state = await this.deps.sessions.get(target.authSessionId);
    if (!state || state.realm !== realm.name || state.result || this.deps.clock.now() >= state.expiresAt) {
      throw new FlowgateError('FG_LINK_SIGN_IN_OVER');
    }
    const flow = realm.flows.get(state.flowAlias);
    const handler = flow && resolveLinkHandler(this.env, realm, flow, state, target);
    if (!flow || !handler) throw new FlowgateError('FG_LINK_SIGN_IN_OVER', 'the sign-in no longer waits for this link');
    return { state, realm, flow, handler };
  }

  /** `linkSession` with its step claimed; read again (a few times) when the tab changed it at the same moment. */
  private async claimLinkSession(realm: RealmDefinition, target: LinkTarget): Promise<Opened & { handler: LinkHandler }> {
    for (let attempt = 1; ; attempt++) {
      const opened = await this.linkSession(realm, target);
      try {
        await this.claim(opened.state);
        return opened;
      } catch (err) {
        if (attempt >= LINK_CLAIM_ATTEMPTS || !isFlowgateError(err, 'FG_STALE_STEP')) throw err;
      }
    }
  }

  private async save(state: AuthSessionState): Promise<void> {
    if (!(await this.deps.sessions.save(state, state.step))) throw new FlowgateError('FG_STALE_STEP', 'another request changed this sign-in');
  }

  private run(state: AuthSessionState, realm: RealmDefinition, flow: FlowNode, request: RequestInfo): FlowRun {
    return new FlowRun(this.env, state, realm, flow, request);
  }

  private async load(authSessionId: string): Promise<AuthSessionState> {
    const state = await this.deps.sessions.get(authSessionId);
    if (!state) throw new FlowgateError('FG_AUTH_SESSION_NOT_FOUND');
    return state;
  }

  /** Loads a session for a change, refusing finished, expired and stale ones (`restart` tolerates some). */
  private async open(authSessionId: string, step: number | undefined, restarting = false): Promise<Opened> {
    const state = await this.load(authSessionId);
    if (state.result && (!restarting || state.result.type === 'success')) throw new FlowgateError('FG_FLOW_FINISHED');
    if (!restarting) this.checkNotExpired(state);
    if (step !== undefined && step !== state.step) throw new FlowgateError('FG_STALE_STEP', `step ${step} is not the current step`);
    const { realm, flow } = await this.flowOf(state);
    return { state, realm, flow };
  }

  private checkNotExpired(state: AuthSessionState): void {
    if (this.deps.clock.now() >= state.expiresAt) throw new FlowgateError('FG_AUTH_SESSION_EXPIRED');
  }

  private async flowOf(state: AuthSessionState): Promise<{ realm: RealmDefinition; flow: FlowNode }> {
    const realm = await this.realm(state.realm);
    const flow = realm.flows.get(state.flowAlias);
    if (!flow) throw new FlowgateError('FG_FLOW_NOT_BOUND', `flow '${state.flowAlias}' no longer exists`);
    return { realm, flow };
  }

  private async realm(name: string): Promise<RealmDefinition> {
    const realm = await this.deps.realms.getRealm(name);
    if (!realm) throw new FlowgateError('FG_UNKNOWN_REALM', `'${name}'`);
    return realm;
  }

  /** The execution a page names, which must be the one whose challenge is showing. */
  private currentTarget(state: AuthSessionState, flow: FlowNode, executionId: string): { execution: AuthenticatorExecution; level: FlowLevel } {
    const step = executionId === state.currentExecution && !state.showingSelector ? pathTo(flow, executionId)?.at(-1) : undefined;
    if (step?.execution.kind !== 'authenticator') throw new FlowgateError('FG_STALE_STEP', `'${executionId}' is not the current step`);
    return { execution: step.execution, level: step.level };
  }

  // Claims the step before any plugin runs: of two requests naming the same step, one wins here.
  private async claim(state: AuthSessionState): Promise<void> {
    const expected = state.step;
    state.step = expected + 1;
    if (!(await this.deps.sessions.save(state, expected))) throw new FlowgateError('FG_STALE_STEP', 'another request changed this sign-in');
  }

  private async commit(state: AuthSessionState, flow: FlowNode, end: RunEnd): Promise<StepResult> {
    if (!(await this.deps.sessions.save(state, state.step))) throw new FlowgateError('FG_STALE_STEP', 'another request changed this sign-in');
    return this.result(state, flow, end);
  }

  private options(state: AuthSessionState, flow: FlowNode): AlternativeOptions | undefined {
    // A required action's page is not a step of the flow: it has no alternatives.
    if (state.currentExecution === undefined || state.requiredActions) return undefined;
    return tryAnotherWayOptions(flow, state.currentExecution, { statuses: state.statuses, conditions: {} });
  }

  private result(state: AuthSessionState, flow: FlowNode, end: RunEnd): StepResult {
    if (end.type === 'challenge') return this.challengeResult(state, flow);
    if (end.type === 'success') return successResult(state, end.userId, end.kcActionStatus);
    return { ...end, authSessionId: state.id };
  }

  private challengeResult(state: AuthSessionState, flow: FlowNode): ChallengeResult {
    const { currentExecution: execution, currentView: view } = state;
    if (execution === undefined || view === undefined) throw new FlowgateError('FG_STALE_STEP', 'nothing is waiting for an answer');
    const options = this.options(state, flow);
    const alternatives: StepOption[] = options ? describeOptions(options.options, this.deps.registry) : [];
    return {
      type: 'challenge',
      authSessionId: state.id,
      tabId: state.tabId,
      execution,
      step: state.step,
      view: state.showingSelector && alternatives.length > 0 ? selectorView(alternatives) : view,
      alternatives,
    };
  }
}

function finishedResult(state: AuthSessionState): StepResult {
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
  };
}

function randomId(): string {
  return randomBytes(16).toString('base64url');
}
