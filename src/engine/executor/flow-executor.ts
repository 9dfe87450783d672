import { FlowgateError } from '../../errors';
import { MAX_EMAIL_LENGTH } from '../../spi/email';
import type { AuthSessionState } from '../auth-session';
import { pathTo, type FlowLevel } from '../flow-tree';
import type { AuthenticatorExecution, FlowNode, RealmDefinition } from '../model';
import type { ConfirmLinkInput, ConfirmLinkResult, LinkPreview } from '../links/link-types';
import { requiredActionIdOf } from '../required-actions/realm-actions';
import { selectFlow } from './flow-selection';
import { limitForm } from './form';
import { LinkConfirmation } from './link-confirmation';
import { approvedOutOfBand, clearApproval } from './link-steps';
import { resetFlowState } from './reset-flow-state';
import { choose, isOffered } from '../try-another-way';
import { offeredTarget, selectOffered } from './step-offers';
import { finishedResult, randomId, SessionSteps } from './session-steps';
import type { FlowExecutorDeps, RequestInfo, SelectInput, StartInput, StepResult, SubmitInput, TryAnotherWayInput } from './types';


// The shape of ids this engine issues (16 random bytes, base64url); a root id from a cookie is reused only if it has it.
const ROOT_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
// Longer than any plugin id: a requested action past this length is kept cut, which no action matches.
const MAX_REQUESTED_ACTION_LENGTH = 100;

/**
 * Runs sign-in flows: starts them, takes the person's answers, offers "try another way", restarts,
 * and confirms the links plugins mail (`LinkConfirmation`). No HTTP here: every call returns a
 * `StepResult` (a challenge to show, success, or failure) and throws a `FlowgateError` for
 * requests that cannot be served (unknown session, stale page, ...), which the HTTP layer turns
 * into pages. Every change claims the sign-in's step first (see `SessionSteps`).
 */
export class FlowExecutor {
  private readonly steps: SessionSteps;
  private readonly links: LinkConfirmation;

  constructor(private readonly deps: FlowExecutorDeps) {
    this.steps = new SessionSteps(deps);
    this.links = new LinkConfirmation(this.steps);
  }

  /**
   * Starts a sign-in: validates the client and redirect URI, picks the flow (the client's override
   * for the slot, else the realm's binding), creates the authentication session and runs the flow
   * until it asks the person something or ends.
   */
  async start(input: StartInput): Promise<StepResult> {
    const realm = await this.steps.realm(input.realm);
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
      ...(input.reauthenticate === true && { reauthenticate: true }),
      ...(typeof input.interaction === 'string' && { interaction: input.interaction }),
      ...(typeof input.userAgent === 'string' && input.userAgent.length > 0 && { userAgent: input.userAgent }),
      ...(input.place !== undefined && { place: { ...input.place } }),
      statuses: {},
      selected: {},
      notes: {},
      step: 0,
      createdAt: now,
      expiresAt: now + realm.settings.loginTimeoutSeconds * 1000,
    };
    const end = await this.steps.run(state, realm, flow, input).proceed();
    // Nobody knows the id before this returns, so the session is stored once, when the step is settled.
    await this.deps.sessions.create(state);
    return this.steps.result(state, flow, end);
  }

  /**
   * The current step again, for a refresh or the back button: the stored challenge (or chooser),
   * or the result of a finished flow. Runs no plugin, except when the step showing was approved by
   * a link opened in another browser: then the flow goes on from there (claiming the step, like
   * any change).
   */
  async current(authSessionId: string, request: RequestInfo = {}): Promise<StepResult> {
    const state = await this.steps.load(authSessionId);
    if (state.result) return finishedResult(state);
    this.steps.checkNotExpired(state);
    const { realm, flow } = await this.steps.flowOf(state);
    if (approvedOutOfBand(state)) return this.continueApproved(state, realm, flow, request);
    return this.steps.challengeResult(state, flow);
  }

  /** What a link's confirmation page shows; see `LinkConfirmation.inspect`. */
  inspectLink(realmName: string, secret: string, input: ConfirmLinkInput = {}): Promise<LinkPreview> {
    return this.links.inspect(realmName, secret, input);
  }

  /** "This wasn't me" on a link's page: ends its sign-in; see `LinkConfirmation.reject`. */
  rejectLink(realmName: string, secret: string, input: ConfirmLinkInput = {}): Promise<void> {
    return this.links.reject(realmName, secret, input);
  }

  /** Confirms a link; see `LinkConfirmation.confirm`. */
  confirmLink(realmName: string, secret: string, input: ConfirmLinkInput = {}): Promise<ConfirmLinkResult> {
    return this.links.confirm(realmName, secret, input);
  }

  /**
   * The person answers the current challenge: the execution's `action` (or, on a required action's
   * page, the action's `process`) gets the form, then the flow goes on.
   */
  async submit(authSessionId: string, input: SubmitInput): Promise<StepResult> {
    const { state, realm, flow } = await this.steps.open(authSessionId, undefined);
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
      await this.steps.claim(state);
      const end = await this.steps.run(state, realm, flow, input).answerRequiredAction(form);
      return this.steps.commit(state, flow, end);
    }
    // An answer to what a sibling offered on this page (conditional UI) goes to that sibling, chosen as "try another way" would.
    const offered = offeredTarget(state, flow, input.execution);
    const { execution, level } = offered ?? this.currentTarget(state, flow, input.execution);
    if (typeof this.deps.registry.authenticator(execution.provider)?.definition.action !== 'function') {
      throw new FlowgateError('FG_STALE_STEP', `'${execution.id}' takes no answers`);
    }
    const form = limitForm(input.form, offered ? offered.view : state.currentView);
    // The page asked first (`askFirst`): the choice is checked before anything changes, so a bad one loses nothing.
    const choices = offered ? undefined : this.steps.choices(state, flow);
    if (choices && input.choice !== undefined && !isOffered(choices, input.choice)) {
      throw new FlowgateError('FG_CHOICE_NOT_OFFERED', `'${input.choice}'`);
    }
    await this.steps.claim(state);
    if (offered) selectOffered(state, flow, execution.id);
    // The last answer on the page decides: its choice, or none (flow order).
    else if (choices) choose(state, choices, input.choice);
    const end = await this.steps.run(state, realm, flow, input).answer(execution, level, form);
    return this.steps.commit(state, flow, end);
  }

  /** Shows the "try another way" chooser instead of the current challenge. */
  async tryAnotherWay(authSessionId: string, input: TryAnotherWayInput): Promise<StepResult> {
    const { state, flow } = await this.steps.open(authSessionId, input.step);
    if (state.requiredActions) throw new FlowgateError('FG_SELECTION_NOT_ALLOWED', 'a required action has no other way');
    this.currentTarget(state, flow, input.execution);
    if (!this.steps.options(state, flow)) throw new FlowgateError('FG_SELECTION_NOT_ALLOWED', 'there is no other way here');
    await this.steps.claim(state);
    state.showingSelector = true;
    return this.steps.commit(state, flow, { type: 'challenge' });
  }

  /**
   * Switches to another way: `choice` must be one of the current step's options. The chosen one runs
   * first at its level; the step left behind becomes unprocessed again, so it stays available.
   */
  async select(authSessionId: string, input: SelectInput): Promise<StepResult> {
    const { state, realm, flow } = await this.steps.open(authSessionId, input.step);
    const current = state.currentExecution;
    const options = current === undefined ? undefined : this.steps.options(state, flow);
    if (current === undefined || !isOffered(options, input.choice)) {
      throw new FlowgateError('FG_SELECTION_NOT_ALLOWED', `'${input.choice}'`);
    }
    await this.steps.claim(state);
    choose(state, options, input.choice);
    if (state.statuses[current] === 'CHALLENGED') delete state.statuses[current];
    delete state.currentExecution;
    delete state.currentView;
    delete state.showingSelector;
    const end = await this.steps.run(state, realm, flow, input).proceed();
    return this.steps.commit(state, flow, end);
  }

  /**
   * Starts the flow of this session again from the top, forgetting its user, statuses and notes and
   * renewing its timeout. Allowed after a failure or an expiry (the "start again" link), not after success.
   */
  async restart(authSessionId: string, request: RequestInfo = {}): Promise<StepResult> {
    const { state, realm, flow } = await this.steps.open(authSessionId, undefined, true);
    await this.steps.claim(state);
    resetFlowState(state);
    state.expiresAt = this.deps.clock.now() + realm.settings.loginTimeoutSeconds * 1000;
    const end = await this.steps.run(state, realm, flow, request).proceed();
    return this.steps.commit(state, flow, end);
  }

  /** Goes on after the execution showing was approved by a link: claims the step, then runs the rest. */
  private async continueApproved(state: AuthSessionState, realm: RealmDefinition, flow: FlowNode, request: RequestInfo): Promise<StepResult> {
    await this.steps.claim(state);
    clearApproval(state);
    return this.steps.commit(state, flow, await this.steps.goOn(this.steps.run(state, realm, flow, request), state));
  }


  /** The execution a page names, which must be the one whose challenge is showing. */
  private currentTarget(state: AuthSessionState, flow: FlowNode, executionId: string): { execution: AuthenticatorExecution; level: FlowLevel } {
    const step = executionId === state.currentExecution && !state.showingSelector ? pathTo(flow, executionId)?.at(-1) : undefined;
    if (step?.execution.kind !== 'authenticator') throw new FlowgateError('FG_STALE_STEP', `'${executionId}' is not the current step`);
    return { execution: step.execution, level: step.level };
  }

}
