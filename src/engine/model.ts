import type { PasskeySettings } from './passkeys/relying-party';
import type { BruteForceSettings } from './brute-force/brute-force-settings';
import type { Requirement } from '../spi/context';
import type { BindingSlot } from '../spi/results';
import type { UserProfileConfig } from './profile/profile-schema';

/** Realm names follow the realm schema's pattern; 100 characters leaves room (the column's length too). */
export const REALM_NAME_LENGTH = 100;

/**
 * The flow model, as the loader produces it and the planner reads it. The JSON format
 * (`flows/*.json`) is the same tree with sub-flow references still by alias; these types are the
 * resolved form: every execution has its id and every sub-flow reference its flow.
 */

/** The slots a realm binds flows to. */
export const BINDING_SLOTS = ['browser', 'registration', 'direct-grant', 'reset-credentials'] as const satisfies readonly BindingSlot[];
// Every slot of the type is in the list: a slot added to one and not the other does not compile.
const ALL_SLOTS_LISTED: Exclude<BindingSlot, (typeof BINDING_SLOTS)[number]> extends never ? true : never = true;
void ALL_SLOTS_LISTED;
export type { BindingSlot } from '../spi/results';

/** The slots a client may override. */
export const CLIENT_OVERRIDE_SLOTS = ['browser', 'direct-grant'] as const;
export type ClientOverrideSlot = (typeof CLIENT_OVERRIDE_SLOTS)[number];

/** An execution whose provider is an authenticator. */
export interface AuthenticatorExecution {
  readonly kind: 'authenticator';
  /** Stable id, `<flow alias>/<key>`, unique in the realm. Appears in step URLs. */
  readonly id: string;
  readonly requirement: Requirement;
  /** The authenticator's plugin id. */
  readonly provider: string;
  /** Config as written in the JSON (defaults not applied); `undefined` when none was given. */
  readonly config: Readonly<Record<string, unknown>> | undefined;
}

/** An execution whose provider is a condition (only inside CONDITIONAL sub-flows). */
export interface ConditionExecution {
  readonly kind: 'condition';
  readonly id: string;
  readonly requirement: Requirement;
  readonly provider: string;
  readonly config: Readonly<Record<string, unknown>> | undefined;
}

/** An execution that runs a sub-flow. */
export interface SubFlowExecution {
  readonly kind: 'flow';
  readonly id: string;
  readonly requirement: Requirement;
  /** The sub-flow, resolved. */
  readonly flow: FlowNode;
  /**
   * The flow file's `askFirst`: the step before this sub-flow (at the same level) lets the person
   * pick which of its alternatives runs first, as "try another way" would (see `askFirstChoices`).
   * Absent (or false): the alternatives run in flow order.
   */
  readonly askFirst?: boolean;
}

export type Execution = AuthenticatorExecution | ConditionExecution | SubFlowExecution;

/** A flow or sub-flow: an ordered list of executions. */
export interface FlowNode {
  /** Unique among the realm's flows (top-level and sub-flows alike). */
  readonly alias: string;
  readonly description?: string;
  readonly executions: readonly Execution[];
}

/** How a client proves itself at the token endpoint. */
export const CLIENT_TYPES = ['public', 'confidential'] as const;
export type ClientType = (typeof CLIENT_TYPES)[number];

/** The OAuth grants a client may use. */
export const CLIENT_GRANT_TYPES = ['authorization_code', 'refresh_token', 'client_credentials'] as const;
export type ClientGrantType = (typeof CLIENT_GRANT_TYPES)[number];

/** Token lifetimes a client overrides (seconds); each absent one is the server's default. */
export interface ClientTokenLifetimes {
  readonly accessTokenSeconds?: number;
  readonly idTokenSeconds?: number;
  readonly refreshTokenSeconds?: number;
}

/** A client application allowed to start logins. */
export interface ClientDefinition {
  readonly clientId: string;
  /** Exact-match allow-list of redirect URIs. */
  readonly redirectUris: readonly string[];
  /** Per-client flow overrides, by slot, as flow aliases. */
  readonly flowOverrides: Readonly<Partial<Record<ClientOverrideSlot, string>>>;
  /**
   * `public` (a browser or native app that cannot keep a secret: PKCE S256 required) or
   * `confidential` (a server: authenticates at the token endpoint with its secret). Default `public`.
   */
  readonly type: ClientType;
  /** Exact-match allow-list for RP-initiated logout's `post_logout_redirect_uri`. Default none. */
  readonly postLogoutRedirectUris: readonly string[];
  /** Origins (`https://app.example`) allowed to call the token, userinfo and revocation endpoints from a browser (CORS). Default none. */
  readonly webOrigins: readonly string[];
  /** Grants the client may use. Default `authorization_code` and `refresh_token`; `client_credentials` needs a confidential client. */
  readonly grantTypes: readonly ClientGrantType[];
  /** Whether people are asked to consent before the app gets their data. Default `false` (a first-party app). */
  readonly consentRequired: boolean;
  /** Where Flowgate posts a logout token when a session the client is part of ends (OpenID Connect back-channel logout). */
  readonly backchannelLogoutUri?: string;
  /**
   * A confidential client's secret from the environment: the name of the variable that holds it.
   * Absent: the secret generated by the admin API (kept sealed in the database) is used.
   */
  readonly secretEnv?: string;
  /** Token lifetimes for this client; absent ones are the server's defaults. */
  readonly tokenLifetimes: ClientTokenLifetimes;
}

/** Realm settings with every default filled in. */
export interface RealmSettings {
  /** Seconds a sign-in may take before it restarts (Keycloak's login timeout). Default 1800. */
  readonly loginTimeoutSeconds: number;
  /** Locale of pages when neither the client nor the browser asks for one. Default `en`. */
  readonly defaultLocale: string;
  /** Locales the realm offers. Default `["en", "de"]`. */
  readonly supportedLocales: readonly string[];
  /** Per-user brute-force protection (`settings.bruteForce`). Absent (a realm built in code): `DEFAULT_BRUTE_FORCE_SETTINGS`. */
  readonly bruteForce?: BruteForceSettings;
  /** APIs that accept this realm's access tokens (`settings.resourceServers`). Absent: none; access tokens are opaque. */
  readonly resourceServers?: readonly ResourceServer[];
  /** The realm's passkey relying party (`settings.passkeys`). Absent: derived from the server's `publicUrl`. */
  readonly passkeys?: PasskeySettings;
}

/**
 * An API that accepts the realm's access tokens (an OAuth resource indicator, RFC 8707). An app
 * that asks for it (`resource=<identifier>`) gets a signed JWT access token for it (RFC 9068), which
 * the API checks against the realm's keys without calling Flowgate.
 */
export interface ResourceServer {
  /** The API's identifier, an absolute URI (`https://api.example.com`): the token's `aud`. */
  readonly identifier: string;
  /** The scopes it knows; an app is granted those of them it asks for. */
  readonly scopes: readonly string[];
  /** Lifetime of its access tokens, seconds. Default 300. */
  readonly accessTokenSeconds?: number;
}

/**
 * How a realm runs one required action (its entry under `requiredActions` in the realm file),
 * defaults filled in. An action the realm does not list is disabled.
 */
export interface RequiredActionSettings {
  /** The required action's plugin id, e.g. `update-profile`. */
  readonly id: string;
  /** Whether it runs. A disabled action is skipped, even when pending on a user. Default `true` once listed. */
  readonly enabled: boolean;
  /**
   * Whether every user created from now on gets it pending (only while enabled); existing users
   * are not given it (Keycloak's meaning). Default `false`.
   */
  readonly defaultAction: boolean;
  /** Order among pending actions, lower first; ties go by id. Default 100. */
  readonly priority: number;
  /** Config as written (the plugin's defaults not applied); `undefined` when none was given. */
  readonly config: Readonly<Record<string, unknown>> | undefined;
}

/** A realm, fully resolved: its flows, bindings, clients and settings. */
export interface RealmDefinition {
  readonly name: string;
  readonly displayName: string;
  readonly settings: RealmSettings;
  /** Slot to top-level flow alias. */
  readonly bindings: Readonly<Partial<Record<BindingSlot, string>>>;
  readonly clients: readonly ClientDefinition[];
  /** Top-level flows by alias (sub-flows are reachable through them). */
  readonly flows: ReadonlyMap<string, FlowNode>;
  /** Aliases of flows that came from the shipped `flows/` directory and are read-only in the admin. */
  readonly builtInFlows: ReadonlySet<string>;
  /**
   * The required actions the realm configures, in the order they run (priority, then id). Absent
   * (a realm built in code, or stored before required actions existed): none is enabled.
   */
  readonly requiredActions?: readonly RequiredActionSettings[];
  /** The realm's user profile, defaults filled in. Absent: `DEFAULT_USER_PROFILE`. */
  readonly userProfile?: UserProfileConfig;
}
