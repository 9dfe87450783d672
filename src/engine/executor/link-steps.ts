import { FlowgateError } from '../../errors';
import type { ExecutionInfo, LinkContext, LinkDescription, LinkInfo, LinkOutcome } from '../../spi/context';
import type { TokenRejection } from '../../spi/services';
import type { AuthSessionState } from '../auth-session';
import { pathTo } from '../flow-tree';
import { GENERIC_LINK_MESSAGE } from '../links/link-types';
import type { LinkTarget } from '../links/link-service';
import type { FlowNode, RealmDefinition } from '../model';
import { actionSettings, requiredActionIdOf } from '../required-actions/realm-actions';
import type { FlowRun, RunEnvironment } from './flow-run';
import { linkContext } from './plugin-context';

/**
 * A notes namespace no execution can have (execution ids are `<alias>/<key>`): where a sign-in
 * remembers that its waiting execution was approved by a link opened in another browser. Kept in
 * the notes so a restart, which clears them, also forgets the approval.
 */
const LINK_NOTES = '~links';
const MAX_DENY_MESSAGE_LENGTH = 200;

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
  return {
    kind: 'authenticator',
    plugin: target.plugin,
    definition: plugin.definition,
    config,
    info: { id: step.execution.id, requirement: step.execution.requirement, flowAlias: step.level.flow.alias },
  };
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

/** Calls `onLink` in the issuing execution's context; `undefined` for a fault (reported to `onPluginError`). */
export async function callOnLink(env: RunEnvironment, run: FlowRun, handler: LinkHandler, target: LinkTarget, sameBrowser: boolean): Promise<LinkOutcome | undefined> {
  const where = { realm: run.state.realm, execution: handler.info.id, plugin: handler.plugin, phase: 'onLink' };
  const onLink = handler.definition.onLink;
  if (typeof onLink !== 'function') {
    env.onPluginError?.(new Error(`plugin '${handler.plugin}' issued a link but has no onLink`), where);
    return undefined;
  }
  if (!run.countCall()) return undefined;
  await run.currentUser();
  let returned: unknown;
  try {
    returned = await onLink(linkContext(run, handler.info, handler.config, target.link, sameBrowser));
  } catch (error) {
    env.onPluginError?.(error, where);
    return undefined;
  }
  const outcome = returned as Partial<{ type: unknown; message: unknown }> | null | undefined;
  if (outcome?.type === 'approve') return { type: 'approve' };
  if (outcome?.type === 'deny' && typeof outcome.message === 'string' && outcome.message.length > 0 && outcome.message.length <= MAX_DENY_MESSAGE_LENGTH) {
    return { type: 'deny', message: outcome.message };
  }
  env.onPluginError?.(new Error('onLink returned neither approve nor deny'), where);
  return undefined;
}

function isDescription(value: unknown): value is LinkDescription {
  if (typeof value !== 'object' || value === null) return false;
  const { message, params } = value as { message?: unknown; params?: unknown };
  return typeof message === 'string' && message.length > 0 && (params === undefined || (typeof params === 'object' && params !== null));
}
