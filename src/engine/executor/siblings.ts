import type { SiblingExecution } from '../../spi/context';
import type { UserView } from '../../spi/services';
import type { FlowLevel } from '../flow-tree';
import type { AuthenticatorExecution } from '../model';
import type { PluginRegistry } from '../plugin-registry';
import type { ConfigCache } from './config-cache';

/**
 * The enabled authenticator executions of a CONDITIONAL sub-flow, as its conditions see them
 * (`condition-user-configured` asks each whether it is set up for the user). DISABLED ones are
 * left out: they never run, so whether they are set up cannot matter.
 */
export function siblingsOf(level: FlowLevel, registry: PluginRegistry, configs: ConfigCache): SiblingExecution[] {
  return level.flow.executions
    .filter((e): e is AuthenticatorExecution => e.kind === 'authenticator' && e.requirement !== 'DISABLED')
    .map((e) => ({
      authenticator: e.provider,
      requirement: e.requirement,
      configuredFor: async (user: UserView) => {
        const plugin = registry.authenticator(e.provider);
        const config = plugin && configs.get(plugin, e);
        if (!plugin || !config) throw new Error(`authenticator '${e.provider}' is missing or its config invalid`);
        // Anything but `true` counts as "not set up", as for the step itself.
        return plugin.definition.configuredFor ? (await plugin.definition.configuredFor(user, config)) === true : true;
      },
    }));
}
