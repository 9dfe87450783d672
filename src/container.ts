import 'reflect-metadata';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Container } from 'inversify';
import type { DataSource } from 'typeorm';
import { DEFAULT_SESSION_IDLE_SECONDS, DEFAULT_SESSION_MAX_SECONDS, type ServerConfig } from './config/server-config';
import { SystemClock } from './engine/clock';
import { FlowExecutor } from './engine/executor';
import { PluginRegistry } from './engine/plugin-registry';
import type { AdminApiDeps } from './admin/api/admin-deps';
import type { AppDeps } from './http/app-deps';
import { createPageRenderer, type HandlebarsPageRenderer } from './http/render';
import type { MessageBundles } from './i18n';
import type { Logger } from './logging/logger';
import { DeliveryWorker, EmailRenderer, MailService, OutboxRepository, createMailTransport, type MailTransport } from './mail';
import { registerBuiltins } from './plugins/builtins';
import { projectRoot } from './util/project-root';
import { loadExternalPlugins } from './plugins/external';
import { MemoryRateLimitStore, RateLimiter } from './ratelimit';
import { CSRF_KEY_PURPOSE, deriveKey, loadOrCreateServerSecret } from './security';
import type { Clock } from './spi/services';
import {
  ADMIN_TOKEN_KEY_PURPOSE,
  AdminAuditStore,
  AdminTokenStore,
  EventStore,
  RealmAdminStore,
  StoreEngineServices,
  TokenStore,
  TypeormAuthSessionStore,
  TypeormRealmStore,
  UserStore,
  exclusive,
  openDatabase,
} from './store';
import { UserSessionStore, userSessionLookup } from './store/user-session.store';
import { TypeormBruteForceStore } from './store/brute-force.store';

/** Service identifiers of the composition root. Plugins never see these: they get a context. */
export const TYPES = {
  Config: Symbol.for('flowgate.Config'),
  Logger: Symbol.for('flowgate.Logger'),
  Clock: Symbol.for('flowgate.Clock'),
  DataSource: Symbol.for('flowgate.DataSource'),
  PluginRegistry: Symbol.for('flowgate.PluginRegistry'),
  RealmStore: Symbol.for('flowgate.RealmStore'),
  AuthSessionStore: Symbol.for('flowgate.AuthSessionStore'),
  UserStore: Symbol.for('flowgate.UserStore'),
  TokenStore: Symbol.for('flowgate.TokenStore'),
  EventStore: Symbol.for('flowgate.EventStore'),
  RateLimiter: Symbol.for('flowgate.RateLimiter'),
  EngineServices: Symbol.for('flowgate.EngineServices'),
  FlowExecutor: Symbol.for('flowgate.FlowExecutor'),
  MessageBundles: Symbol.for('flowgate.MessageBundles'),
  MailTransport: Symbol.for('flowgate.MailTransport'),
  MailOutbox: Symbol.for('flowgate.MailOutbox'),
  MailService: Symbol.for('flowgate.MailService'),
  DeliveryWorker: Symbol.for('flowgate.DeliveryWorker'),
  UserSessionStore: Symbol.for('flowgate.UserSessionStore'),
  /** The server secret (`<dataDir>/server.key`); derive keys from it with `deriveKey`, never use it as is. */
  ServerSecret: Symbol.for('flowgate.ServerSecret'),
  /** `deriveKey(secret, 'csrf')`: the key of the login pages' CSRF tokens. */
  CsrfKey: Symbol.for('flowgate.CsrfKey'),
  PageRenderer: Symbol.for('flowgate.PageRenderer'),
  /** Versioned realm edits of the admin API. */
  RealmAdmin: Symbol.for('flowgate.RealmAdmin'),
  /** Admin API tokens (keyed hashes under `deriveKey(secret, 'admin-api-token')`). */
  AdminTokens: Symbol.for('flowgate.AdminTokens'),
  /** The admin audit: who changed what through the admin API. */
  AdminAudit: Symbol.for('flowgate.AdminAudit'),
} as const;

/** Where the shipped templates live. */
export const TEMPLATES_DIR = path.join(projectRoot(), 'templates');

/** What the composition root may be handed instead of building it (tests: a manual clock, a quiet logger). */
export interface ContainerOverrides {
  readonly clock?: Clock;
  readonly mailTransport?: MailTransport;
}

/**
 * The one composition root: builds every service once, in dependency order, and binds it. The
 * database is opened and migrated here, so a container that exists is ready to serve. Classes take
 * their dependencies as constructor arguments and carry no decorators: the wiring is all here.
 */
export async function createContainer(config: ServerConfig, logger: Logger, overrides: ContainerOverrides = {}): Promise<Container> {
  const container = new Container({ defaultScope: 'Singleton' });
  const clock = overrides.clock ?? new SystemClock();
  const registry = new PluginRegistry();
  registerBuiltins(registry);
  loadExternalPlugins(config.plugins, registry);

  const secret = await loadOrCreateServerSecret(config.dataDir, logger);
  const dataSource = await openDatabase({ database: config.database });
  const users = new UserStore(dataSource, clock);
  const tokens = new TokenStore(dataSource, clock);
  const events = new EventStore(dataSource, clock);
  const realms = new TypeormRealmStore(dataSource, clock);
  const sessions = new TypeormAuthSessionStore(dataSource, clock);
  // Keyed from the server secret, so processes sharing a rate-limit store hash keys alike.
  const limiter = new RateLimiter(new MemoryRateLimitStore(), clock, { keySecret: deriveKey(secret, 'rate-limit') });
  const userSessions = new UserSessionStore(dataSource, clock, {
    idleSeconds: config.sessionIdleSeconds ?? DEFAULT_SESSION_IDLE_SECONDS,
    maxSeconds: config.sessionMaxSeconds ?? DEFAULT_SESSION_MAX_SECONDS,
  });
  // One set of bundles for pages and emails: the theme's, the plugins' and the shipped messages.
  const { renderer: pages, bundles } = createPageRenderer({ templatesRoot: TEMPLATES_DIR, ...(config.themeDir !== undefined && { themeDir: config.themeDir }), plugins: registry });
  const renderer = new EmailRenderer({ templateDirs: emailTemplateDirs(registry, config.themeDir), bundles, publicUrl: config.publicUrl });
  const transport = overrides.mailTransport ?? createMailTransport({ ...(config.smtpUrl !== undefined && { smtpUrl: config.smtpUrl }), logger });
  const outbox = new OutboxRepository(dataSource);
  const worker = new DeliveryWorker({ outbox, transport, clock, logger });
  const mail = new MailService({ outbox, renderer, clock, from: config.mailFrom, worker });

  const services = new StoreEngineServices({
    users,
    tokens,
    events,
    limiter,
    sessions: userSessionLookup(userSessions),
    outgoing: { mail, publicUrl: config.publicUrl },
    bruteForce: { store: new TypeormBruteForceStore(dataSource), clock },
    secretKey: deriveKey(secret, 'plugin-hash'),
  });
  const executor = new FlowExecutor({
    registry,
    realms,
    sessions,
    clock,
    services,
    ...(config.pluginTimeoutMs !== undefined && { pluginTimeoutMs: config.pluginTimeoutMs }),
    onPluginError: (err, where) => logger.error({ err, ...where }, 'a plugin failed'),
  });

  const constants: Array<[symbol, unknown]> = [
    [TYPES.Config, config],
    [TYPES.Logger, logger],
    [TYPES.Clock, clock],
    [TYPES.DataSource, dataSource],
    [TYPES.PluginRegistry, registry],
    [TYPES.RealmStore, realms],
    [TYPES.AuthSessionStore, sessions],
    [TYPES.UserStore, users],
    [TYPES.TokenStore, tokens],
    [TYPES.EventStore, events],
    [TYPES.RateLimiter, limiter],
    [TYPES.EngineServices, services],
    [TYPES.FlowExecutor, executor],
    [TYPES.MessageBundles, bundles],
    [TYPES.MailTransport, transport],
    [TYPES.MailOutbox, outbox],
    [TYPES.MailService, mail],
    [TYPES.DeliveryWorker, worker],
    [TYPES.UserSessionStore, userSessions],
    [TYPES.ServerSecret, secret],
    [TYPES.CsrfKey, deriveKey(secret, CSRF_KEY_PURPOSE)],
    [TYPES.PageRenderer, pages],
    [TYPES.RealmAdmin, new RealmAdminStore(dataSource, clock)],
    [TYPES.AdminTokens, new AdminTokenStore(dataSource, clock, deriveKey(secret, ADMIN_TOKEN_KEY_PURPOSE))],
    [TYPES.AdminAudit, new AdminAuditStore(dataSource, clock)],
  ];
  for (const [id, value] of constants) container.bind(id).toConstantValue(value);
  return container;
}

/**
 * Where email templates come from, later winning: the shipped `templates/email`, each plugin's
 * `<templatesDir>/email` (registration order) when it has one, then the theme's `email`.
 */
export function emailTemplateDirs(registry: PluginRegistry, themeDir?: string): string[] {
  const plugins = [...registry.listAuthenticators(), ...registry.listRequiredActions()]
    .map((p) => p.definition.templatesDir)
    .filter((dir): dir is string => dir !== undefined)
    .map((dir) => path.join(dir, 'email'))
    .filter((dir) => existsSync(dir));
  return [path.join(TEMPLATES_DIR, 'email'), ...plugins, ...(themeDir ? [path.join(themeDir, 'email')] : [])];
}

/** Closes what the container opened: stops mail delivery (draining), then the transport and database. */
export async function disposeContainer(container: Container): Promise<void> {
  await container.get<DeliveryWorker>(TYPES.DeliveryWorker).stop();
  await container.get<MailTransport>(TYPES.MailTransport).close();
  const dataSource = container.get<DataSource>(TYPES.DataSource);
  if (dataSource.isInitialized) await dataSource.destroy();
}

/**
 * What the HTTP layer needs, taken from the container: `createApp(appDepsFrom(container))`.
 * Static files come from the theme's `static/` first, then the shipped one.
 */
export function appDepsFrom(container: Container): AppDeps {
  const config = container.get<ServerConfig>(TYPES.Config);
  const dataSource = container.get<DataSource>(TYPES.DataSource);
  return {
    config,
    admin: adminApiDepsFrom(container),
    logger: container.get<Logger>(TYPES.Logger),
    executor: container.get<FlowExecutor>(TYPES.FlowExecutor),
    authSessions: container.get<TypeormAuthSessionStore>(TYPES.AuthSessionStore),
    realms: container.get<TypeormRealmStore>(TYPES.RealmStore),
    users: container.get<UserStore>(TYPES.UserStore),
    userSessions: container.get<UserSessionStore>(TYPES.UserSessionStore),
    events: container.get<EventStore>(TYPES.EventStore),
    limiter: container.get<RateLimiter>(TYPES.RateLimiter),
    renderer: container.get<HandlebarsPageRenderer>(TYPES.PageRenderer),
    bundles: container.get<MessageBundles>(TYPES.MessageBundles),
    csrfKey: container.get<Buffer>(TYPES.CsrfKey),
    staticDirs: [...(config.themeDir ? [path.join(config.themeDir, 'static')] : []), path.join(TEMPLATES_DIR, 'static')],
    ping: () => exclusive(dataSource, () => dataSource.query('SELECT 1')).then(() => undefined),
  };
}

/** What the admin API's route groups are built with, taken from the container. */
export function adminApiDepsFrom(container: Container): AdminApiDeps {
  return {
    config: container.get<ServerConfig>(TYPES.Config),
    logger: container.get<Logger>(TYPES.Logger),
    clock: container.get<Clock>(TYPES.Clock),
    dataSource: container.get<DataSource>(TYPES.DataSource),
    realms: container.get<TypeormRealmStore>(TYPES.RealmStore),
    realmAdmin: container.get<RealmAdminStore>(TYPES.RealmAdmin),
    registry: container.get<PluginRegistry>(TYPES.PluginRegistry),
    users: container.get<UserStore>(TYPES.UserStore),
    userSessions: container.get<UserSessionStore>(TYPES.UserSessionStore),
    events: container.get<EventStore>(TYPES.EventStore),
    outbox: container.get<OutboxRepository>(TYPES.MailOutbox),
    audit: container.get<AdminAuditStore>(TYPES.AdminAudit),
    tokens: container.get<TokenStore>(TYPES.TokenStore),
    apiTokens: container.get<AdminTokenStore>(TYPES.AdminTokens),
    bundles: container.get<MessageBundles>(TYPES.MessageBundles),
    csrfKey: container.get<Buffer>(TYPES.CsrfKey),
  };
}

export type { MessageBundles };
