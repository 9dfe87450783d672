/**
 * The one registry of Flowgate's error codes. Codes are stable: never renamed, never reused; tests
 * assert codes, not wording. `status` is the HTTP status when the error reaches a client; `expose`
 * says whether `message` may be shown to the person (internals never leak: fastify, oidc-provider).
 */
export interface ErrorSpec {
  readonly status: number;
  readonly expose: boolean;
  readonly message: string;
}

const spec = (status: number, message: string, expose = status < 500): ErrorSpec => ({ status, expose, message });

export const ERROR_CODES = {
  // Config files: flows, realms, server config. Boot refuses to start on any of these.
  FG_CONFIG_INVALID: spec(500, 'Server configuration is invalid', false),
  FG_FLOWS_DIR_MISSING: spec(500, 'The flows directory does not exist', false),
  FG_JSON_SYNTAX: spec(400, 'The file is not valid JSON'),
  FG_FLOW_SCHEMA: spec(400, 'The flow file does not match the flow schema'),
  FG_REALM_SCHEMA: spec(400, 'The realm file does not match the realm schema'),
  FG_UNKNOWN_AUTHENTICATOR: spec(400, 'Unknown authenticator id'),
  FG_UNKNOWN_CONDITION: spec(400, 'Unknown condition id'),
  FG_PLUGIN_CONFIG_INVALID: spec(400, "The execution's config does not match the plugin's config schema"),
  FG_REQUIREMENT_NOT_ALLOWED: spec(400, 'The plugin does not allow this requirement'),
  FG_CONDITIONAL_NOT_SUBFLOW: spec(400, 'CONDITIONAL is only allowed on sub-flows'),
  FG_CONDITION_OUTSIDE_CONDITIONAL: spec(400, 'Conditions are only allowed inside CONDITIONAL sub-flows'),
  FG_CONDITIONAL_WITHOUT_CONDITION: spec(400, 'A CONDITIONAL sub-flow needs at least one enabled condition'),
  FG_ASK_FIRST_MISPLACED: spec(400, 'askFirst is only for a REQUIRED sub-flow of alternatives that follows a REQUIRED step at its level'),
  FG_MIXED_REQUIREMENTS: spec(400, 'REQUIRED (or CONDITIONAL) and ALTERNATIVE executions are mixed at one level'),
  FG_DUPLICATE_ALIAS: spec(400, 'Two flows have the same alias'),
  FG_DUPLICATE_EXECUTION_ID: spec(400, 'Two executions of one flow have the same id'),
  FG_FLOW_CYCLE: spec(400, 'Sub-flow references form a cycle'),
  FG_UNKNOWN_FLOW: spec(400, 'A binding, client override or sub-flow names a flow that does not exist'),
  FG_DUPLICATE_REALM: spec(400, 'Two realm files declare the same realm'),
  FG_DUPLICATE_CLIENT: spec(400, 'Two clients of a realm have the same client id'),
  FG_PASSKEY_RELYING_PARTY: spec(400, "A realm's passkey origins do not lie within its rpId"),
  FG_REDIRECT_URI_REFUSED: spec(400, 'A client redirect URI must be an absolute http(s) URI without user name, password or fragment'),
  FG_WEB_ORIGIN_INVALID: spec(400, 'A client web origin must be an http(s) origin: scheme, host and optional port, nothing else'),
  FG_BACKCHANNEL_LOGOUT_URI_INVALID: spec(400, 'A back-channel logout URI must be an absolute http(s) URL without user name, password or fragment'),
  FG_CLIENT_GRANT_NOT_ALLOWED: spec(400, 'The client_credentials grant is only for confidential clients'),
  FG_CLIENT_SECRET_ENV_NOT_ALLOWED: spec(400, 'Only a confidential client has a secret, so only it may name secretEnv'),
  FG_NO_REALM: spec(500, 'No realm file was found in the flows directory', false),
  FG_FLOW_EMPTY: spec(400, 'A flow or sub-flow has no enabled execution, so it can never succeed'),
  FG_EXECUTION_KIND: spec(400, 'An execution needs exactly one of authenticator, condition or flow'),
  FG_FLOW_TOO_LARGE: spec(400, 'A flow has too many executions once its references are expanded'),
  FG_UNKNOWN_REQUIRED_ACTION: spec(400, 'Unknown required action id'),
  FG_PROFILE_ATTRIBUTE_RESERVED: spec(400, 'A user-profile attribute has a reserved name: an account field, an attribute Flowgate decides access or keeps state by (roles, the accepted terms), or a login-form field'),
  FG_DUPLICATE_PROFILE_ATTRIBUTE: spec(400, 'Two user-profile attributes have the same name'),
  FG_PROFILE_ATTRIBUTE_INVALID: spec(400, 'A user-profile attribute has contradictory or unusable validation rules'),

  // Plugins: registration at boot, the time limit of their handlers, the plugin kit's command line.
  FG_DUPLICATE_PLUGIN_ID: spec(500, 'Two plugins have the same id', false),
  FG_PLUGIN_INVALID: spec(500, 'A plugin definition is malformed', false),
  FG_PLUGIN_LOAD_FAILED: spec(500, 'A plugin could not be loaded', false),
  FG_PLUGIN_API_VERSION: spec(500, 'A plugin declares no plugin API version, or one this Flowgate cannot run', false),
  FG_PLUGIN_TIMEOUT: spec(500, 'A plugin handler did not settle within the plugin time limit', false),
  FG_CLI_USAGE: spec(400, 'The command line is not valid; see flowgate help'),
  FG_CLI_TARGET_NOT_EMPTY: spec(409, 'The directory for the new plugin already exists and is not empty'),

  // Runtime: flows and sessions.
  FG_UNKNOWN_REALM: spec(404, 'No such realm'),
  FG_FLOW_NOT_BOUND: spec(500, 'No flow is bound to this slot', false),
  FG_AUTH_SESSION_NOT_FOUND: spec(400, 'The sign-in session was not found; start again'),
  FG_AUTH_SESSION_EXPIRED: spec(400, 'The sign-in took too long; start again'),
  FG_STALE_STEP: spec(409, 'This page has expired'),
  FG_SELECTION_NOT_ALLOWED: spec(400, 'That sign-in method is not available here'),
  FG_CHOICE_NOT_OFFERED: spec(400, 'This page does not offer that sign-in method'),
  FG_FLOW_FINISHED: spec(409, 'This sign-in has already finished'),
  FG_PLUGIN_ERROR: spec(500, 'A sign-in step failed unexpectedly', false),
  FG_INVALID_OUTCOME: spec(500, 'A sign-in step returned an invalid result', false),
  FG_UNKNOWN_CLIENT: spec(400, 'No such client in this realm'),
  FG_INVALID_REDIRECT_URI: spec(400, "The redirect URI is not one of the client's registered redirect URIs"),
  FG_FLOW_LOOP: spec(500, 'A sign-in flow kept running without asking the person anything', false),
  FG_LOGIN_FAILED: spec(401, 'The sign-in did not succeed'),
  FG_LINK_NOT_FOUND: spec(400, 'This link is not valid'),
  FG_LINK_EXPIRED: spec(410, 'This link has expired'),
  FG_LINK_USED: spec(410, 'This link has already been used'),
  FG_LINK_SIGN_IN_OVER: spec(410, 'The sign-in this link belongs to is over'),
  FG_SIGN_IN_MOVED: spec(409, 'This sign-in continued on another device'),
  FG_APPROVAL_MISMATCH: spec(409, "The number picked on the link's page is not the one this sign-in showed; the sign-in was stopped"),
  FG_SIGN_IN_REJECTED: spec(409, "This sign-in was cancelled from its email's link (\"This wasn't me\")"),

  // Data.
  FG_USER_EXISTS: spec(409, 'A user with this email already exists'),
  FG_EMAIL_CONFUSABLE: spec(409, "The address looks like an existing account's address (Unicode confusables); use another address"),
  FG_INVALID_EMAIL: spec(400, 'Not a valid email address'),
  FG_USER_NOT_FOUND: spec(404, 'No such user in this realm'),
  FG_PASSKEY_EXISTS: spec(409, 'This passkey is already registered'),
  FG_PASSKEY_NOT_FOUND: spec(404, 'No such passkey for this user'),
  FG_STORE_INVALID_ARGUMENT: spec(500, 'A storage call was given an invalid argument', false),
  FG_DATABASE_DRIVER: spec(500, 'The database driver does not behave as required', false),
  FG_MIGRATION_FAILED: spec(500, 'A database migration failed', false),
  // 503 (try again later; the path is only in the log) rather than 500; /readyz reports them too.
  FG_STORAGE_FULL: spec(503, 'The disk or database is full: nothing can be saved', false),
  FG_STORAGE_READ_ONLY: spec(503, 'The data directory or database is read-only: nothing can be saved', false),
  // PostgreSQL. At boot these stop the start (naming the server, never the password); while
  // serving, an unreachable server is a 503 and /readyz reports it until it is back.
  FG_DATABASE_UNAVAILABLE: spec(503, 'The database server cannot be reached: try again shortly', false),
  FG_DATABASE_AUTH_FAILED: spec(500, 'The database server refused the user name or password', false),
  FG_DATABASE_NOT_FOUND: spec(500, 'The database named in the URL does not exist on the server', false),

  // Mail, email templates and message bundles.
  FG_UNKNOWN_MESSAGE_KEY: spec(500, 'A message key is not in any message bundle', false),
  FG_MESSAGE_PARAM_MISSING: spec(500, 'A message placeholder was given no value', false),
  FG_MESSAGE_BUNDLE_INVALID: spec(500, 'A message bundle file is malformed', false),
  FG_TEMPLATE_MISSING: spec(500, 'A template file is missing', false),
  FG_TEMPLATE_INVALID: spec(500, 'A template does not compile', false),
  FG_LINK_OUTSIDE_PUBLIC_URL: spec(500, 'A link in an email does not point under the public URL', false),
  FG_MAIL_NOT_FOUND: spec(404, 'No such outbox message'),
  FG_MAIL_NOT_RETRYABLE: spec(409, 'Only a failed outbox message can be retried'),
  FG_PAGE_LINK_INVALID: spec(500, 'A link on a login page is not a path on this server', false),

  // HTTP: requests to the login pages.
  FG_INVALID_REQUEST: spec(400, 'The request is malformed'),
  FG_CSRF_INVALID: spec(403, 'The form has expired or did not come from this site; reload the page and try again'),
  FG_NOT_FOUND: spec(404, 'No such page'),
  FG_BODY_TOO_LARGE: spec(413, 'The request is too large'),
  FG_UNSUPPORTED_MEDIA_TYPE: spec(415, 'Send the form as application/x-www-form-urlencoded or application/json'),
  FG_NOT_SIGNED_IN: spec(401, 'You are not signed in'),
  FG_INTERNAL_ERROR: spec(500, 'Something went wrong on our side', false),

  // Rate limiting.
  FG_RATE_LIMITED: spec(429, 'Too many attempts; wait a moment and try again'),
  FG_RATE_LIMIT_INVALID: spec(500, 'A rate limit is declared with invalid values', false),

  // Security utilities: the server secret, derived keys, CSRF tokens, cookies.
  FG_SERVER_SECRET_INVALID: spec(500, 'The server secret file is unusable (unreadable, too short or readable by others)', false),
  FG_SECURITY_INVALID_ARGUMENT: spec(500, 'A security function was given an invalid argument', false),
  FG_SEALED_SECRET_INVALID: spec(500, 'A stored secret cannot be opened with this server secret', false),

  // OpenID Connect: requests from applications that cannot be answered at their redirect URI.
  FG_OIDC_REQUEST_INVALID: spec(400, "The application's sign-in request is invalid"),
  FG_OIDC_INTERACTION_NOT_FOUND: spec(400, "This sign-in for an application has expired or belongs to another browser; start it again from the application"),

  // Admin API: sign-in, tokens, versions and the configuration it edits.
  FG_ADMIN_UNAUTHENTICATED: spec(401, 'Sign in to the admin console or send an admin API token'),
  FG_ADMIN_FORBIDDEN: spec(403, 'This account is not an administrator'),
  FG_ADMIN_CSRF_INVALID: spec(403, 'The X-CSRF-Token header is missing or wrong; read it from GET /admin/api/session'),
  FG_ADMIN_INVALID_BODY: spec(400, 'The request body does not match the schema of this endpoint'),
  FG_ADMIN_VERSION_REQUIRED: spec(428, 'Send If-Match with the version you read (its ETag)'),
  FG_ADMIN_VERSION_CONFLICT: spec(409, 'Someone else changed this since you read it; reload and try again'),
  FG_ADMIN_NOT_FOUND: spec(404, 'No such admin API endpoint'),
  FG_ADMIN_FLOW_NOT_FOUND: spec(404, 'No such flow in this realm'),
  FG_ADMIN_EXECUTION_NOT_FOUND: spec(404, 'No such execution in this flow'),
  FG_ADMIN_CLIENT_NOT_FOUND: spec(404, 'No such client in this realm'),
  FG_ADMIN_TOKEN_NOT_FOUND: spec(404, 'No such admin API token'),
  FG_ADMIN_CLIENT_SECRET_NOT_MANAGED: spec(409, 'Flowgate keeps no secret for this client: it is public, or its secret comes from an environment variable (secretEnv)'),
  FG_ADMIN_FLOW_BUILT_IN: spec(409, 'Built-in flows are read-only; copy the flow to change it'),
  FG_ADMIN_FLOW_IN_USE: spec(409, 'The flow is bound to a slot, overridden by a client or referenced by another flow'),
  FG_ADMIN_FLOW_EXISTS: spec(409, 'A flow or sub-flow with this alias already exists in the realm'),
  FG_ADMIN_CLIENT_EXISTS: spec(409, 'A client with this client id already exists in the realm'),
  FG_ADMIN_REALM_EXISTS: spec(409, 'A realm with this name already exists'),
  FG_ADMIN_REALM_PROTECTED: spec(409, 'The admin realm cannot be deleted or renamed'),
  FG_ADMIN_REALM_MISMATCH: spec(400, 'The document is for another realm than the URL names'),
  FG_ADMIN_SETUP_INVALID: spec(500, 'The admin realm is missing or unusable', false),

  // Admin API data: users, sessions, events, audit, mail outbox, required actions, user profile.
  FG_ADMIN_INVALID_QUERY: spec(400, 'A query parameter is unknown or has an invalid value'),
  FG_PROFILE_VALUE_INVALID: spec(400, "A value does not pass the realm's user profile"),
  FG_ADMIN_SESSION_NOT_FOUND: spec(404, 'No such active session of this user'),
  FG_ADMIN_REQUIRED_ACTION_NOT_FOUND: spec(404, 'No such required action is registered'),
  FG_ADMIN_USER_IS_CALLER: spec(409, 'You cannot disable or delete the account you are signed in with'),
} as const satisfies Record<string, ErrorSpec>;

/** Every error code Flowgate may raise. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** Whether `value` is a code of the registry (a code from outside the errors module, e.g. a step's failure). */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}
