import 'reflect-metadata';
import { Container } from 'inversify';
import type { AdminApiDeps } from '../admin/api/admin-deps';
import type { ServerConfig } from '../config/server-config';
import { SystemClock } from '../engine';
import type { Logger } from '../logging/logger';
import type { MailTransport } from '../mail';
import { loadOrCreateServerSecret } from '../security';
import type { Clock } from '../spi/services';
import { openDatabase, shareRealmChanges, storageError } from '../store';
import { describeDatabase } from '../util/database-url';
import type { ServerAppDeps } from './app';
import { adminModule } from './modules/admin.module';
import { engineModule } from './modules/engine.module';
import { APP_DEPS, httpModule } from './modules/http.module';
import { oidcModule } from './modules/oidc.module';
import { mailModule } from './modules/mail.module';
import { storeModule } from './modules/store.module';
import { TYPES } from './tokens';

export { TYPES } from './tokens';
export { TEMPLATES_DIR } from './paths';

/** The areas, one module each: an area registers its own bindings, and a new area is one more entry here. */
const AREA_MODULES = [storeModule, mailModule, engineModule, httpModule, adminModule, oidcModule];

/** What the composition root may be handed instead of building it (tests: a manual clock, a quiet logger). */
export interface ContainerOverrides {
  readonly clock?: Clock;
  readonly mailTransport?: MailTransport;
}

/**
 * The one composition root. Each area's module binds its services to typed identifiers (`TYPES`),
 * each built from what it resolves from the container, once (singletons). Classes take their
 * dependencies as constructor arguments and carry no decorators: the modules are the wiring. The
 * plugins are loaded first (a broken one stops the boot before anything is written), then the
 * server secret and the database (opened and migrated), then everything is resolved, so a
 * container that exists is ready to serve and a bad theme or template stops the boot.
 */
export async function createContainer(config: ServerConfig, logger: Logger, overrides: ContainerOverrides = {}): Promise<Container> {
  const container = new Container({ defaultScope: 'Singleton' });
  container.load(...AREA_MODULES);
  container.bind(TYPES.Config).toConstantValue(config);
  container.bind(TYPES.Logger).toConstantValue(logger);
  container.bind(TYPES.Clock).toConstantValue(overrides.clock ?? new SystemClock());
  if (overrides.mailTransport) container.rebind(TYPES.MailTransport).toConstantValue(overrides.mailTransport);
  container.get(TYPES.PluginRegistry);
  container.bind(TYPES.ServerSecret).toConstantValue(await storageCoded(config.dataDir, loadOrCreateServerSecret(config.dataDir, logger)));
  const database = { database: config.database, poolSize: config.databasePoolSize, tls: config.databaseTls, caFile: config.databaseCaFile };
  container.bind(TYPES.DataSource).toConstantValue(await storageCoded(describeDatabase(config.database), openDatabase(database)));
  // An admin's change on any node reaches this node's realm cache (decision 24).
  shareRealmChanges(container.get(TYPES.DataSource), container.get(TYPES.ClusterChannel), logger);
  container.get(APP_DEPS);
  return container;
}

/** Closes what the container opened: stops mail delivery (draining), then the transport, the cluster channel and the database. */
export async function disposeContainer(container: Container): Promise<void> {
  await container.get(TYPES.DeliveryWorker).stop();
  await container.get(TYPES.MailTransport).close();
  await container.get(TYPES.ClusterChannel).close();
  const dataSource = container.get(TYPES.DataSource);
  if (dataSource.isInitialized) await dataSource.destroy();
}

/** What the HTTP layer needs: `createApp(appDepsFrom(container))`. */
export function appDepsFrom(container: Container): ServerAppDeps {
  return container.get(APP_DEPS);
}

/** What the admin API's route groups are built with. */
export function adminApiDepsFrom(container: Container): AdminApiDeps {
  return container.get(TYPES.AdminApiDeps);
}

/** A full or read-only data directory stops the boot with its code and path, not a bare system error. */
async function storageCoded<T>(path: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    throw storageError(err, path) ?? err;
  }
}
