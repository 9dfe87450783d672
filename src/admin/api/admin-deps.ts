import type { DataSource } from 'typeorm';
import type { ServerConfig } from '../../config/server-config';
import type { PluginRegistry } from '../../engine';
import type { MessageBundles } from '../../i18n';
import type { Logger } from '../../logging/logger';
import type { OutboxStore } from '../../mail';
import type { Clock } from '../../spi/services';
import type { EventStore, TokenStore, TypeormRealmStore, UserStore } from '../../store';
import type { AdminTokenStore } from '../../store/admin-token.store';
import type { ClientSecretStore } from '../../store/client-secret.store';
import type { RealmAdminStore } from '../../store/realm-admin.store';
import type { UserSessionStore } from '../../store/user-session.store';
import type { AdminAudit } from '../../store/admin-audit';
import type { SigningKeyStore } from '../../store/signing-key.store';
import type { PasskeyStore } from '../../store/passkey.store';
import type { FlowgateError } from '../../errors';

/** What every admin route group gets. */
export interface AdminApiDeps {
  readonly config: ServerConfig;
  readonly logger: Logger;
  readonly clock: Clock;
  /** For stores of a group's own; use `exclusive`/`inTransaction` (src/store/connection-lock.ts) with it. */
  readonly dataSource: DataSource;
  /** Realms as the engine reads them (`getRealm`, `listRealms`, `importRealm`). */
  readonly realms: TypeormRealmStore;
  /** Versioned realm edits: settings, flows, bindings, clients, create and delete. */
  readonly realmAdmin: RealmAdminStore;
  readonly registry: PluginRegistry;
  readonly users: UserStore;
  readonly userSessions: UserSessionStore;
  readonly events: EventStore;
  readonly outbox: OutboxStore;
  readonly audit: AdminAudit;
  /** Single-use tokens (the bootstrap link's). */
  readonly tokens: TokenStore;
  /** Admin API tokens. */
  readonly apiTokens: AdminTokenStore;
  /** Generated secrets of confidential clients (sealed). */
  readonly clientSecrets: ClientSecretStore;
  /** Turns a full or read-only database's errors into `FG_STORAGE_FULL` / `FG_STORAGE_READ_ONLY` (remembered for `/readyz`). */
  readonly storage: { recognise(err: unknown): FlowgateError | undefined };
  /** Users' passkeys. */
  readonly passkeys: PasskeyStore;
  /** The realms' token signing keys (OpenID Connect). */
  readonly signingKeys: SigningKeyStore;
  /** Tells this node's providers that `realm`'s keys changed (other nodes notice within a minute). */
  keysRotated(realm: string): void;
  /** The message bundles (display names of plugins, labels of profile attributes). */
  readonly bundles: MessageBundles;
  /** Key of the console's CSRF tokens (derived from the server secret). */
  readonly csrfKey: Buffer;
}
