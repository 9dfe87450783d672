import type { ServerConfig } from '../config/server-config';
import type { ErrorCode, FlowgateError } from '../errors';
import type { AuthSessionStore, FlowExecutor, RealmSource } from '../engine';
import type { MessageBundles } from '../i18n';
import type { Logger } from '../logging/logger';
import type { RateLimitService } from '../spi/services';
import type { EventStore } from '../store/event.store';
import type { KnownDeviceStore } from '../store/known-device.store';
import type { PasskeyStore } from '../store/passkey.store';
import type { UserStore } from '../store/user.store';
import type { UserSessionStore } from '../store/user-session.store';
import type { AuthorizationRequests } from './authorization-requests';
import type { CoarseLocator } from './coarse-location';
import type { PageRenderer } from './contracts';

/**
 * Everything the login pages use, handed over explicitly so tests can build an app from a container
 * on an in-memory database (see `appDepsFrom` in `src/composition/container.ts`) or from parts.
 */
export interface AppDeps {
  /** The server config: public URL, proxy trust, session lifetimes, rate limits. */
  readonly config: ServerConfig;
  readonly logger: Logger;
  readonly executor: FlowExecutor;
  /** Read directly only to check that a tab belongs to the browser and to keep its client parameters. */
  readonly authSessions: AuthSessionStore;
  readonly realms: RealmSource;
  readonly users: UserStore;
  readonly userSessions: UserSessionStore;
  readonly events: EventStore;
  /** Counts per-IP requests on the login routes. */
  readonly limiter: RateLimitService;
  readonly renderer: PageRenderer;
  /** The bundles pages are translated with (the theme's and the plugins'). */
  readonly bundles: MessageBundles;
  /** Key CSRF tokens are made with: `deriveKey(serverSecret, 'csrf')`. */
  readonly csrfKey: Buffer;
  /** Key the `fg_browser` cookie's ids are signed with: `deriveKey(serverSecret, 'browser-id')`. */
  readonly browserKey: Buffer;
  /** Browsers remembered as a user's known devices (`fg_device_<realm>`), and their records. */
  readonly knownDevices: KnownDeviceStore;
  /** Users' passkeys, for the account page. */
  readonly passkeys: PasskeyStore;
  /** Key the known-device cookie's ids are signed with: `deriveKey(serverSecret, 'known-device')`. */
  readonly deviceKey: Buffer;
  /** Directories served under `/static/`, the first that has a file wins (theme before built-in). */
  readonly staticDirs: readonly string[];
  /** Where a sign-in starts from, coarsely, for the page of its links in another browser (`geoIpDatabase`); absent: no place is shown. */
  readonly locator?: CoarseLocator;
  /** Applications' pending authorization requests (OpenID Connect); absent, sign-ins end at the redirect URI without a code. */
  readonly authorizations?: AuthorizationRequests;
  /** Whether the database can take writes: coded storage errors for the error handler, and `/readyz`. */
  readonly storage: StorageStatus;
}

/** What the login pages know of the database's storage (`StorageHealth` in the store). */
export interface StorageStatus {
  /** `err` as `FG_STORAGE_FULL`/`FG_STORAGE_READ_ONLY` (remembered for `/readyz`), when it is one; else `undefined`. */
  recognise(err: unknown): FlowgateError | undefined;
  /** `undefined` when the database reads and would take a write; else the storage code. Rejects when it does not answer. */
  check(): Promise<ErrorCode | undefined>;
}
