import type { AuthenticatorContext, ConditionContext, ExecutionInfo, LinkContext, LinkInfo, PluginContext, SiblingExecution } from '../../spi/context';
import type { RequiredActionContext, RequiredActionTriggerContext } from '../../spi/required-action';
import type { LinkService, Notes, UserView } from '../../spi/services';
import type { AuthSessionState } from '../auth-session';
import type { FlowLevel } from '../flow-tree';
import type { AuthenticatorExecution, ConditionExecution } from '../model';
import type { RunServices } from './run-environment';

/** What a run lends the contexts it builds: the session it mutates, its services and its user. */
export interface ContextScope {
  readonly state: AuthSessionState;
  /** The services plugins get, made once for the run. */
  readonly services: RunServices;
  /** The links of execution `executionId` of this sign-in. */
  links(executionId: string): LinkService;
  /** The identified user, as last loaded or set. */
  readonly user: UserView | undefined;
  /** Sets the identified user; throws on a user of another realm. */
  setUser(user: UserView | undefined): void;
  /** The realm's display name, for `authSession.realmDisplayName`. */
  readonly realmDisplayName: string;
}

/** One execution's notes, kept in the session state so any process can continue the flow. */
class ExecutionNotes implements Notes {
  constructor(
    private readonly state: AuthSessionState,
    private readonly executionId: string,
  ) {}

  get<T = unknown>(key: string): T | undefined {
    const value = this.state.notes[this.executionId]?.[key];
    // A copy, so a plugin changing what it read does not change the stored note behind its back.
    return value === undefined ? undefined : (structuredClone(value) as T);
  }

  set(key: string, value: unknown): void {
    if (value === undefined) return this.remove(key);
    // Stored as JSON: fail at once on what would not survive the trip (functions, cycles, BigInt).
    const stored = JSON.parse(JSON.stringify(value)) as unknown;
    (this.state.notes[this.executionId] ??= {})[key] = stored;
  }

  remove(key: string): void {
    const notes = this.state.notes[this.executionId];
    if (!notes) return;
    delete notes[key];
    if (Object.keys(notes).length === 0) delete this.state.notes[this.executionId];
  }
}

function pluginContext<C>(scope: ContextScope, execution: ExecutionInfo, config: Readonly<C>): PluginContext<C> {
  const { state } = scope;
  const { relyingParty, ...services } = scope.services;
  return {
    config,
    authSession: Object.freeze({
      id: state.id,
      realm: state.realm,
      realmDisplayName: scope.realmDisplayName,
      clientId: state.clientId,
      locale: state.locale ?? 'en',
      loginHint: state.loginHint,
    }),
    execution: Object.freeze({ ...execution }),
    get user() {
      return scope.user;
    },
    get attemptedIdentifier() {
      return state.attemptedIdentifier ?? state.loginHint;
    },
    notes: new ExecutionNotes(state, execution.id),
    ...services,
    get relyingParty() {
      return relyingParty();
    },
    links: scope.links(execution.id),
  };
}

/** The context of an authenticator's `authenticate` (empty `form`) or `action`. */
export function authenticatorContext<C>(
  scope: ContextScope,
  execution: ExecutionInfo,
  config: Readonly<C>,
  form: Readonly<Record<string, string>>,
): AuthenticatorContext<C> {
  return Object.assign(pluginContext(scope, execution, config), {
    form,
    setUser(user: UserView | undefined): void {
      scope.setUser(user);
    },
    setAttemptedIdentifier(identifier: string | undefined): void {
      scope.state.attemptedIdentifier = typeof identifier === 'string' ? identifier : undefined;
    },
  });
}

/** The context of a condition's `matches`. */
export function conditionContext<C>(
  scope: ContextScope,
  execution: ExecutionInfo,
  config: Readonly<C>,
  siblings: readonly SiblingExecution[],
): ConditionContext<C> {
  return Object.assign(pluginContext(scope, execution, config), { siblings });
}

/** The context of a required action's `challenge` (empty `form`) or `process`. */
export function requiredActionContext<C>(
  scope: ContextScope,
  execution: ExecutionInfo,
  config: Readonly<C>,
  form: Readonly<Record<string, string>>,
): RequiredActionContext<C> {
  return Object.assign(pluginContext(scope, execution, config), { form });
}

/** The context of a required action's `evaluateTriggers`; `require` makes the action pending on the user. */
export function requiredActionTriggerContext<C>(
  scope: ContextScope,
  execution: ExecutionInfo,
  config: Readonly<C>,
  require: () => Promise<void>,
): RequiredActionTriggerContext<C> {
  return Object.assign(pluginContext(scope, execution, config), { require, amr: Object.freeze([...(scope.state.amr ?? [])]) });
}

/**
 * The context of `onLink`: the issuing execution's context, the link, and whether it was confirmed
 * in the signing-in browser. `setUser` only hands the user to `setUser` here; the caller applies it
 * if the link is approved.
 */
export function linkContext<C>(
  scope: ContextScope,
  execution: ExecutionInfo,
  config: Readonly<C>,
  link: LinkInfo,
  sameBrowser: boolean,
  setUser: (user: UserView | undefined) => void,
): LinkContext<C> {
  return Object.assign(pluginContext(scope, execution, config), { link, sameBrowser, setUser });
}

/** What a plugin is told about the execution it runs as. */
export function executionInfo(execution: AuthenticatorExecution | ConditionExecution, level: FlowLevel): ExecutionInfo {
  return { id: execution.id, requirement: execution.requirement, flowAlias: level.flow.alias };
}
