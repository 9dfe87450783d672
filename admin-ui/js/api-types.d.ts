// The admin API's types, generated from its OpenAPI document (GET /admin/api/openapi.json) by
// scripts/admin-api-types.ts: do not edit; run `npm run admin-api-types` after changing the API.

/** Any refusal. The first problem is also at the top level; `errors` lists every problem. */
export type AdminError = {
  type: "error";
  /** A stable registry code (`FG_*`); see docs/error-codes.md. */
  code: string;
  /** The registry's message for the code. */
  message: string;
  /** The specifics. */
  detail?: string;
  /** JSON Pointer of the offending value. */
  path?: string;
  /** The document the pointer is in, when there are several. */
  file?: string;
  errors: AdminProblem[];
  /** Quote it to support: it is in the server's log line too. */
  requestId: string;
};

export type AdminProblem = {
  /** A stable registry code (`FG_*`); see docs/error-codes.md. */
  code: string;
  /** The registry's message for the code. */
  message: string;
  /** The specifics. */
  detail?: string;
  /** JSON Pointer of the offending value. */
  path?: string;
  /** The document the pointer is in, when there are several. */
  file?: string;
};

export type ApiToken = {
  id: string;
  name: string;
  /** The administrator it acts as. */
  userId: string;
  userEmail: string;
  /** ms since the epoch */
  createdAt: number;
  /** ms since the epoch, to the minute */
  lastUsedAt?: number;
};

export type ApiTokenCreate = {
  /** What the token is for, e.g. `ci deploy`. */
  name: string;
};

export type ApiTokenList = {
  tokens: ApiToken[];
};

export type AuditEntry = {
  id: string;
  /** ms since the epoch */
  time: number;
  /** The administrator's user id in realm `admin`. */
  actorId: string;
  /** Their email at the time. */
  actorEmail: string;
  via: "session" | "token";
  /** The API token used, for changes made with one. */
  tokenId?: string;
  /** What was done, e.g. `user.update`, `flow.create`. */
  action: string;
  /** What it was done to, e.g. `realms/main/users/<id>`. */
  resource: string;
  realm?: string;
  /** The resource before (absent for a creation). */
  before?: unknown;
  /** The resource after (absent for a deletion). */
  after?: unknown;
};

export type AuditEntryList = {
  entries: AuditEntry[];
};

export type Bindings = {
  bindings: SlotBindings;
  /** Every slot of a realm. */
  slots: ("browser" | "registration" | "direct-grant" | "reset-credentials")[];
  /** The slots a client may override. */
  clientOverrideSlots: ("browser" | "direct-grant")[];
  /** The realm's version. */
  version: number;
};

export type BindingsChanged = {
  bindings: SlotBindings;
  /** The realm's version. */
  version: number;
};

export type Catalog = {
  authenticators: CatalogEntry[];
  conditions: CatalogEntry[];
  requiredActions: CatalogEntry[];
};

export type CatalogEntry = {
  id: string;
  /** The admin-facing name (the plugin's `displayName`). */
  displayName: string;
  /** What people signing in see it called, from the English message bundle. */
  label?: string;
  helpText: string;
  /** Requirements an execution of it may have; absent for required actions. */
  requirements?: Requirement[];
  /** Whether a user must be identified before it runs. */
  requiresUser?: boolean;
  configSchema: ConfigSchema;
  /** `built-in`, or the path or package it was loaded from. */
  source: string;
};

/** A client, every default filled in. */
export type Client = {
  clientId: string;
  redirectUris: string[];
  flowOverrides: FlowOverrides;
  /** `public` (PKCE, no secret; default) or `confidential` (authenticates with its secret). */
  type: "public" | "confidential";
  postLogoutRedirectUris: string[];
  webOrigins: string[];
  /** `client_credentials` needs a confidential client. */
  grantTypes: ("authorization_code" | "refresh_token" | "client_credentials")[];
  consentRequired: boolean;
  backchannelLogoutUri?: string;
  /** Confidential clients: the environment variable holding the secret; then Flowgate generates none. */
  secretEnv?: string;
  /** Seconds; a lifetime left out is the server's default. */
  tokenLifetimes: {
    accessTokenSeconds?: number;
    idTokenSeconds?: number;
    refreshTokenSeconds?: number;
  };
  /** Whether Flowgate keeps a generated secret for the client (never the secret itself). */
  hasSecret: boolean;
  /** Only in the answer to the create or update that gave a confidential client its secret: store it now, it is never shown again. */
  secret?: string;
  /** The realm's version. */
  version?: number;
};

export type ClientCreate = {
  clientId: string;
  /** Where sign-ins may return: absolute http(s) URIs, compared exactly. */
  redirectUris: string[];
  /** Flow alias by slot, instead of the realm binding. */
  flowOverrides?: {
    [key: string]: string;
  };
  /** `public` (PKCE, no secret; default) or `confidential` (authenticates with its secret). */
  type?: "public" | "confidential";
  /** Where RP-initiated logout may return: absolute http(s) URIs, compared exactly. */
  postLogoutRedirectUris?: string[];
  /** Origins (scheme://host[:port]) whose scripts may call the token endpoints (CORS). */
  webOrigins?: string[];
  /** `client_credentials` needs a confidential client. */
  grantTypes?: ("authorization_code" | "refresh_token" | "client_credentials")[];
  /** Whether people are asked to consent (default false). */
  consentRequired?: boolean;
  /** Where logout tokens are posted when a session ends. */
  backchannelLogoutUri?: string;
  /** Confidential clients: the environment variable holding the secret; then Flowgate generates none. */
  secretEnv?: string;
  /** Seconds; a lifetime left out is the server's default. */
  tokenLifetimes?: {
    accessTokenSeconds?: number;
    idTokenSeconds?: number;
    refreshTokenSeconds?: number;
  };
};

export type ClientList = {
  clients: Client[];
  /** The realm's version. */
  version: number;
};

export type ClientSecret = {
  clientId: string;
  /** The new secret: store it now, it is never shown again. */
  secret: string;
};

export type ClientUpdate = {
  /** Where sign-ins may return: absolute http(s) URIs, compared exactly. */
  redirectUris: string[];
  /** Flow alias by slot, instead of the realm binding. */
  flowOverrides?: {
    [key: string]: string;
  };
  /** `public` (PKCE, no secret; default) or `confidential` (authenticates with its secret). */
  type?: "public" | "confidential";
  /** Where RP-initiated logout may return: absolute http(s) URIs, compared exactly. */
  postLogoutRedirectUris?: string[];
  /** Origins (scheme://host[:port]) whose scripts may call the token endpoints (CORS). */
  webOrigins?: string[];
  /** `client_credentials` needs a confidential client. */
  grantTypes?: ("authorization_code" | "refresh_token" | "client_credentials")[];
  /** Whether people are asked to consent (default false). */
  consentRequired?: boolean;
  /** Where logout tokens are posted when a session ends. */
  backchannelLogoutUri?: string;
  /** Confidential clients: the environment variable holding the secret; then Flowgate generates none. */
  secretEnv?: string;
  /** Seconds; a lifetime left out is the server's default. */
  tokenLifetimes?: {
    accessTokenSeconds?: number;
    idTokenSeconds?: number;
    refreshTokenSeconds?: number;
  };
};

/** One option of a config schema, as the console reads it; any other JSON Schema keyword may be there too. */
export type ConfigProperty = {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  items?: ConfigProperty;
  properties?: {
    [key: string]: ConfigProperty;
  };
  additionalProperties?: boolean | ConfigProperty;
  required?: string[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  /** A text by locale: an object of locale to text. */
  "x-localized"?: boolean;
};

/** A plugin's config JSON Schema (an object schema, defaults inside; `"x-localized": true` marks a text by locale): the console renders its form from it. */
export type ConfigSchema = {
  type?: "object";
  properties?: {
    [key: string]: ConfigProperty;
  };
  required?: string[];
};

export type ConsoleSession = {
  user: {
    id: string;
    email: string;
  };
  /** How the call is authenticated: the console's session cookie, or an API token. */
  via: "session" | "token";
  /** Console sessions: send it in `csrfHeader` on every write. */
  csrfToken?: string;
  csrfHeader: string;
};

export type CreatedApiToken = {
  token: ApiToken;
  /** `fgat_…`: send it as `Authorization: Bearer <secret>`. */
  secret: string;
};

export type Event = {
  id: string;
  realm: string;
  /** `LOGIN`, `LOGIN_ERROR`, `LOGOUT`, `UPDATE_PROFILE`, ... */
  type: string;
  userId?: string;
  clientId?: string;
  ip?: string;
  /** Why it failed, for `*_ERROR` events. */
  error?: string;
  /** What else the engine recorded (the flow, the step, ...). */
  details?: {
    [key: string]: unknown;
  };
  /** ms since the epoch */
  time: number;
};

export type EventList = {
  events: Event[];
};

export type ExecutionAdd = {
  /** Id of the inline sub-flow to add to; default the flow's top level. */
  parent?: string;
  /** Index among the siblings; default last. */
  position?: number;
  /** An execution of the flow file format: authenticator, condition, or sub-flow inline or by reference. */
  execution: {
    [key: string]: unknown;
  };
};

export type ExecutionMove = {
  position: number;
};

/** An execution of the flow file format plus its id. */
export type ExecutionNode = {
  /** The execution's id, `<flow alias>/<key>/…`: address it by this in execution edits. */
  id: string;
  authenticator?: string;
  condition?: string;
  flow?: string | FlowNode;
  requirement: Requirement;
  config?: {
    [key: string]: unknown;
  };
  /** The execution's key, when it is not its plugin id or sub-flow alias. */
  alias?: string;
  /** Sub-flows only: the step before it asks which of its alternatives to run first (the flow file format's `askFirst`). */
  askFirst?: boolean;
};

export type ExecutionPatch = {
  requirement?: string;
  /** The new config; null removes it (the plugin defaults apply). */
  config?: {
    [key: string]: unknown;
  } | null;
};

export type FlowAlias = {
  alias: string;
};

export type FlowBinding = {
  /** The alias of a top-level flow of the realm. */
  flow: string;
};

export type FlowCheck = {
  /** The flow's structure in words. */
  structure: string;
  steps: {
    execution: string;
    kind: "authenticator" | "condition";
    name: string;
    result: "asks" | "decides" | "not-applicable" | "holds" | "does-not-hold" | "unknown-plugin" | "fails";
    insteadOf?: string[];
    detail?: string;
  }[];
  outcome: "success" | "failure";
  requiredActions: string[];
  /** All of the above as sentences. */
  text: string;
};

export type FlowCheckExample = {
  /** Whether the person has an account in the realm (default true). */
  exists?: boolean;
  email?: string;
  emailVerified?: boolean;
  /** Profile attributes, as conditions read them. */
  attributes?: {
    [key: string]: string[];
  };
  /** Required actions pending on the account (ids). */
  requiredActions?: string[];
  /** Whether the browser already has a session: the cookie step then succeeds. */
  hasSession?: boolean;
};

/** A flow in the format of `flows/*.json` (flow.schema.json). */
export type FlowDocument = {
  [key: string]: unknown;
};

export type FlowList = {
  flows: FlowSummary[];
};

/** An inline sub-flow with execution ids. */
export type FlowNode = {
  alias: string;
  description?: string;
  executions: ExecutionNode[];
};

/** The flow a client's sign-ins run instead of the realm's binding, by slot. */
export type FlowOverrides = {
  browser?: string;
  "direct-grant"?: string;
};

export type FlowSummary = {
  alias: string;
  description?: string;
  /** Built-in flows (from the flows directory) are read-only: copy one to change it. */
  builtIn: boolean;
  /** The flow's version (also its ETag): send it as If-Match with every edit. */
  version: number;
  usage: FlowUsage;
};

/** A flow as a tree with execution ids, its status and version. */
export type FlowTree = {
  alias: string;
  description?: string;
  executions: ExecutionNode[];
  /** Built-in flows (from the flows directory) are read-only: copy one to change it. */
  builtIn: boolean;
  /** The flow's version (also its ETag): send it as If-Match with every edit. */
  version: number;
  usage: FlowUsage;
};

/** Where a flow is used: such a flow can be neither deleted nor renamed. */
export type FlowUsage = {
  /** Realm slots bound to it. */
  bindings: string[];
  /** Client overrides naming it. */
  clients: {
    clientId: string;
    slot: string;
  }[];
  /** Other flows referencing it as a sub-flow. */
  flows: string[];
};

export type KeyRotation = {
  /** Seconds the new keys are published before they sign (default 600), so relying parties that cache the key set see them first; 0 signs at once. */
  publishAheadSeconds?: number;
};

export type OutboxMessage = {
  id: string;
  realm: string;
  userId: string | null;
  /** The From header. */
  from: string;
  /** The recipient. */
  to: string;
  /** The kind of message, e.g. `magic-link`. */
  template: string;
  locale: string;
  subject: string;
  status: "pending" | "sending" | "sent" | "failed" | "withheld";
  attempts: number;
  nextAttemptAt: number;
  /** After this it is not sent (its link has expired). */
  expiresAt: number | null;
  claimedAt: number | null;
  /** Why the last attempt failed. */
  lastError: string | null;
  /** `smtp` or `dev-outbox`. */
  transport: string | null;
  providerMessageId: string | null;
  /** ms since the epoch */
  createdAt: number;
  /** ms since the epoch */
  updatedAt: number;
  sentAt: number | null;
  /** The HTML body as stored; render it only sandboxed. */
  htmlBody: string | null;
  /** The plain-text body as stored. */
  textBody: string | null;
};

export type OutboxMessageList = {
  messages: OutboxMessageSummary[];
};

export type OutboxMessageSummary = {
  id: string;
  realm: string;
  userId: string | null;
  /** The From header. */
  from: string;
  /** The recipient. */
  to: string;
  /** The kind of message, e.g. `magic-link`. */
  template: string;
  locale: string;
  subject: string;
  status: "pending" | "sending" | "sent" | "failed" | "withheld";
  attempts: number;
  nextAttemptAt: number;
  /** After this it is not sent (its link has expired). */
  expiresAt: number | null;
  claimedAt: number | null;
  /** Why the last attempt failed. */
  lastError: string | null;
  /** `smtp` or `dev-outbox`. */
  transport: string | null;
  providerMessageId: string | null;
  /** ms since the epoch */
  createdAt: number;
  /** ms since the epoch */
  updatedAt: number;
  sentAt: number | null;
};

export type Passkey = {
  id: string;
  /** The name the person gave it. */
  label: string;
  /** The WebAuthn credential id, base64url. */
  credentialId: string;
  /** How browsers reach the authenticator (`internal`, `hybrid`, `usb`, ...). */
  transports: string[];
  /** The authenticator model's AAGUID (all zeros when it does not say). */
  aaguid: string;
  /** Whether the authenticator said the credential is backed up (synced). */
  backedUp: boolean;
  /** Whether the credential may live on several devices. */
  multiDevice: boolean;
  /** When it was registered (ms since the epoch). */
  createdAt: number;
  /** When it last signed in (ms since the epoch); absent when never. */
  lastUsedAt?: number;
};

export type PasskeyList = {
  passkeys: Passkey[];
};

export type PendingRequiredAction = {
  id: string;
  /** Whether a plugin provides it; one that none does is skipped at sign-in. */
  registered: boolean;
  displayName?: string;
  /** Whether the realm runs it; a disabled one stays pending but is skipped. */
  enabled: boolean;
};

export type PendingRequiredActionList = {
  requiredActions: PendingRequiredAction[];
};

export type ProfileAttribute = {
  /** The attribute's name on the user and its form field name, e.g. `firstName`. */
  name: string;
  type: "string" | "email" | "number" | "boolean";
  required: boolean;
  validation: ProfileValidation;
  /** The label by locale. */
  label: {
    [key: string]: string;
  };
};

/** `minLength`, `maxLength`, `pattern`, `enum` (string); `min`, `max` (number). */
export type ProfileValidation = {
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  enum?: string[];
  min?: number;
  max?: number;
};

export type RealmCreate = {
  realm: string;
  displayName?: string;
  /** As `settings` of realm.schema.json; settings left out take their defaults. */
  settings?: {
    [key: string]: unknown;
  };
};

export type RealmExport = {
  realm: string;
  /** The realm's version (also the ETag): send it as If-Match when importing over the realm. */
  version: number;
  /** `<realm>.realm.json` and one `<alias>.json` per flow, exactly as they would be on disk. */
  files: {
    [key: string]: {
      [key: string]: unknown;
    };
  };
};

export type RealmImport = {
  realm?: string;
  version?: number;
  files: {
    [key: string]: {
      [key: string]: unknown;
    };
  };
};

export type RealmList = {
  realms: RealmSummary[];
};

/** As `settings` of realm.schema.json, every default filled in (but `bruteForce`, which the realm file may leave out). */
export type RealmSettingValues = {
  /** How long a sign-in may take before it must start again. */
  loginTimeoutSeconds: number;
  defaultLocale: string;
  supportedLocales: string[];
  /** Per-user brute-force protection for proofs such as email codes; absent, it is enabled with its defaults. */
  bruteForce?: {
    enabled: boolean;
    failureFactor: number;
    waitIncrementSeconds: number;
    maxWaitSeconds: number;
    maxDeltaTimeSeconds: number;
  };
};

export type RealmSettings = {
  realm: string;
  displayName: string;
  settings: RealmSettingValues;
  version: number;
};

export type RealmSummary = {
  name: string;
  displayName: string;
  version: number;
};

export type RealmUpdate = {
  displayName: string;
  /** As `settings` of realm.schema.json; settings left out take their defaults. */
  settings: {
    [key: string]: unknown;
  };
};

export type RequiredAction = {
  id: string;
  displayName: string;
  helpText: string;
  configSchema: ConfigSchema;
  /** Whether the realm lists the action; one it does not list is disabled. */
  configured: boolean;
  enabled: boolean;
  /** Whether every new user gets it pending. */
  defaultAction: boolean;
  /** Order among pending actions, lower first. */
  priority: number;
  /** The config as the realm writes it (defaults not applied). */
  config?: {
    [key: string]: unknown;
  };
  /** The realm's version (single reads only). */
  version?: number;
};

export type RequiredActionList = {
  requiredActions: RequiredAction[];
  /** The realm's version. */
  version: number;
};

export type RequiredActionUpdate = {
  /** Whether it runs. Default true. */
  enabled?: boolean;
  /** Whether every new user gets it pending. Default false. */
  defaultAction?: boolean;
  /** Order among pending actions, lower first. Default 100. */
  priority?: number;
  /** The action's options, checked against its config schema. */
  config?: {
    [key: string]: unknown;
  };
};

export type Requirement = "REQUIRED" | "ALTERNATIVE" | "CONDITIONAL" | "DISABLED";

export type RevokedSessions = {
  revoked: number;
};

export type RotatedKeys = {
  kids: string[];
};

export type SigningKey = {
  kid: string;
  alg: "RS256" | "ES256";
  /** When it was made (ms since the epoch). */
  createdAt: number;
  /** From when it signs (ms since the epoch). */
  signsFrom: number;
  /** When it stops being published (ms since the epoch); absent while it is the newest. */
  retireAt?: number;
  /** `signing` signs now; `next` is published and signs later; `retiring` is published for the tokens it signed. */
  status: "signing" | "next" | "retiring";
};

export type SigningKeyList = {
  keys: SigningKey[];
};

/** The flow bound to each slot; an unbound slot is left out. */
export type SlotBindings = {
  browser?: string;
  registration?: string;
  "direct-grant"?: string;
  "reset-credentials"?: string;
};

export type User = {
  id: string;
  realm: string;
  email: string;
  emailVerified: boolean;
  /** A disabled user cannot sign in and has no sessions. */
  enabled: boolean;
  /** Every attribute, profile or not, by name. */
  attributes: {
    [key: string]: string[];
  };
  /** Ids of the required actions pending on the user. */
  requiredActions: string[];
  /** ms since the epoch */
  createdAt: number;
  /** Send it back as `If-Match: W/"<version>"` to edit the user. */
  version: number;
};

export type UserCreate = {
  email: string;
  /** Whether the address is known to be theirs. Default false. */
  emailVerified?: boolean;
  /** Values of the realm's user-profile attributes, by name: strings, or numbers and booleans for attributes of those types; `null` clears an optional one. */
  attributes?: {
    [key: string]: string | number | boolean | null;
  };
};

export type UserEdit = {
  /** A new address is unverified unless `emailVerified` says otherwise. */
  email?: string;
  emailVerified?: boolean;
  /** Values of the realm's user-profile attributes, by name: strings, or numbers and booleans for attributes of those types; `null` clears an optional one. */
  attributes?: {
    [key: string]: string | number | boolean | null;
  };
};

export type UserList = {
  users: User[];
};

export type UserProfile = {
  /** Every attribute, in form order. */
  attributes: ProfileAttribute[];
  /** false: the realm has the default profile (first and last name, required). */
  custom: boolean;
  /** The realm's version. */
  version: number;
};

export type UserProfileReplace = {
  /** Every attribute, in form order (realm.schema.json `userProfile`). */
  attributes: unknown[];
};

export type UserSession = {
  id: string;
  realm: string;
  userId: string;
  /** When they signed in (ms since the epoch). */
  createdAt: number;
  /** Last use, to the minute. */
  lastSeenAt: number;
  /** It ends then unless used before. */
  idleExpiresAt: number;
  /** It ends then whatever happens. */
  maxExpiresAt: number;
  /** The address it signed in from. */
  ip?: string;
  /** The browser's User-Agent at sign-in. */
  userAgent?: string;
  /** How they signed in, e.g. the flow. */
  method?: string;
};

export type UserSessionList = {
  sessions: UserSession[];
};
