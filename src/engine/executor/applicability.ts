import type { AuthenticatorDefinition } from '../../spi/authenticator';
import type { ConditionDefinition } from '../../spi/condition';
import type { ConditionContext } from '../../spi/context';
import type { UserView } from '../../spi/services';
import { FLOW_ERRORS } from './flow-errors';
import type { PluginInvoker } from './plugin-invoker';

/** A plugin that broke the rules: it threw, timed out or answered nonsense (`reason`), or the request spent its call budget (`loop`). */
export type PluginFault =
  | { readonly type: 'fault'; readonly phase: 'configuredFor' | 'matches'; readonly error: unknown; readonly reason: string }
  | { readonly type: 'loop' };

/** Whether an authenticator runs for the person now, or is skipped with a reason (a `FLOW_ERRORS` value). */
export type Applicability = { readonly type: 'applicable' } | { readonly type: 'not-applicable'; readonly reason: string } | PluginFault;

/**
 * Keycloak's rule for a step that needs a user: with no user, or one the step is not set up for
 * (`configuredFor` answers anything but `true`, the safe reading of a sloppy answer), the plugin
 * is not called at all. `loadUser` is asked only when the plugin needs a user.
 */
export async function applicability(
  definition: AuthenticatorDefinition<any>,
  config: Readonly<Record<string, unknown>>,
  loadUser: () => Promise<UserView | undefined>,
  invoker: PluginInvoker,
): Promise<Applicability> {
  if (!definition.requiresUser) return { type: 'applicable' };
  const user = await loadUser();
  if (!user) return { type: 'not-applicable', reason: FLOW_ERRORS.unknownUser };
  if (!definition.configuredFor) return { type: 'applicable' };
  if (!invoker.countCall()) return { type: 'loop' };
  let configured: unknown;
  try {
    configured = await invoker.invoke('configuredFor', () => definition.configuredFor!(user, config));
  } catch (error) {
    return { type: 'fault', phase: 'configuredFor', error, reason: FLOW_ERRORS.pluginError };
  }
  return configured === true ? { type: 'applicable' } : { type: 'not-applicable', reason: FLOW_ERRORS.credentialSetupRequired };
}

/**
 * Asks a condition. One that needs a user does not hold without one (it is not called). A
 * condition that throws, times out or answers anything but a boolean is a fault, never "false":
 * reading it as false would skip the sub-flow it guards.
 */
export async function evaluateCondition(
  definition: ConditionDefinition<any>,
  loadUser: () => Promise<UserView | undefined>,
  context: () => ConditionContext<any>,
  invoker: PluginInvoker,
): Promise<{ readonly type: 'evaluated'; readonly holds: boolean } | PluginFault> {
  if (definition.requiresUser && !(await loadUser())) return { type: 'evaluated', holds: false };
  if (!invoker.countCall()) return { type: 'loop' };
  let holds: unknown;
  try {
    holds = await invoker.invoke('matches', () => definition.matches(context()));
  } catch (error) {
    return { type: 'fault', phase: 'matches', error, reason: FLOW_ERRORS.pluginError };
  }
  if (typeof holds !== 'boolean') return { type: 'fault', phase: 'matches', error: undefined, reason: FLOW_ERRORS.invalidOutcome };
  return { type: 'evaluated', holds };
}
