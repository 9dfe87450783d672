import type { ServiceIdentifier } from 'inversify';
import type { AdminApiDeps } from '../admin/api/admin-deps';
import type { DataSource } from 'typeorm';
import type { ServerConfig } from '../config/server-config';
import type { EngineServices, FlowExecutor, PluginRegistry } from '../engine';
import type { HandlebarsPageRenderer } from '../http/render';
import type { MessageBundles } from '../i18n';
import type { Logger } from '../logging/logger';
import type { DeliveryWorker, MailService, MailTransport, OutboxStore } from '../mail';
import type { RateLimiter } from '../ratelimit';
import type { Clock } from '../spi/services';
import type {
  AdminAuditStore,
  AdminTokenStore,
  ClientSecretStore,
  EventStore,
  RealmAdminStore,
  TokenStore,
  TypeormAuthSessionStore,
  TypeormRealmStore,
  UserStore,
} from '../store';
import type { UserSessionStore } from '../store/user-session.store';
import type { KnownDeviceStore } from '../store/known-device.store';
import type { PasskeyStore } from '../store/passkey.store';
import type { OidcAdapterStore } from '../store/oidc-adapter.store';
import type { SigningKeyStore } from '../store/signing-key.store';
import type { AuthorizationRequests } from '../http/authorization-requests';
import type { OidcProviders } from '../oidc';

/** A typed service identifier: `container.get(TYPES.UserStore)` is a `UserStore`. */
export function token<T>(name: string): ServiceIdentifier<T> {
  return Symbol.for(`flowgate.${name}`);
}

/** Service identifiers of the composition root. Plugins never see these: they get a context. */
export const TYPES = {
  Config: token<ServerConfig>('Config'),
  Logger: token<Logger>('Logger'),
  Clock: token<Clock>('Clock'),
  DataSource: token<DataSource>('DataSource'),
  /** The server secret (`<dataDir>/server.key`); derive keys from it with `deriveKey`, never use it as is. */
  ServerSecret: token<Buffer>('ServerSecret'),
  PluginRegistry: token<PluginRegistry>('PluginRegistry'),
  RealmStore: token<TypeormRealmStore>('RealmStore'),
  AuthSessionStore: token<TypeormAuthSessionStore>('AuthSessionStore'),
  UserStore: token<UserStore>('UserStore'),
  TokenStore: token<TokenStore>('TokenStore'),
  EventStore: token<EventStore>('EventStore'),
  UserSessionStore: token<UserSessionStore>('UserSessionStore'),
  /** Generated secrets of confidential clients, sealed under `deriveKey(secret, 'client-secrets')`. */
  ClientSecrets: token<ClientSecretStore>('ClientSecrets'),
  /** Known devices: browsers that signed in as a user (`fg_device_<realm>`). */
  KnownDeviceStore: token<KnownDeviceStore>('KnownDeviceStore'),
  PasskeyStore: token<PasskeyStore>('PasskeyStore'),
  RateLimiter: token<RateLimiter>('RateLimiter'),
  EngineServices: token<EngineServices>('EngineServices'),
  FlowExecutor: token<FlowExecutor>('FlowExecutor'),
  MessageBundles: token<MessageBundles>('MessageBundles'),
  MailTransport: token<MailTransport>('MailTransport'),
  MailOutbox: token<OutboxStore>('MailOutbox'),
  MailService: token<MailService>('MailService'),
  DeliveryWorker: token<DeliveryWorker>('DeliveryWorker'),
  /** `deriveKey(secret, 'csrf')`: the key of the login pages' CSRF tokens. */
  CsrfKey: token<Buffer>('CsrfKey'),
  PageRenderer: token<HandlebarsPageRenderer>('PageRenderer'),
  /** Versioned realm edits of the admin API. */
  RealmAdmin: token<RealmAdminStore>('RealmAdmin'),
  /** Admin API tokens (keyed hashes under `deriveKey(secret, 'admin-api-token')`). */
  AdminTokens: token<AdminTokenStore>('AdminTokens'),
  /** The admin audit: who changed what through the admin API. */
  AdminAudit: token<AdminAuditStore>('AdminAudit'),
  /** The OpenID Connect provider's rows (codes, tokens, grants, sessions) and session ties. */
  OidcAdapterStore: token<OidcAdapterStore>('OidcAdapterStore'),
  /** The realms' token signing keys, sealed under `deriveKey(secret, 'oidc-signing-keys')`. */
  SigningKeyStore: token<SigningKeyStore>('SigningKeyStore'),
  /** One OpenID Connect provider per realm. */
  OidcProviders: token<OidcProviders>('OidcProviders'),
  /** Applications' pending authorization requests, for the login pages. */
  OidcAuthorizations: token<AuthorizationRequests>('OidcAuthorizations'),
  /** The protocol's endpoints (`/realms/<realm>/protocol/openid-connect/*`, discovery). */
  OidcRoutes: token<import('express').Router>('OidcRoutes'),
  /** Whether the database can take writes (coded storage errors, `/readyz`), one per process. */
  StorageHealth: token<import('../store').StorageHealth>('StorageHealth'),
  /**
   * Messages between the nodes on one database (PostgreSQL LISTEN/NOTIFY; in-process on SQLite),
   * e.g. "realm X changed" for per-node caches. Connects at the first subscription.
   */
  ClusterChannel: token<import('../store').ClusterChannel>('ClusterChannel'),
  /** What the admin API's route groups and the bootstrap page are built with. */
  AdminApiDeps: token<AdminApiDeps>('AdminApiDeps'),
} as const;
