import type { ServerConfig } from '../config/server-config';
import type { RealmSource } from '../engine';
import type { ErrorRendering } from '../http/error-response';
import type { Logger } from '../logging/logger';
import type { EventStore } from '../store/event.store';
import type { OidcAdapterStore } from '../store/oidc-adapter.store';
import type { SigningKeyStore } from '../store/signing-key.store';
import type { UserStore } from '../store/user.store';
import type { UserSessionStore } from '../store/user-session.store';

/** Where confidential clients' secrets come from: the admin API's sealed store. */
export interface ClientSecretSource {
  /** The client's secret in clear, or `undefined` when it has none. */
  reveal(realm: string, clientId: string): Promise<string | undefined>;
}

/** Everything the OpenID Connect area is built with (see `src/composition`). */
export interface OidcDeps extends ErrorRendering {
  readonly config: ServerConfig;
  readonly logger: Logger;
  readonly realms: RealmSource;
  readonly users: UserStore;
  readonly userSessions: UserSessionStore;
  readonly events: EventStore;
  readonly adapters: OidcAdapterStore;
  readonly keys: SigningKeyStore;
  readonly clientSecrets: ClientSecretSource;
  /** Signs the provider's cookies: `deriveKey(secret, 'oidc-cookies')`. */
  readonly cookieKey: Buffer;
  /** The environment secrets named by `secretEnv` are read from (`process.env` in production). */
  readonly env: Readonly<Record<string, string | undefined>>;
}
