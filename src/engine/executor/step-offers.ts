import type { AuthenticatorDefinition } from '../../spi/authenticator';
import type { OfferedStep } from '../../spi/results';
import type { ChallengeView, StepOffer } from '../../spi/view';
import type { AuthSessionState } from '../auth-session';
import { pathTo, type FlowLevel } from '../flow-tree';
import type { AuthenticatorExecution, FlowNode } from '../model';
import type { PluginRegistry } from '../plugin-registry';
import { tryAnotherWayOptions } from '../try-another-way';
import type { ConfigCache } from './config-cache';
import { authenticatorContext, executionInfo, type ContextScope } from './plugin-context';
import type { PluginInvoker } from './plugin-invoker';
import type { PluginErrorListener } from './types';

const EMPTY_FORM: Readonly<Record<string, string>> = Object.freeze({});

/** What asking siblings for offers needs from the run. */
export interface OfferScope extends ContextScope {
  readonly invoker: PluginInvoker;
}

/** The plugins and configs of the realm, and where a failing offer is reported. */
export interface OfferDeps {
  readonly registry: PluginRegistry;
  readonly configs: ConfigCache;
  readonly onPluginError?: PluginErrorListener;
}

/** The alternatives "try another way" would list while `executionId` shows, but that one. */
function siblingsOffering(flow: FlowNode, state: AuthSessionState, executionId: string): { execution: AuthenticatorExecution; level: FlowLevel }[] {
  const options = tryAnotherWayOptions(flow, executionId, { statuses: state.statuses, conditions: {} });
  const found: { execution: AuthenticatorExecution; level: FlowLevel }[] = [];
  for (const option of options?.options ?? []) {
    const step = option.id === executionId ? undefined : pathTo(flow, option.id)?.at(-1);
    if (step?.execution.kind === 'authenticator') found.push({ execution: step.execution, level: step.level });
  }
  return found;
}

/**
 * The first offer a sibling of `executionId` makes (`AuthenticatorDefinition.offer`), asked at the
 * level "try another way" would switch at, in flow order. An offer that throws is reported and left
 * out: the page it would decorate works without it.
 */
export async function siblingOffer(scope: OfferScope, deps: OfferDeps, flow: FlowNode, executionId: string): Promise<OfferedStep | undefined> {
  for (const { execution, level } of siblingsOffering(flow, scope.state, executionId)) {
    const plugin = deps.registry.authenticator(execution.provider);
    const definition = plugin?.definition as AuthenticatorDefinition<Record<string, unknown>> | undefined;
    const config = plugin && deps.configs.get(plugin, execution);
    if (!definition?.offer || !config || !scope.invoker.countCall()) continue;
    const ctx = authenticatorContext(scope, executionInfo(execution, level), config, EMPTY_FORM);
    let offer: StepOffer | undefined;
    try {
      offer = await scope.invoker.invoke('offer', () => definition.offer!(ctx));
    } catch (error) {
      deps.onPluginError?.(error, { realm: scope.state.realm, execution: execution.id, plugin: execution.provider, phase: 'offer' });
      continue;
    }
    if (offer) return { execution: execution.id, offer };
  }
  return undefined;
}

/**
 * The execution a submission answering the offer on the page showing names, with its level and
 * the view whose fields bound the form; undefined when `executionId` made no offer on that page.
 */
export function offeredTarget(
  state: AuthSessionState,
  flow: FlowNode,
  executionId: string,
): { execution: AuthenticatorExecution; level: FlowLevel; view: ChallengeView } | undefined {
  const offered = state.showingSelector ? undefined : state.currentView?.offer;
  if (offered?.execution !== executionId || state.requiredActions) return undefined;
  const step = pathTo(flow, executionId)?.at(-1);
  if (step?.execution.kind !== 'authenticator') return undefined;
  return { execution: step.execution, level: step.level, view: { view: 'offer', fields: offered.offer.fields } };
}

/**
 * Makes the offering execution the chosen alternative at its level, as "try another way" does, and
 * leaves the page's own step unprocessed, so it stays available if the answer fails.
 */
export function selectOffered(state: AuthSessionState, flow: FlowNode, executionId: string): void {
  const current = state.currentExecution;
  const options = current === undefined ? undefined : tryAnotherWayOptions(flow, current, { statuses: state.statuses, conditions: {} });
  if (options) state.selected[options.levelKey] = executionId;
  if (current !== undefined && state.statuses[current] === 'CHALLENGED') delete state.statuses[current];
}
