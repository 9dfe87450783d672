import type { ErrorCode } from '../../errors';
import type { AuthenticatorDefinition } from '../../spi/authenticator';
import type { Outcome } from '../../spi/outcome';
import type { LinkService, UserView } from '../../spi/services';
import type { ChallengeView } from '../../spi/view';
import type { AuthSessionState } from '../auth-session';
import { pathTo, type FlowLevel } from '../flow-tree';
import type { AuthenticatorExecution, ConditionExecution, FlowNode, RealmDefinition } from '../model';
import type { PluginRegistry, RegisteredPlugin } from '../plugin-registry';
import { plan, type EvaluateDecision } from '../planner';
import { RequiredActionRun, type ActionRunHost } from '../required-actions/required-action-run';
import { applicability, evaluateCondition, type PluginFault } from './applicability';
import { FAULT_CODES, FLOW_ERRORS } from './flow-errors';
import { executionLinks } from './link-steps';
import { checkOutcome } from './outcome-check';
import { resetFlowState, showChallenge } from './reset-flow-state';
import { failedEnd, recordLoginError, type EventSubject } from './run-failure';
import { siblingsOf } from './siblings';
import { siblingOffer } from './step-offers';
import { authenticatorContext, conditionContext, executionInfo, type ContextScope } from './plugin-context';
import { PluginInvoker } from './plugin-invoker';
import { runServices, type RunEnd, type RunEnvironment, type RunServices } from './run-environment';
import type { RequestInfo } from './types';

type AnyAuthenticator = RegisteredPlugin<AuthenticatorDefinition<Record<string, unknown>>>;
type Phase = 'authenticate' | 'action' | 'configuredFor' | 'matches';

const EMPTY_FORM: Readonly<Record<string, string>> = Object.freeze({});

/**
 * One request's worth of flow execution: asks the planner what is next, calls the plugin, records
 * its outcome in the state, and repeats until the flow challenges the person or ends. When the
 * flow succeeds, the user's required actions run (`RequiredActionRun`) before the run may end in
 * success. Mutates `state` only; the executor saves it. Plugin faults end the flow with a coded
 * failure, never with an exception.
 */
export class FlowRun implements ContextScope, ActionRunHost {
  readonly services: RunServices;
  /** Calls every plugin handler of this request: its time limit and call budget. */
  readonly invoker: PluginInvoker;
  /** The realm's display name, for plugins' mails and pages (`authSession.realmDisplayName`). */
  readonly realmDisplayName: string;
  /** The sign-in's locale: its mails are written in it, and its links' pages shown in it. */
  private readonly locale: string;
  // Condition results hold only until the next authenticator runs: it may change what they see.
  private conditions: Record<string, boolean> = {};
  private loaded: { readonly id: string | undefined; readonly user: UserView | undefined } | undefined;
  // Why the last way in failed, when the flow went on to another alternative: if no way is left,
  // the flow fails with this reason rather than a generic one. Its event is already recorded.
  private lastFailure: { readonly error: string; readonly message?: string } | undefined;

  constructor(
    private readonly env: RunEnvironment,
    readonly state: AuthSessionState,
    private readonly realmDefinition: RealmDefinition,
    private readonly flow: FlowNode,
    request: RequestInfo,
  ) {
    this.realmDisplayName = realmDefinition.displayName;
    this.locale = state.locale ?? realmDefinition.settings.defaultLocale;
    this.services = runServices(env, state, realmDefinition, request);
    this.invoker = new PluginInvoker(env);
  }

  links(executionId: string): LinkService {
    return executionLinks(this.env, this.flow, this.state, executionId, this.services.tokens, this.locale, (secret) => this.env.services.linkUrl(this.state.realm, secret));
  }

  /** The identified user, loaded from the store if it is not yet (for contexts built outside a run, like `onLink`'s). */
  currentUser(): Promise<UserView | undefined> {
    return this.loadUser();
  }

  /** Completes required action `id` out of band (see `RequiredActionRun.complete`). */
  completeRequiredAction(id: string): Promise<boolean> {
    return new RequiredActionRun(this.env, this, this.realmDefinition).complete(id);
  }

  /** Goes on with the required actions after one completed out of band. */
  resumeRequiredActions(): Promise<RunEnd> {
    return new RequiredActionRun(this.env, this, this.realmDefinition).resume();
  }

  get user(): UserView | undefined {
    return this.loaded?.id === this.state.userId ? this.loaded?.user : undefined;
  }

  setUser(user: UserView | undefined): void {
    if (user !== undefined && (typeof user !== 'object' || typeof user.id !== 'string' || user.realm !== this.state.realm)) {
      throw new TypeError(`setUser() needs a user of realm '${this.state.realm}'`);
    }
    if (user === undefined) delete this.state.userId;
    else this.state.userId = user.id;
    this.loaded = { id: user?.id, user };
  }

  /** Runs the flow from the top (processed executions are skipped) until a challenge or the end. */
  async proceed(): Promise<RunEnd> {
    for (;;) {
      const decision = plan(this.flow, { statuses: this.state.statuses, conditions: this.conditions, selected: this.state.selected });
      let end: RunEnd | undefined;
      if (decision.type === 'success') return this.succeed();
      if (decision.type === 'failure') {
        const last = this.lastFailure;
        return last ? this.fail(last.error, { message: last.message, recorded: true }) : this.fail(FLOW_ERRORS.authenticationFailed);
      }
      if (decision.type === 'evaluate') end = await this.evaluate(decision);
      else end = await this.authenticate(decision.execution, decision.level);
      if (end) return end;
    }
  }

  /** Hands the person's form to the current execution's `action`, then continues the flow. */
  async answer(execution: AuthenticatorExecution, level: FlowLevel, form: Readonly<Record<string, string>>): Promise<RunEnd> {
    delete this.state.currentExecution;
    delete this.state.currentView;
    const plugin = this.env.registry.authenticator(execution.provider);
    const config = plugin && this.env.configs.get(plugin, execution);
    if (!plugin?.definition.action || !config) return this.fault(execution, 'action', new Error(`authenticator '${execution.provider}' cannot take an answer`));
    const end = await this.call(execution, level, plugin, config, 'action', form);
    return end ?? this.proceed();
  }

  /** Hands the person's form to the required action whose page is showing, then runs the rest. */
  answerRequiredAction(form: Readonly<Record<string, string>>): Promise<RunEnd> {
    return new RequiredActionRun(this.env, this, this.realmDefinition).answer(form);
  }

  /** Ends the sign-in as failed, recording LOGIN_ERROR about `subject` (for the required-action runner). */
  failSignIn(error: string, options: { message?: string; code?: ErrorCode; subject?: EventSubject } = {}): Promise<RunEnd> {
    return this.fail(error, {
      ...(options.message !== undefined && { message: options.message }),
      ...(options.code && { code: options.code }),
      ...(options.subject && { execution: options.subject }),
    });
  }

  private async authenticate(execution: AuthenticatorExecution, level: FlowLevel): Promise<RunEnd | undefined> {
    const plugin: AnyAuthenticator | undefined = this.env.registry.authenticator(execution.provider);
    const config = plugin && this.env.configs.get(plugin, execution);
    if (!plugin || !config) return this.fault(execution, 'authenticate', new Error(`authenticator '${execution.provider}' is missing or its config invalid`));
    const applies = await applicability(plugin.definition, config, () => this.loadUser(), this.invoker);
    if (applies.type === 'not-applicable') return this.notApplicable(execution, applies.reason);
    if (applies.type !== 'applicable') return this.faulted(execution, applies);
    return this.call(execution, level, plugin, config, 'authenticate', EMPTY_FORM);
  }

  private async call(
    execution: AuthenticatorExecution,
    level: FlowLevel,
    plugin: AnyAuthenticator,
    config: Readonly<Record<string, unknown>>,
    phase: 'authenticate' | 'action',
    form: Readonly<Record<string, string>>,
  ): Promise<RunEnd | undefined> {
    if (!this.invoker.countCall()) return this.loop();
    await this.loadUser();
    const ctx = authenticatorContext(this, executionInfo(execution, level), config, form);
    let returned: unknown;
    try {
      returned = await this.invoker.invoke(phase, () => (phase === 'action' ? plugin.definition.action!(ctx) : plugin.definition.authenticate(ctx)));
    } catch (error) {
      return this.fault(execution, phase, error);
    }
    const outcome = checkOutcome(returned, plugin.definition.failureReasons);
    if (!outcome) return this.fault(execution, phase, undefined, FLOW_ERRORS.invalidOutcome);
    this.conditions = {};
    return this.apply(execution, outcome, plugin.definition.amr);
  }

  private async apply(execution: AuthenticatorExecution, outcome: Outcome, amr?: string): Promise<RunEnd | undefined> {
    const statuses = this.state.statuses;
    switch (outcome.type) {
      case 'success':
        statuses[execution.id] = 'SUCCESS';
        if (amr !== undefined && !this.state.amr?.includes(amr)) this.state.amr = [...(this.state.amr ?? []), amr];
        return undefined;
      case 'attempted':
        statuses[execution.id] = 'ATTEMPTED';
        return undefined;
      case 'challenge':
        return this.challenge(execution, outcome.view);
      case 'failure-challenge':
        await this.recordError(outcome.error, execution);
        return this.challenge(execution, outcome.view);
      case 'failure':
        if (execution.requirement === 'ALTERNATIVE') {
          // The person has other ways in: record why this one failed and let the next one run.
          await this.recordError(outcome.error, execution);
          statuses[execution.id] = 'ATTEMPTED';
          this.lastFailure = { error: outcome.error, ...(outcome.message !== undefined && { message: outcome.message }) };
          return undefined;
        }
        statuses[execution.id] = 'FAILED';
        return this.failRequired(execution, outcome.error, outcome.message);
      case 'reset':
        this.reset(outcome.message);
        return undefined;
    }
  }

  private async challenge(execution: AuthenticatorExecution, view: ChallengeView): Promise<RunEnd> {
    const offer = await siblingOffer(this, this.env, this.flow, execution.id);
    showChallenge(this.state, execution.id, offer ? { ...view, offer } : view);
    return { type: 'challenge' };
  }

  private async evaluate(decision: EvaluateDecision): Promise<RunEnd | undefined> {
    const execution = decision.execution;
    const plugin = this.env.registry.condition(execution.provider);
    const config = plugin && this.env.configs.get(plugin, execution);
    if (!plugin || !config) return this.fault(execution, 'matches', new Error(`condition '${execution.provider}' is missing or its config invalid`));
    const context = () => conditionContext(this, executionInfo(execution, decision.level), config, siblingsOf(decision.level, this.env.registry, this.env.configs));
    const result = await evaluateCondition(plugin.definition, () => this.loadUser(), context, this.invoker);
    if (result.type !== 'evaluated') return this.faulted(execution, result);
    this.conditions[execution.id] = result.holds;
    return undefined;
  }

  private async succeed(): Promise<RunEnd> {
    const userId = this.state.userId;
    // Fresh from the store, not the view a plugin handed over: it may be stale or hand-made.
    const user = userId === undefined ? undefined : await this.services.users.findById(userId);
    if (!user) return this.fail(FLOW_ERRORS.unknownUser);
    if (!user.enabled) return this.fail(FLOW_ERRORS.userDisabled);
    this.loaded = { id: user.id, user };
    // Not a success yet: the user's required actions come first (Keycloak runs them before the session).
    return new RequiredActionRun(this.env, this, this.realmDefinition).begin(user);
  }

  private async notApplicable(execution: AuthenticatorExecution, error: string): Promise<RunEnd | undefined> {
    if (execution.requirement === 'ALTERNATIVE') {
      this.state.statuses[execution.id] = 'ATTEMPTED';
      return undefined;
    }
    this.state.statuses[execution.id] = 'FAILED';
    return this.failRequired(execution, error);
  }

  /**
   * A REQUIRED execution failed. Inside an ALTERNATIVE sub-flow that only fails that alternative
   * (Keycloak catches the failure at the nearest alternative level and tries the next one): the
   * planner derives the sub-flow's failure from the FAILED leaf. Otherwise the whole flow fails.
   */
  private async failRequired(execution: AuthenticatorExecution, error: string, message?: string): Promise<RunEnd | undefined> {
    const path = pathTo(this.flow, execution.id) ?? [];
    if (!path.slice(0, -1).some((step) => step.execution.requirement === 'ALTERNATIVE')) {
      return this.fail(error, { message, execution });
    }
    await this.recordError(error, execution);
    this.lastFailure = { error, ...(message !== undefined && { message }) };
    return undefined;
  }

  private async fault(
    execution: AuthenticatorExecution | ConditionExecution,
    phase: Phase,
    error: unknown,
    reason: string = FLOW_ERRORS.pluginError,
  ): Promise<RunEnd> {
    this.env.onPluginError?.(error ?? new Error(reason), { realm: this.state.realm, execution: execution.id, plugin: execution.provider, phase });
    if (execution.kind === 'authenticator') this.state.statuses[execution.id] = 'FAILED';
    return this.fail(reason, { execution, code: FAULT_CODES[reason] });
  }

  private faulted(execution: AuthenticatorExecution | ConditionExecution, fault: PluginFault): Promise<RunEnd> {
    return fault.type === 'loop' ? this.loop() : this.fault(execution, fault.phase, fault.error, fault.reason);
  }

  private loop(): Promise<RunEnd> {
    return this.fail(FLOW_ERRORS.flowLoop, { code: FAULT_CODES[FLOW_ERRORS.flowLoop] });
  }

  private async fail(
    error: string,
    options: { message?: string; code?: ErrorCode; execution?: EventSubject; recorded?: boolean } = {},
  ): Promise<RunEnd> {
    if (!options.recorded) await this.recordError(error, options.execution);
    return failedEnd(this.state, error, options);
  }

  private reset(message: string | undefined): void {
    resetFlowState(this.state, message);
    this.conditions = {};
    this.lastFailure = undefined;
    this.loaded = undefined;
  }

  private recordError(error: string, execution?: EventSubject): Promise<void> {
    return recordLoginError(this.services, this.state, error, execution);
  }

  private async loadUser(): Promise<UserView | undefined> {
    const id = this.state.userId;
    if (this.loaded?.id !== id || this.loaded === undefined) {
      this.loaded = { id, user: id === undefined ? undefined : await this.services.users.findById(id) };
    }
    return this.loaded.user;
  }
}
