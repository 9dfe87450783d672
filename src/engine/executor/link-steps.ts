import { FlowgateError, type ErrorCode } from '../../errors';
import type { CrossBrowserLink, ExecutionInfo, LinkContext, LinkDescription, LinkInfo, LinkOutcome } from '../../spi/context';
import type { LinkService, TokenRejection, TokenService, UserView } from '../../spi/services';
import type { AuthSessionState } from '../auth-session';
import { pathTo } from '../flow-tree';
import { GENERIC_LINK_MESSAGE } from '../links/link-types';
import { linkService, type LinkTarget } from '../links/link-service';
import type { AuthenticatorExecution, FlowNode, RealmDefinition } from '../model';
import { actionSettings, requiredActionIdOf } from '../required-actions/realm-actions';
import { LOGIN_ERROR_EVENT } from './flow-errors';
import type { FlowRun } from './flow-run';
import { crossBrowserMode, ensureApprovalNumber } from './link-approval';
import type { RunEnvironment } from './run-environment';
import { linkContext } from './plugin-context';
import { resetFlowState } from './reset-flow-state';

/**
 * A notes namespace no execution can have (execution ids are `<alias>/<key>`): where a sign-in
 * remembers that its waiting execution was approved by a link opened in another browser. Kept in
 * the notes so a restart, which clears them, also forgets the approval.
 */
const LINK_NOTES = '~links';
const MAX_DENY_MESSAGE_LENGTH = 200;

/**
 * The failure reason a waiting tab ends with when its sign-in moved to the browser that confirmed
 * its link (`continueHere`). Like the engine's other reasons, never renamed.
 */
const SIGN_IN_MOVED = 'continued_elsewhere';

/** The message key of that ending (en/de in the theme's bundles). */
const SIGN_IN_MOVED_MESSAGE = 'error.signInMoved';

/**
 * How a waiting sign-in ends because of its link's page in another browser: the person picked a
 * number the waiting tab does not show (`mismatch`), or said "This wasn't me" (`rejected`). The
 * reasons are recorded on LOGIN_ERROR and, like the engine's other reasons, never renamed.
 */
export const LINK_PAGE_ENDS = {
  mismatch: { error: 'approval_mismatch', message: 'error.approvalMismatch', code: 'FG_APPROVAL_MISMATCH' },
  rejected: { error: 'sign_in_rejected', message: 'error.signInRejected', code: 'FG_SIGN_IN_REJECTED' },
} as const satisfies Record<string, { error: string; message: string; code: ErrorCode }>;

/** The error codes of the ways a sign-in can end because of a link (beside the engine's faults). */
export const LINK_RESULT_CODES: Readonly<Record<string, ErrorCode>> = {
  [SIGN_IN_MOVED]: 'FG_SIGN_IN_MOVED',
  [LINK_PAGE_ENDS.mismatch.error]: LINK_PAGE_ENDS.mismatch.code,
  [LINK_PAGE_ENDS.rejected.error]: LINK_PAGE_ENDS.rejected.code,
};

/**
 * LOGIN_ERROR reasons of links refused before any plugin sees them. A key that never was a link
 * (`not_found`) records nothing: it says nothing about anyone, and anyone can make one up.
 */
const LINK_REFUSAL_REASONS: Readonly<Partial<Record<TokenRejection, string>>> = { expired: 'expired', consumed: 'used' };

/** The plugin behind a link, ready to be called: its definition's link hooks, its config, its execution. */
export interface LinkHandler {
  readonly kind: 'authenticator' | 'required-action';
  /** The plugin id (for a required action, also the action id). */
  readonly plugin: string;
  readonly definition: {
    onLink?(ctx: LinkContext<Record<string, unknown>>): Promise<LinkOutcome> | LinkOutcome;
    describeLink?(link: LinkInfo): LinkDescription;
  };
  readonly config: Readonly<Record<string, unknown>>;
  readonly info: ExecutionInfo;
  /**
   * What confirming in another browser does (authenticators only). A required action's link only
   * lets a tab that already proved who it is go on, so it approves that tab without a number.
   */
  readonly crossBrowser?: CrossBrowserLink;
}

/** Whether the execution the tab shows was approved out of band and the tab should move on. */
export function approvedOutOfBand(state: AuthSessionState): boolean {
  return state.currentExecution !== undefined && state.notes[LINK_NOTES]?.['approved'] === state.currentExecution;
}

/** Remembers that `execution` was approved out of band. */
export function markApproved(state: AuthSessionState, execution: string): void {
  state.notes[LINK_NOTES] = { approved: execution };
}

/** Forgets an out-of-band approval (the tab moved on). */
export function clearApproval(state: AuthSessionState): void {
  delete state.notes[LINK_NOTES];
}

/** The coded refusal of a token that could not be used. */
export function linkRefusal(reason: TokenRejection): FlowgateError {
  if (reason === 'expired') return new FlowgateError('FG_LINK_EXPIRED');
  if (reason === 'consumed') return new FlowgateError('FG_LINK_USED');
  return new FlowgateError('FG_LINK_NOT_FOUND');
}

/**
 * The plugin a link leads back to, if that execution is still the one waiting in its sign-in and
 * its plugin still runs there with a valid config; `undefined` otherwise (the sign-in moved on).
 */
export function resolveLinkHandler(env: RunEnvironment, realm: RealmDefinition, flow: FlowNode, state: AuthSessionState, target: LinkTarget): LinkHandler | undefined {
  if (state.currentExecution !== target.execution || approvedOutOfBand(state)) return undefined;
  const actionId = requiredActionIdOf(target.execution);
  if (actionId !== undefined) {
    if (actionId !== target.plugin || !state.requiredActions) return undefined;
    const settings = actionSettings(realm, actionId);
    const plugin = env.registry.requiredAction(actionId);
    const config = plugin && settings?.enabled ? env.configs.get(plugin, settings) : undefined;
    if (!plugin || !config) return undefined;
    return { kind: 'required-action', plugin: actionId, definition: plugin.definition, config, info: { id: target.execution, requirement: 'REQUIRED', flowAlias: state.flowAlias } };
  }
  const step = pathTo(flow, target.execution)?.at(-1);
  if (state.requiredActions || step?.execution.kind !== 'authenticator' || step.execution.provider !== target.plugin) return undefined;
  const plugin = env.registry.authenticator(target.plugin);
  const config = plugin && env.configs.get(plugin, step.execution);
  if (!plugin || !config) return undefined;
  const info: ExecutionInfo = { id: step.execution.id, requirement: step.execution.requirement, flowAlias: step.level.flow.alias };
  const crossBrowser = crossBrowserMode(plugin.definition, config, pluginFault(env, realm.name, info.id, target.plugin, 'crossBrowserLink'));
  return { kind: 'authenticator', plugin: target.plugin, definition: plugin.definition, config, info, crossBrowser };
}

/** Reports a fault of `plugin` in `phase` to `onPluginError`. */
function pluginFault(env: RunEnvironment, realm: string, execution: string, plugin: string, phase: string): (error: unknown) => void {
  return (error) => env.onPluginError?.(error, { realm, execution, plugin, phase });
}

/** What the confirmation page says: the plugin's `describeLink`, or the generic text when it has none or it fails. */
export function describeLink(env: RunEnvironment, handler: LinkHandler, target: LinkTarget, realm: string): LinkDescription {
  const describe = handler.definition.describeLink;
  if (typeof describe !== 'function') return { message: GENERIC_LINK_MESSAGE };
  try {
    const described: unknown = describe(target.link);
    if (isDescription(described)) return described;
    env.onPluginError?.(new Error('describeLink returned no { message }'), { realm, execution: handler.info.id, plugin: handler.plugin, phase: 'describeLink' });
  } catch (error) {
    env.onPluginError?.(error, { realm, execution: handler.info.id, plugin: handler.plugin, phase: 'describeLink' });
  }
  return { message: GENERIC_LINK_MESSAGE };
}

/**
 * Calls `onLink` in the issuing execution's context; `undefined` for a fault (reported to
 * `onPluginError`). On approve, the user `onLink` set (if it did) is now the flow's user;
 * `continueHere` is kept only for authenticators.
 */
export async function callOnLink(env: RunEnvironment, run: FlowRun, handler: LinkHandler, target: LinkTarget, sameBrowser: boolean): Promise<LinkOutcome | undefined> {
  const where = { realm: run.state.realm, execution: handler.info.id, plugin: handler.plugin, phase: 'onLink' };
  const fault = (error: unknown): undefined => {
    env.onPluginError?.(error, where);
    return undefined;
  };
  const onLink = handler.definition.onLink;
  if (typeof onLink !== 'function') return fault(new Error(`plugin '${handler.plugin}' issued a link but has no onLink`));
  if (!run.invoker.countCall()) return undefined;
  await run.currentUser();
  let userSet: { readonly user: UserView | undefined } | undefined;
  let returned: unknown;
  try {
    returned = await run.invoker.invoke('onLink', () => onLink(linkContext(run, handler.info, handler.config, target.link, sameBrowser, (user) => (userSet = { user }))));
  } catch (error) {
    return fault(error);
  }
  const outcome = returned as Partial<{ type: unknown; message: unknown; continueHere: unknown }> | null | undefined;
  if (outcome?.type === 'approve') {
    if (userSet) {
      if (handler.kind !== 'authenticator') return fault(new Error("a required action's link cannot change the flow's user"));
      try {
        run.setUser(userSet.user);
      } catch (error) {
        return fault(error);
      }
    }
    return { type: 'approve', ...(outcome.continueHere === true && handler.kind === 'authenticator' && { continueHere: true }) };
  }
  if (outcome?.type === 'deny' && typeof outcome.message === 'string' && outcome.message.length > 0 && outcome.message.length <= MAX_DENY_MESSAGE_LENGTH) {
    return { type: 'deny', message: outcome.message };
  }
  return fault(new Error('onLink returned neither approve nor deny'));
}

/**
 * Moves a sign-in to the browser that confirmed its link (`continueHere`): returns a copy under new
 * ids whose `rootId` is `browserId`, and ends `state` (the waiting tab) as `continued_elsewhere`,
 * forgetting its user and notes. New ids, not the old ones under a new root: the waiting tab's URLs
 * (and its browser's history) must lead nowhere near the moved sign-in, and its row stays behind to
 * tell that tab what happened.
 */
export function moveSignIn(state: AuthSessionState, browserId: string, ids: { readonly id: string; readonly tabId: string }): AuthSessionState {
  const moved: AuthSessionState = { ...structuredClone(state), id: ids.id, tabId: ids.tabId, rootId: browserId };
  resetFlowState(state);
  state.result = { type: 'failure', error: SIGN_IN_MOVED, message: SIGN_IN_MOVED_MESSAGE };
  return moved;
}

/** Records LOGIN_ERROR for a link refused before its plugin saw it (see `LINK_REFUSAL_REASONS`). */
export async function recordLinkRefusal(env: RunEnvironment, realm: string, reason: TokenRejection, ip: string | undefined): Promise<void> {
  const error = LINK_REFUSAL_REASONS[reason];
  if (error === undefined) return;
  // The token store tells why a key failed but not whose it was, so the plugin and client stay unknown here.
  await env.services.events({ realm, ...(ip !== undefined && { ip }) }).record({ type: LOGIN_ERROR_EVENT, error, details: { link: true } });
}

function isDescription(value: unknown): value is LinkDescription {
  if (typeof value !== 'object' || value === null) return false;
  const { message, params } = value as { message?: unknown; params?: unknown };
  return typeof message === 'string' && message.length > 0 && (params === undefined || (typeof params === 'object' && params !== null));
}

/**
 * The links of execution `executionId` of the sign-in of `state`. The plugin is named from the
 * flow, not by the caller: a link always leads back to the plugin that ran.
 */
export function executionLinks(env: RunEnvironment, flow: FlowNode, state: AuthSessionState, executionId: string, tokens: TokenService, locale: string, linkUrl: (secret: string) => string): LinkService {
  const execution = pathTo(flow, executionId)?.at(-1)?.execution;
  const plugin = requiredActionIdOf(executionId) ?? (execution && execution.kind !== 'flow' ? execution.provider : executionId);
  const approving = execution?.kind === 'authenticator' && requiredActionIdOf(executionId) === undefined && approvesWaitingTab(env, state.realm, execution);
  return linkService({
    tokens,
    authSessionId: state.id,
    execution: executionId,
    plugin,
    locale,
    linkUrl,
    ...(approving && { beforeIssue: () => ensureApprovalNumber(state, executionId) }),
  });
}

/** Whether an authenticator's links approve its waiting tab from another browser (so need a number). */
function approvesWaitingTab(env: RunEnvironment, realm: string, execution: AuthenticatorExecution): boolean {
  const plugin = env.registry.authenticator(execution.provider);
  const config = plugin && env.configs.get(plugin, execution);
  if (!plugin || !config) return false;
  return crossBrowserMode(plugin.definition, config, pluginFault(env, realm, execution.id, execution.provider, 'crossBrowserLink')) === 'approve-waiting';
}
