import path from 'node:path';
import type { Container } from 'inversify';
import { ADMIN_REALM } from '../admin/admin-realm';
import { ensureAdminClient } from '../admin/bootstrap/admin-setup';
import type { ServerConfig } from '../config/server-config';
import { createContainer, disposeContainer, TYPES, type ContainerOverrides } from './container';
import { assertRelyingParty, loadFlowsDirectory, type PluginRegistry } from '../engine';
import type { Logger } from '../logging/logger';
import type { RealmAdminStore, TypeormRealmStore } from '../store';
import { projectRoot } from '../util/project-root';

/**
 * The shipped admin realm (realm `admin`, its browser flow): a flows directory of its own, because
 * every flow of a directory belongs to every realm of it, and the admins' sign-in flow has no
 * business among the flows of the realms people sign in to (nor theirs in the admin realm).
 */
export const ADMIN_FLOWS_DIR = path.join(projectRoot(), 'flows', 'admin');

/**
 * Boots the engine: builds the container (plugins registered, database opened and migrated), then
 * loads every flow and realm file and imports them, with the shipped admin realm unless the flows
 * directory declares realm `admin` itself. Invalid flow JSON stops the boot with every error at
 * once (`FlowgateErrors`), and nothing is imported: a half-valid config never runs.
 *
 * A realm whose files did not change since the last start is not imported again, so what admins
 * changed through the admin API since then stands; changed files are imported over it. Last, the
 * admin realm's `admin-console` client is pointed at this install's console (`<publicUrl>/admin/`).
 */
export async function bootEngine(config: ServerConfig, logger: Logger, overrides: ContainerOverrides = {}): Promise<Container> {
  const container = await createContainer(config, logger, overrides);
  try {
    const registry = container.get(TYPES.PluginRegistry);
    const realms = loadFlowsDirectory(config.flowsDir, registry);
    if (!realms.some((r) => r.name === ADMIN_REALM)) realms.push(...loadFlowsDirectory(ADMIN_FLOWS_DIR, registry));
    for (const realm of realms) assertRelyingParty(realm, config.publicUrl);
    const store = container.get(TYPES.RealmStore);
    for (const realm of realms) {
      const result = await store.importRealm(realm, { onlyWhenChanged: true });
      logger.info({ realm: realm.name, version: result.version, changed: result.changed }, 'realm imported');
    }
    await ensureAdminClient(container.get(TYPES.RealmAdmin), registry, config.publicUrl);
    return container;
  } catch (err) {
    await disposeContainer(container);
    throw err;
  }
}
