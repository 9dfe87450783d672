import type { PasskeySettings } from '../passkeys/relying-party';
import type { BruteForceSettings } from '../brute-force/brute-force-settings';
import type { Requirement } from '../../spi/context';
import type { ClientGrantType, ClientTokenLifetimes, ClientType, ResourceServer } from '../model';
import type { UserProfileConfig } from '../profile/profile-schema';
import type { DefaultedClientOption } from './client-settings';

/**
 * The JSON format of `flows/*.json` and `flows/*.realm.json` as TypeScript types: what a
 * document looks like once it passed `flow.schema.json` / `realm.schema.json` (realm defaults
 * filled in). The schemas are the source of truth; these types follow them.
 */

/** A flow file, or an inline sub-flow (which has no `$schema`). */
export interface FlowDocument {
  readonly $schema?: string;
  readonly alias: string;
  readonly description?: string;
  readonly executions: readonly ExecutionDocument[];
}

/** One execution: exactly one of `authenticator`, `condition`, `flow`. */
export interface ExecutionDocument {
  readonly authenticator?: string;
  readonly condition?: string;
  /** An inline sub-flow, or the alias of a flow file. */
  readonly flow?: string | FlowDocument;
  readonly requirement: Requirement;
  readonly config?: Readonly<Record<string, unknown>>;
  readonly alias?: string;
  /** Sub-flows only: the step before it asks which of its alternatives to run first (`SubFlowExecution.askFirst`). */
  readonly askFirst?: boolean;
}

/** A realm file, after schema defaults. */
export interface RealmDocument {
  readonly $schema?: string;
  readonly realm: string;
  readonly displayName?: string;
  readonly settings: {
    readonly loginTimeoutSeconds: number;
    readonly defaultLocale: string;
    readonly supportedLocales: readonly string[];
    /** Brute-force settings as written, schema defaults inside; absent when the file has none (then the defaults apply). */
    readonly bruteForce?: BruteForceSettings;
    /** APIs that accept this realm's access tokens (OpenID Connect resource indicators). */
    readonly resourceServers?: readonly ResourceServer[];
    /** The passkey relying party, when the realm overrides what `publicUrl` gives. */
    readonly passkeys?: PasskeySettings;
  };
  readonly bindings: Readonly<Record<string, string>>;
  readonly clients: readonly ClientDocument[];
  /** Required-action id to its settings (absent in documents written before required actions). */
  readonly requiredActions?: Readonly<Record<string, RequiredActionDocument>>;
  /** The user profile (absent in documents written before the user profile). */
  readonly userProfile?: UserProfileConfig;
}

/** One entry of a realm file's `requiredActions`, after schema defaults. */
export interface RequiredActionDocument {
  readonly enabled: boolean;
  readonly defaultAction: boolean;
  readonly priority: number;
  readonly config?: Readonly<Record<string, unknown>>;
}

/** A client of a realm file, after schema defaults; `ClientDefinition` documents each option. */
export interface ClientDocument {
  readonly clientId: string;
  readonly redirectUris: readonly string[];
  readonly flowOverrides: Readonly<Record<string, string>>;
  readonly type: ClientType;
  readonly postLogoutRedirectUris: readonly string[];
  readonly webOrigins: readonly string[];
  readonly grantTypes: readonly ClientGrantType[];
  readonly consentRequired: boolean;
  readonly backchannelLogoutUri?: string;
  readonly secretEnv?: string;
  readonly tokenLifetimes: ClientTokenLifetimes;
}

/** A client as a realm file may write it: the options with a schema default may be left out. */
export type WrittenClientDocument = Omit<ClientDocument, DefaultedClientOption> & Partial<Pick<ClientDocument, DefaultedClientOption>>;

/**
 * A realm document as written rather than loaded: what the export produces (client options at
 * their defaults left out) and what the admin API changes before the loader fills the defaults in.
 */
export type WrittenRealmDocument = Omit<RealmDocument, 'clients'> & { readonly clients: readonly WrittenClientDocument[] };

/**
 * The execution's key in execution ids: its `alias`, else its authenticator or condition id, else
 * its sub-flow's alias (inline or referenced).
 */
export function executionKey(execution: ExecutionDocument): string {
  const flow = execution.flow;
  return execution.alias ?? execution.authenticator ?? execution.condition ?? (typeof flow === 'string' ? flow : (flow?.alias ?? ''));
}
