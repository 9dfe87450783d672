/**
 * The services a plugin reaches through its context. Plugins never import the container: these
 * interfaces are all they see, so a test harness can hand them real or in-memory implementations.
 */

/** A person's account in one realm, as plugins see it. */
export interface UserView {
  /** Stable opaque id. */
  readonly id: string;
  /** The realm the user belongs to. */
  readonly realm: string;
  /** The email address, normalised (trimmed, lower-cased). Unique per realm. */
  readonly email: string;
  /** Whether the person proved they control `email`. */
  readonly emailVerified: boolean;
  /** A disabled user can never finish a flow. */
  readonly enabled: boolean;
  /** Profile attributes beyond email (`firstName`, custom ones), each possibly multi-valued. */
  readonly attributes: Readonly<Record<string, readonly string[]>>;
  /** Ids of the required actions still pending for this user. */
  readonly requiredActions: readonly string[];
  /** When the account was created (ms since the epoch). */
  readonly createdAt: number;
}

/** Users of the current realm. */
export interface UserService {
  /** The user with this id in the current realm, if any. */
  findById(id: string): Promise<UserView | undefined>;
  /** The user with this email (normalised before lookup) in the current realm, if any. */
  findByEmail(email: string): Promise<UserView | undefined>;
  /**
   * Creates a user. Fails with `FG_USER_EXISTS` when the email is taken (callers that race should
   * catch that and look the user up again), and with `FG_EMAIL_CONFUSABLE` when it only looks like
   * another user's (the same Unicode TR39 skeleton): no account is made for a lookalike.
   */
  create(input: { email: string; emailVerified?: boolean; attributes?: Record<string, string[]> }): Promise<UserView>;
  /** Marks the user's email as verified. */
  markEmailVerified(userId: string): Promise<void>;
  /** Replaces the values of one attribute (an empty list removes it). */
  setAttribute(userId: string, name: string, values: string[]): Promise<void>;
  /** Adds a pending required action (idempotent). */
  addRequiredAction(userId: string, actionId: string): Promise<void>;
  /** Removes a pending required action (idempotent). */
  removeRequiredAction(userId: string, actionId: string): Promise<void>;
}

/** A freshly issued single-use token. `secret` is returned once and never stored. */
export interface IssuedToken {
  /** Row id, safe to log and to keep in notes. */
  readonly id: string;
  /** The secret to send (base64url, at least 256 bits of randomness). Only its hash is stored. */
  readonly secret: string;
  /** When it stops working (ms since the epoch). */
  readonly expiresAt: number;
}

/** The stored facts about a token, found from its secret. */
export interface TokenRecord {
  readonly id: string;
  /** What the token is for, e.g. `magic-link`; a token is only ever valid for its purpose. */
  readonly purpose: string;
  /** Whom it is about (usually a user id). */
  readonly subject: string;
  /** Small JSON data stored with it (e.g. the auth-session id). Never secret. */
  readonly data: Readonly<Record<string, unknown>>;
  readonly expiresAt: number;
  /** When it was consumed, or `null` while it is still usable. */
  readonly consumedAt: number | null;
}

/** Why a token could not be used. */
export type TokenRejection = 'not_found' | 'expired' | 'consumed';

/** Single-use secrets (links, codes sent by email): hashed at rest, expiring, consumed atomically. */
export interface TokenService {
  /** Issues a token for `purpose` about `subject`, valid for `ttlSeconds`. */
  issue(input: { purpose: string; subject: string; ttlSeconds: number; data?: Record<string, unknown> }): Promise<IssuedToken>;
  /** Looks a secret up without consuming it (e.g. to show a confirmation page). */
  inspect(purpose: string, secret: string): Promise<{ ok: true; token: TokenRecord } | { ok: false; reason: TokenRejection }>;
  /**
   * Consumes the secret: of any number of concurrent callers, across processes, exactly one gets
   * `ok: true`. Expired and already-consumed secrets are refused.
   */
  consume(purpose: string, secret: string): Promise<{ ok: true; token: TokenRecord } | { ok: false; reason: TokenRejection }>;
  /** Makes every unconsumed token of this purpose and subject unusable (e.g. on resend). */
  revokeAll(purpose: string, subject: string): Promise<number>;
}

/** An event to record: LOGIN, LOGIN_ERROR, CODE_SENT, REGISTER, ... */
export interface EventInput {
  /** Upper-case event type. */
  type: string;
  /** The user concerned, when known. */
  userId?: string;
  /** snake_case reason on error events. */
  error?: string;
  /** Extra facts; never secrets. */
  details?: Record<string, unknown>;
}

/** Records events for the current realm, client and request. */
export interface EventService {
  record(event: EventInput): Promise<void>;
}

/** The time. Tests substitute a controllable clock to test expiry. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/**
 * Key-value notes kept in the authentication session (so any process can continue the flow).
 * Values must be JSON-serialisable. Each execution gets its own namespace.
 */
export interface Notes {
  get<T = unknown>(key: string): T | undefined;
  set(key: string, value: unknown): void;
  remove(key: string): void;
}

/** A signed-in session, as plugins see it. */
export interface UserSessionView {
  readonly id: string;
  readonly userId: string;
  /** When the person last authenticated with this session (ms since the epoch). */
  readonly authenticatedAt: number;
}

/** The user session of the browser that is signing in (SSO). */
export interface UserSessionService {
  /** The valid (not expired, not revoked) session the browser presents for this realm, if any. */
  current(): Promise<UserSessionView | undefined>;
}

/**
 * A named limit: at most `max` requests at once, paid back at `max` per `windowSeconds` (GCRA; see
 * `gcra.ts` for exactly what that allows). The name namespaces the keys, so the same email under
 * `email-send` and `code-attempt` is counted twice, independently.
 */
export interface RateLimit {
  /** Stable name, lower-case words joined by `-` or `.`, e.g. `login-ip` or `magic-link.send`. */
  readonly name: string;
  /** Burst size and requests per window: a positive integer. */
  readonly max: number;
  /** The window in seconds, from 0.001 to 366 days; rounded to whole milliseconds. */
  readonly windowSeconds: number;
}

/** What a limiter answers for one key. */
export interface RateLimitDecision {
  /** Whether the request may go ahead (for `peek`: whether a `consume` now would be allowed). */
  readonly allowed: boolean;
  /** The limit's `max`, for the `RateLimit-Limit` header. */
  readonly limit: number;
  /** How many more requests would be allowed right now, one after another. */
  readonly remaining: number;
  /** 0 when allowed; otherwise whole seconds to wait before the next request is allowed (≥ 1). */
  readonly retryAfterSeconds: number;
  /** Whole seconds until the key's full `max` is available again, for `RateLimit-Reset`. */
  readonly resetSeconds: number;
}

/** Rate limiting as its callers see it: the HTTP layer and, through their context, plugins. */
export interface RateLimitService {
  /** Counts one request for `key` under `limit` if the limit allows it; a refused request is not counted. */
  consume(limit: RateLimit, key: string): Promise<RateLimitDecision>;
  /** What `consume` would answer now, counting nothing. */
  peek(limit: RateLimit, key: string): Promise<RateLimitDecision>;
  /** Gives `key` its whole `max` back under `limit`. */
  reset(limit: RateLimit, key: string): Promise<void>;
}

/** An email a plugin sends. The engine fills in the realm and the sign-in's locale. */
export interface SendMailInput {
  /** The recipient's address. */
  readonly to: string;
  /**
   * The message type: `<type>.html.hbs` + `<type>.text.hbs` in the email template directories (the
   * shipped ones, every plugin's `templatesDir/email`, then the theme's), subject key
   * `email.<camelCaseType>.subject` in the message bundles.
   */
  readonly template: string;
  /** Data for the templates. Keep secrets out of it except the link the mail exists for. */
  readonly model?: Record<string, unknown>;
  /** The user the mail is about, when known. */
  readonly userId?: string;
  /** When the mail stops being worth delivering (ms since the epoch), e.g. its link's expiry. */
  readonly expiresAt?: number;
  /**
   * Render and store the mail like any other, but never deliver it (its outbox status is
   * `withheld`). For answers that must not tell whether an address has an account: the request for
   * an unknown address then does the very same work, so its timing says nothing. Default: false.
   */
  readonly withhold?: boolean;
}

/** Sends email through the server's outbox: `send` renders and queues it, it never waits on SMTP. */
export interface MailSender {
  /** Renders and queues the mail; throws `FG_TEMPLATE_MISSING` for an unknown template, `FG_INVALID_EMAIL` for a bad address. */
  send(input: SendMailInput): Promise<{ id: string }>;
}

/** A freshly issued link back into this sign-in. `url` carries the secret: send it, never log or store it. */
export interface IssuedLink {
  /** The absolute URL to send: `<publicUrl>/realms/<realm>/login-actions/link?key=<secret>`. */
  readonly url: string;
  /** When it stops working (ms since the epoch). */
  readonly expiresAt: number;
  /** The token's row id, safe to log and to keep in notes. */
  readonly tokenId: string;
}

/**
 * Single-use links back into the sign-in that issued them (verify an email, approve a sign-in from
 * another device). Following one shows a confirmation page; confirming it calls the definition's
 * `onLink` with the context of the execution that issued it. Only the secret's hash is stored.
 */
export interface LinkService {
  /**
   * Issues a link for this execution of this sign-in. `subject` names what it is about (a user id);
   * `data` (small, JSON, never secret) comes back in `onLink`, except the keys the engine keeps
   * there itself (`authSessionId`, `execution`, `plugin`, `locale`), which a plugin cannot set.
   */
  issue(input: { ttlSeconds: number; subject: string; data?: Record<string, unknown> }): Promise<IssuedLink>;
  /** Makes every unused link this plugin issued about `subject` unusable (e.g. on resend); returns how many. */
  revokeAll(subject: string): Promise<number>;
}

/** Keyed hashes under a server-held key: for secrets a plugin keeps in notes (one-time codes). */
export interface SecretService {
  /** HMAC of `value` for `purpose` (namespace it by plugin: `email-otp.code`), base64url. */
  keyedHash(purpose: string, value: string): string;
  /** Whether `value` hashes to `expected` for `purpose`, compared in constant time. */
  matches(purpose: string, value: string, expected: string): boolean;
}
