import type { Container } from 'inversify';
import type { ServerConfig } from './config/server-config';
import { createContainer, disposeContainer, TYPES, type ContainerOverrides } from './container';
import { loadFlowsDirectory } from './engine/loader';
import type { PluginRegistry } from './engine/plugin-registry';
import type { Logger } from './logging/logger';
import type { TypeormRealmStore } from './store';

/**
 * Boots the engine: builds the container (plugins registered, database opened and migrated), then
 * loads every flow and realm file and imports them. Invalid flow JSON stops the boot with every
 * error at once (`FlowgateErrors`), and nothing is imported: a half-valid config never runs.
 */
export async function bootEngine(config: ServerConfig, logger: Logger, overrides: ContainerOverrides = {}): Promise<Container> {
  const container = await createContainer(config, logger, overrides);
  try {
    const realms = loadFlowsDirectory(config.flowsDir, container.get<PluginRegistry>(TYPES.PluginRegistry));
    const store = container.get<TypeormRealmStore>(TYPES.RealmStore);
    for (const realm of realms) {
      const result = await store.importRealm(realm);
      logger.info({ realm: realm.name, version: result.version, changed: result.changed }, 'realm imported');
    }
    return container;
  } catch (err) {
    await disposeContainer(container);
    throw err;
  }
}
