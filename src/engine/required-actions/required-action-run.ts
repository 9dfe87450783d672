import { FlowgateError, type ErrorCode } from '../../errors';
import type { ExecutionInfo } from '../../spi/context';
import type { RequiredActionDefinition, RequiredActionOutcome } from '../../spi/required-action';
import type { UserView } from '../../spi/services';
import type { RequiredActionPhase } from '../auth-session';
import { FAULT_CODES, FLOW_ERRORS } from '../executor/flow-errors';
import type { PluginInvoker } from '../executor/plugin-invoker';
import type { RunEnd, RunEnvironment } from '../executor/run-environment';
import type { EventSubject } from '../executor/run-failure';
import { requiredActionContext, requiredActionTriggerContext, type ContextScope } from '../executor/plugin-context';
import { clearChallenge } from '../executor/reset-flow-state';
import type { RealmDefinition, RequiredActionSettings } from '../model';
import type { RegisteredPlugin } from '../plugin-registry';
import { actionErrorEventType, actionEventType, REQUIRED_ACTION_ERRORS } from './action-events';
import { checkRequiredActionOutcome } from './action-outcome-check';
import { actionSettings, enabledActions, requiredActionExecutionId, requiredActionIdOf } from './realm-actions';



/** What the flow run lends the runner: its context scope, its call budget and its way to fail a sign-in. */
export interface ActionRunHost extends ContextScope {
  /** Calls every plugin handler of the request: its time limit and call budget. */
  readonly invoker: PluginInvoker;
  /** Ends the sign-in as failed, recording LOGIN_ERROR about `subject`. */
  failSignIn(error: string, options?: { message?: string; code?: ErrorCode; subject?: EventSubject }): Promise<RunEnd>;
}

type AnyAction = RegisteredPlugin<RequiredActionDefinition<Record<string, unknown>>>;
type Phase = 'evaluateTriggers' | 'challenge' | 'process';

/** An action ready to run: the realm's settings for it, its plugin and its resolved config. */
interface Runnable {
  readonly settings: RequiredActionSettings;
  readonly plugin: AnyAction;
  readonly config: Readonly<Record<string, unknown>>;
}

/** An action whose config its plugin's schema refuses (the realm changed under a running server). */
interface Misconfigured {
  readonly misconfigured: string;
}

/** What looking an action up found: something to run, no plugin for it, or a config its schema refuses. */
type Lookup = Runnable | Misconfigured | 'unknown';

const EMPTY_FORM: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Runs the required actions of a sign-in whose flow has succeeded, before it may end in success
 * (and so before the user session exists). First every enabled action's `evaluateTriggers` may
 * make it pending; then the user's pending actions run, enabled ones only, by realm priority;
 * then the action the client requested (`kc_action`), if any. Each action's page is a challenge
 * like a flow step (`execution` = `required-action/<id>`), so refresh, stale and replayed POSTs
 * are handled by the executor exactly as for flows. Pending actions live on the user, so a
 * sign-in abandoned half-way asks for the rest next time.
 *
 * Like `FlowRun`, it mutates the session state only; plugin faults end the sign-in with a coded
 * failure, never with an exception.
 */
export class RequiredActionRun {
  constructor(
    private readonly env: RunEnvironment,
    private readonly host: ActionRunHost,
    private readonly realm: RealmDefinition,
  ) {}

  private get phase(): RequiredActionPhase {
    return (this.host.state.requiredActions ??= { ignored: [], completed: [] });
  }

  /** The flow succeeded for `user` (loaded fresh, enabled): triggers, then the actions, then success. */
  async begin(user: UserView): Promise<RunEnd> {
    this.host.state.requiredActions = { ignored: [], completed: [] };
    this.warnAboutUnknown(user);
    let triggered = false;
    for (const settings of enabledActions(this.realm)) {
      if (!this.env.registry.requiredAction(settings.id)?.definition.evaluateTriggers) continue;
      const runnable = this.lookup(settings);
      if (runnable === 'unknown') continue;
      if ('misconfigured' in runnable) return this.misconfigured(runnable, 'evaluateTriggers');
      const evaluate = runnable.plugin.definition.evaluateTriggers!;
      if (!this.host.invoker.countCall()) return this.loop();
      const require = async (): Promise<void> => {
        await this.host.services.users.addRequiredAction(user.id, settings.id);
        triggered = true;
      };
      const ctx = requiredActionTriggerContext(this.host, this.executionInfo(settings.id), runnable.config, require);
      try {
        await this.host.invoker.invoke('evaluateTriggers', () => evaluate(ctx));
      } catch (error) {
        // Fail closed: a trigger that cannot decide (has the person accepted the current terms?) must not wave them through.
        return this.fault(settings.id, 'evaluateTriggers', error);
      }
    }
    return this.next(triggered ? undefined : user);
  }

  /** The person answered the current action's page: its `process` gets the form, then the next action runs. */
  async answer(form: Readonly<Record<string, string>>): Promise<RunEnd> {
    const id = requiredActionIdOf(this.host.state.currentExecution);
    delete this.host.state.currentExecution;
    delete this.host.state.currentView;
    const loaded = await this.reload();
    if ('end' in loaded) return loaded.end;
    const settings = id === undefined ? undefined : actionSettings(this.realm, id);
    const runnable = settings?.enabled ? this.lookup(settings) : 'unknown';
    if (runnable === 'unknown') {
      // Switched off (or its plugin removed) while its page was showing: it no longer runs, so move on.
      if (this.phase.runningRequested) this.endRequested('error');
      return this.next(loaded.user);
    }
    if ('misconfigured' in runnable) return this.misconfigured(runnable, 'process');
    const end = await this.call(runnable, 'process', form);
    return end ?? this.next();
  }

  /**
   * Action `id` was done out of band (a link it sent was approved): it succeeds as if its page had
   * said so (removed from the user, its event recorded, not run again in this sign-in). False when
   * it cannot run here any more (unknown, disabled, misconfigured).
   */
  async complete(id: string): Promise<boolean> {
    const settings = actionSettings(this.realm, id);
    const runnable = settings?.enabled ? this.lookup(settings) : 'unknown';
    if (runnable === 'unknown' || 'misconfigured' in runnable) return false;
    await this.settle(runnable, { type: 'success' });
    return true;
  }

  /** Runs the remaining actions, then succeeds: after an action completed out of band. */
  resume(): Promise<RunEnd> {
    return this.next();
  }

  /** Runs actions until one shows a page or the sign-in ends; `user` is the current user if already loaded. */
  private async next(user?: UserView): Promise<RunEnd> {
    for (;;) {
      if (!user) {
        const loaded = await this.reload();
        if ('end' in loaded) return loaded.end;
        user = loaded.user;
      }
      let runnable = this.pickPending(user);
      if (!runnable) {
        const requested = this.pickRequested();
        if (requested === undefined) return this.succeed(user);
        if (requested === 'unknown') {
          this.endRequested('error');
          continue;
        }
        this.phase.runningRequested = true;
        runnable = requested;
      }
      if ('misconfigured' in runnable) return this.misconfigured(runnable, 'challenge');
      const end = await this.call(runnable, 'challenge', EMPTY_FORM);
      if (end) return end;
      user = undefined;
    }
  }

  /**
   * The first enabled action pending on `user` that has not run (or been ignored) in this sign-in.
   * Pending ids no plugin provides are passed over (`begin` warned about them).
   */
  private pickPending(user: UserView): Runnable | Misconfigured | undefined {
    const { ignored, completed } = this.phase;
    for (const settings of enabledActions(this.realm)) {
      if (!user.requiredActions.includes(settings.id) || ignored.includes(settings.id) || completed.includes(settings.id)) continue;
      const runnable = this.lookup(settings);
      if (runnable !== 'unknown') return runnable;
    }
    return undefined;
  }

  /** The requested action, if it still has to run; `unknown` when it cannot (no such action, or disabled). */
  private pickRequested(): Lookup | undefined {
    const requested = this.host.state.requestedAction;
    if (requested === undefined || this.phase.requestedStatus !== undefined) return undefined;
    const settings = actionSettings(this.realm, requested);
    return settings?.enabled ? this.lookup(settings) : 'unknown';
  }

  private lookup(settings: RequiredActionSettings): Lookup {
    const plugin: AnyAction | undefined = this.env.registry.requiredAction(settings.id);
    if (!plugin) return 'unknown';
    const config = this.env.configs.get(plugin, settings);
    return config ? { settings, plugin, config } : { misconfigured: settings.id };
  }

  private misconfigured({ misconfigured: id }: Misconfigured, phase: Phase): Promise<RunEnd> {
    return this.fault(id, phase, new Error(`required action '${id}' has a config its schema refuses`));
  }

  /** Calls `challenge` or `process` and acts on the outcome; `undefined` means "go on to the next action". */
  private async call(runnable: Runnable, phase: 'challenge' | 'process', form: Readonly<Record<string, string>>): Promise<RunEnd | undefined> {
    const id = runnable.settings.id;
    if (!this.host.invoker.countCall()) return this.loop();
    const ctx = requiredActionContext(this.host, this.executionInfo(id), runnable.config, form);
    let returned: unknown;
    try {
      returned = await this.host.invoker.invoke(phase, () => (phase === 'process' ? runnable.plugin.definition.process(ctx) : runnable.plugin.definition.challenge(ctx)));
    } catch (error) {
      return this.fault(id, phase, error);
    }
    const outcome = checkRequiredActionOutcome(returned, runnable.plugin.definition.failureReasons);
    if (!outcome) return this.fault(id, phase, undefined, FLOW_ERRORS.invalidOutcome);
    return this.settle(runnable, outcome);
  }

  private async settle(runnable: Runnable, outcome: RequiredActionOutcome): Promise<RunEnd | undefined> {
    const id = runnable.settings.id;
    const state = this.host.state;
    const asRequested = this.phase.runningRequested === true;
    const isRequested = asRequested || id === state.requestedAction;
    const eventType = actionEventType(runnable.plugin.definition);
    switch (outcome.type) {
      case 'success':
        await this.host.services.users.removeRequiredAction(state.userId!, id);
        this.phase.completed.push(id);
        if (isRequested) this.endRequested('success');
        await this.record(eventType, id);
        return undefined;
      case 'challenge': {
        let view = outcome.view;
        if (state.flashMessage !== undefined) {
          // A message for "the next step" (after a reset) shows on this page when no flow page came first.
          view = { ...view, messages: [{ kind: 'info', text: state.flashMessage }, ...(view.messages ?? [])] };
          delete state.flashMessage;
        }
        state.currentExecution = requiredActionExecutionId(id);
        state.currentView = view;
        delete state.showingSelector;
        return { type: 'challenge' };
      }
      case 'ignore':
        // Left pending for a later sign-in; for the application that asked for it, it was not done.
        if (!asRequested) this.phase.ignored.push(id);
        if (isRequested) this.endRequested('error');
        return undefined;
      case 'cancel':
        await this.record(actionErrorEventType(eventType), id, REQUIRED_ACTION_ERRORS.cancelled);
        if (asRequested) {
          // Only asked for by the application: the person may say no and still sign in.
          this.endRequested('cancelled');
          return undefined;
        }
        return this.host.failSignIn(REQUIRED_ACTION_ERRORS.cancelled, { subject: this.subject(id) });
      case 'failure':
        await this.record(actionErrorEventType(eventType), id, outcome.error);
        return this.host.failSignIn(outcome.error, { ...(outcome.message !== undefined && { message: outcome.message }), subject: this.subject(id) });
    }
  }

  private endRequested(status: 'success' | 'cancelled' | 'error'): void {
    if (this.host.state.requestedAction === undefined) return;
    this.phase.requestedStatus ??= status;
    delete this.phase.runningRequested;
  }

  private succeed(user: UserView): RunEnd {
    const state = this.host.state;
    const status = state.requestedAction === undefined ? undefined : (this.phase.requestedStatus ?? 'error');
    clearChallenge(state);
    delete state.requiredActions;
    state.result = { type: 'success', userId: user.id, ...(status && { kcActionStatus: status }) };
    return { type: 'success', userId: user.id, ...(status && { kcActionStatus: status }) };
  }

  /** The user, fresh from the store (actions change it); the sign-in fails if it is gone or disabled meanwhile. */
  private async reload(): Promise<{ user: UserView } | { end: Promise<RunEnd> }> {
    const userId = this.host.state.userId;
    const user = userId === undefined ? undefined : await this.host.services.users.findById(userId);
    if (!user) return { end: this.host.failSignIn(FLOW_ERRORS.unknownUser) };
    if (!user.enabled) return { end: this.host.failSignIn(FLOW_ERRORS.userDisabled) };
    this.host.setUser(user);
    return { user };
  }

  private warnAboutUnknown(user: UserView): void {
    for (const id of user.requiredActions) {
      if (this.env.registry.requiredAction(id)) continue;
      this.env.onPluginError?.(
        new FlowgateError('FG_UNKNOWN_REQUIRED_ACTION', `'${id}' is pending on user ${user.id} but no plugin provides it; skipped`),
        { realm: this.realm.name, execution: requiredActionExecutionId(id), plugin: id, phase: 'lookup' },
      );
    }
  }

  private async fault(id: string, phase: Phase, error: unknown, reason: string = FLOW_ERRORS.pluginError): Promise<RunEnd> {
    this.env.onPluginError?.(error ?? new Error(reason), { realm: this.realm.name, execution: requiredActionExecutionId(id), plugin: id, phase });
    return this.host.failSignIn(reason, { code: FAULT_CODES[reason], subject: this.subject(id) });
  }

  private loop(): Promise<RunEnd> {
    return this.host.failSignIn(FLOW_ERRORS.flowLoop, { code: FAULT_CODES[FLOW_ERRORS.flowLoop] });
  }

  private async record(type: string, id: string, error?: string): Promise<void> {
    await this.host.services.events.record({
      type,
      ...(this.host.state.userId !== undefined && { userId: this.host.state.userId }),
      ...(error !== undefined && { error }),
      details: { flow: this.host.state.flowAlias, requiredAction: id },
    });
  }

  private executionInfo(id: string): ExecutionInfo {
    return { id: requiredActionExecutionId(id), requirement: 'REQUIRED', flowAlias: this.host.state.flowAlias };
  }

  private subject(id: string): EventSubject {
    return { id: requiredActionExecutionId(id), provider: id };
  }
}
