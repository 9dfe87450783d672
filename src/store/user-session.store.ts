import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { FlowgateError } from '../errors';
import { AMR_PATTERN } from '../spi/authenticator';
import type { Clock, UserSessionService, UserSessionView } from '../spi/services';
import { exclusive, inTransaction } from './connection-lock';
import { UserSessionEntity } from './entities/user-session.entity';
import { runSql } from './sql';
import { hashSecret, isWellFormedSecret, newSecret } from './token-secret';

/** A signed-in browser, as the store returns it. Never holds the token. */
export interface UserSessionRecord {
  readonly id: string;
  readonly realm: string;
  readonly userId: string;
  /** When the person signed in (ms since the epoch). */
  readonly createdAt: number;
  /** Last use, to the minute: uses within a minute of the last recorded one are not written. */
  readonly lastSeenAt: number;
  /** The session ends at this time unless it is used before. */
  readonly idleExpiresAt: number;
  /** The session ends at this time whatever happens. */
  readonly maxExpiresAt: number;
  /** The address it signed in from. */
  readonly ip?: string;
  /** The browser's User-Agent when it signed in, cut to 512 characters. */
  readonly userAgent?: string;
  /** How the person signed in, e.g. the flow's alias. */
  readonly method?: string;
  /** What the sign-in proved, as OpenID Connect `amr` values; absent when nothing declared one. */
  readonly amr?: readonly string[];
}

/** Told which sessions ended (revoked, signed out, their user disabled), after the fact. */
export type SessionsEndedListener = (realm: string, sessionIds: readonly string[]) => Promise<void>;

/** Lifetimes of user sessions (Keycloak's "SSO Session Idle" and "SSO Session Max"). */
export interface UserSessionOptions {
  /**
   * Seconds of inactivity after which a session ends. Default 1800 (30 minutes). Each use pushes
   * the end back, to within a minute (see `lastSeenAt`), but never past `maxSeconds`.
   */
  readonly idleSeconds?: number;
  /** Seconds after sign-in at which a session ends however active it is. Default 36000 (10 hours). */
  readonly maxSeconds?: number;
}

/** What `create` records besides realm and user. `ip` and `userAgent` are cut to fit their columns. */
export interface NewUserSession {
  readonly realm: string;
  readonly userId: string;
  readonly ip?: string;
  readonly userAgent?: string;
  readonly method?: string;
  /** What the sign-in proved (`amr` values); cut to fit the column. */
  readonly amr?: readonly string[];
}

/**
 * How long a use may go unrecorded, at most: validations within this of the last write only read.
 * A store whose idle time is short records uses more often (a tenth of the idle time), so a session
 * in constant use never reaches its idle expiry between two writes.
 */
export const LAST_SEEN_RESOLUTION_MS = 60_000;

/** What fraction of the idle time a use may go unrecorded. */
const LAST_SEEN_IDLE_FRACTION = 10;

const MAX_IP_LENGTH = 64;
const MAX_USER_AGENT_LENGTH = 512;
const MAX_METHOD_LENGTH = 255;

/**
 * Server-side records of signed-in browsers. The browser holds a random token (the session
 * cookie); the database holds only its SHA-256, so the row decides whether the cookie is worth
 * anything: revoking the row signs the browser out wherever the cookie is. A session is valid
 * while it is not revoked, neither of its expiries has passed, and its user exists and is enabled.
 * Every operation is scoped to a realm: a token or id from another realm finds nothing.
 */
export class UserSessionStore {
  private readonly idleMs: number;
  private readonly maxMs: number;
  private readonly lastSeenResolutionMs: number;
  private readonly endedListeners: SessionsEndedListener[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    options: UserSessionOptions = {},
  ) {
    this.idleMs = seconds('idleSeconds', options.idleSeconds ?? 1800);
    this.maxMs = seconds('maxSeconds', options.maxSeconds ?? 36000);
    this.lastSeenResolutionMs = Math.min(LAST_SEEN_RESOLUTION_MS, Math.floor(this.idleMs / LAST_SEEN_IDLE_FRACTION));
  }

  /**
   * Starts a session for an enabled user of `realm`, and returns it with its token: the cookie's
   * value, returned this once and stored nowhere. Fails with `FG_USER_NOT_FOUND` when the realm
   * has no such user or the user is disabled.
   */
  async create(input: NewUserSession): Promise<{ session: UserSessionRecord; token: string }> {
    checkText('realm', input.realm, 100);
    checkText('userId', input.userId, 36);
    if (input.method !== undefined) checkText('method', input.method, MAX_METHOD_LENGTH);
    const token = newSecret();
    const now = this.clock.now();
    const maxExpiresAt = now + this.maxMs;
    const row: UserSessionEntity = {
      id: randomUUID(),
      realm: input.realm,
      userId: input.userId,
      tokenHash: hashSecret(token),
      createdAt: now,
      lastSeenAt: now,
      idleExpiresAt: Math.min(now + this.idleMs, maxExpiresAt),
      maxExpiresAt,
      revokedAt: null,
      ip: clip(input.ip, MAX_IP_LENGTH),
      userAgent: clip(input.userAgent, MAX_USER_AGENT_LENGTH),
      authMethod: input.method ?? null,
      amr: amrColumn(input.amr),
    };
    // One per sign-in: one constant statement (see sql.ts) that inserts only for an enabled user
    // of the realm, so the check and the insert cannot be split by a concurrent disable; no
    // transaction around it.
    const { affected } = await exclusive(this.dataSource, () =>
      runSql(
        this.dataSource,
        `INSERT INTO user_sessions (id, realm, user_id, token_hash, created_at, last_seen_at, idle_expires_at, max_expires_at, revoked_at, ip, user_agent, auth_method, amr)
         SELECT :id, :realm, :userId, :tokenHash, :createdAt, :lastSeenAt, :idleExpiresAt, :maxExpiresAt, NULL, :ip, :userAgent, :authMethod, :amr
         FROM users WHERE id = :userId AND realm = :realm AND enabled = :enabled`,
        { ...row, enabled: true },
      ),
    );
    if (affected !== 1) throw new FlowgateError('FG_USER_NOT_FOUND', 'no enabled user with this id in the realm');
    return { session: toRecord(row), token };
  }

  /**
   * The valid session whose token is `token` in `realm`, or `undefined`: for a malformed token
   * (without touching the database), an unknown one, one of another realm, a revoked or expired
   * session, or a disabled user. Using a session slides its idle expiry (never past its max
   * expiry); to keep this a read, that is written at most once a minute per session (more often
   * when the idle time is short: `LAST_SEEN_RESOLUTION_MS`).
   */
  validate(realm: string, token: string | undefined): Promise<UserSessionRecord | undefined> {
    if (!isWellFormedSecret(token)) return Promise.resolve(undefined);
    const tokenHash = hashSecret(token);
    const now = this.clock.now();
    return exclusive(this.dataSource, async () => {
      const manager = this.dataSource.manager;
      const row = await manager
        .createQueryBuilder(UserSessionEntity, 's')
        .innerJoinAndSelect('s.user', 'u')
        .where('s.token_hash = :tokenHash AND s.realm = :realm', { tokenHash, realm })
        .getOne();
      if (!row || !isActive(row, now) || !row.user?.enabled) return undefined;
      if (now - row.lastSeenAt < this.lastSeenResolutionMs) return toRecord(row);
      const idleExpiresAt = Math.min(now + this.idleMs, row.maxExpiresAt);
      // Conditional, so a session revoked (or slid by another process) meanwhile is left alone.
      const result = await manager
        .createQueryBuilder()
        .update(UserSessionEntity)
        .set({ lastSeenAt: now, idleExpiresAt })
        .where('id = :id AND revoked_at IS NULL AND last_seen_at = :lastSeenAt', { id: row.id, lastSeenAt: row.lastSeenAt })
        .execute();
      return result.affected === 1 ? toRecord({ ...row, lastSeenAt: now, idleExpiresAt }) : toRecord(row);
    });
  }

  /** The active sessions of a user, newest first. */
  listForUser(realm: string, userId: string): Promise<UserSessionRecord[]> {
    const now = this.clock.now();
    return exclusive(this.dataSource, async () => {
      const rows = await this.active(this.dataSource.manager, now)
        .andWhere('s.realm = :realm AND s.user_id = :userId', { realm, userId })
        .orderBy('s.created_at', 'DESC')
        .addOrderBy('s.id', 'DESC')
        .getMany();
      return rows.map(toRecord);
    });
  }

  /** The active session with this id in `realm`, if any. */
  get(realm: string, id: string): Promise<UserSessionRecord | undefined> {
    const now = this.clock.now();
    return exclusive(this.dataSource, async () => {
      const row = await this.active(this.dataSource.manager, now)
        .andWhere('s.realm = :realm AND s.id = :id', { realm, id })
        .getOne();
      return row ? toRecord(row) : undefined;
    });
  }

  /** Ends the session with this id in `realm`; false when there was no active one. */
  async revoke(realm: string, id: string): Promise<boolean> {
    return (await this.revokeWhere('id = :id', { id }, realm)) > 0;
  }

  /** Ends the session whose token is `token` in `realm` (signing out); false when there was no active one. */
  async revokeByToken(realm: string, token: string | undefined): Promise<boolean> {
    if (!isWellFormedSecret(token)) return false;
    return (await this.revokeWhere('token_hash = :tokenHash', { tokenHash: hashSecret(token) }, realm)) > 0;
  }

  /**
   * Ends every active session of a user in `realm` and returns how many. Call it when a user is
   * disabled, so that enabling the account again does not bring old sessions back.
   */
  revokeAllForUser(realm: string, userId: string): Promise<number> {
    return this.revokeWhere('user_id = :userId', { userId }, realm);
  }

  /**
   * Calls `listener` after sessions are ended by `revoke`, `revokeByToken` or `revokeAllForUser`,
   * so what hangs on a session (an OpenID Connect provider's session and grants) ends with it. A
   * listener's failure is the caller's: the session is already ended.
   */
  onSessionsEnded(listener: SessionsEndedListener): void {
    this.endedListeners.push(listener);
  }

  /** Deletes sessions that were revoked or had expired by `now` (ms since the epoch); returns how many. */
  purgeExpired(now: number): Promise<number> {
    if (!Number.isFinite(now)) throw new FlowgateError('FG_STORE_INVALID_ARGUMENT', 'now must be a time in ms');
    return exclusive(this.dataSource, async () => {
      // The idle expiry never passes the max expiry, so it alone finds every expired session.
      const result = await this.dataSource.manager
        .createQueryBuilder()
        .delete()
        .from(UserSessionEntity)
        .where('idle_expires_at <= :now OR revoked_at IS NOT NULL', { now })
        .execute();
      return affectedRows(result.affected);
    });
  }

  private active(manager: EntityManager, now: number) {
    return manager
      .createQueryBuilder(UserSessionEntity, 's')
      .where('s.revoked_at IS NULL AND s.idle_expires_at > :now AND s.max_expires_at > :now', { now });
  }

  private async revokeWhere(condition: string, parameters: Record<string, string>, realm: string): Promise<number> {
    const now = this.clock.now();
    const ended = await inTransaction(this.dataSource, async (manager) => {
      const ids = this.endedListeners.length === 0 ? [] : (await this.active(manager, now).andWhere(`s.${condition} AND s.realm = :realm`, { ...parameters, realm }).select('s.id').getMany()).map((s) => s.id);
      const result = await manager
        .createQueryBuilder()
        .update(UserSessionEntity)
        .set({ revokedAt: now })
        .where(`${condition} AND realm = :realm`, { ...parameters, realm })
        .andWhere('revoked_at IS NULL AND idle_expires_at > :now AND max_expires_at > :now', { now })
        .execute();
      return { count: affectedRows(result.affected), ids };
    });
    if (ended.ids.length > 0) for (const listener of this.endedListeners) await listener(realm, ended.ids);
    return ended.count;
  }
}

/**
 * Backs the engine's `userSessions({ realm, browserSessionToken })` with the store: `current()` is
 * the valid session the browser's cookie names in that realm, looked up once per service.
 */
export function userSessionLookup(store: UserSessionStore): UserSessionLookup {
  return ({ realm, browserSessionToken }): UserSessionService => {
    let current: Promise<UserSessionView | undefined> | undefined;
    return {
      current: () =>
        (current ??= store
          .validate(realm, browserSessionToken)
          .then((s) => (s ? { id: s.id, userId: s.userId, authenticatedAt: s.createdAt } : undefined))),
    };
  };
}

function isActive(row: UserSessionEntity, now: number): boolean {
  return row.revokedAt === null && row.idleExpiresAt > now && row.maxExpiresAt > now;
}

function toRecord(row: UserSessionEntity): UserSessionRecord {
  return {
    id: row.id,
    realm: row.realm,
    userId: row.userId,
    createdAt: row.createdAt,
    lastSeenAt: row.lastSeenAt,
    idleExpiresAt: row.idleExpiresAt,
    maxExpiresAt: row.maxExpiresAt,
    ...(row.ip !== null && { ip: row.ip }),
    ...(row.userAgent !== null && { userAgent: row.userAgent }),
    ...(row.authMethod !== null && { method: row.authMethod }),
    ...(row.amr !== null && row.amr !== '' && { amr: row.amr.split(' ') }),
  };
}

/** `amr` values as stored: space-separated, well-formed ones only, as many as fit the column's 255 characters. */
function amrColumn(amr: readonly string[] | undefined): string | null {
  let joined = '';
  for (const value of amr ?? []) {
    if (!AMR_PATTERN.test(value)) continue;
    const next = joined === '' ? value : `${joined} ${value}`;
    if (next.length > 255) break;
    joined = next;
  }
  return joined === '' ? null : joined;
}

/** Cuts untrusted text to fit its column, without splitting a surrogate pair; empty becomes null. */
function clip(value: string | undefined, max: number): string | null {
  if (typeof value !== 'string' || value.length === 0) return null;
  if (value.length <= max) return value;
  const cut = value.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

function seconds(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new FlowgateError('FG_STORE_INVALID_ARGUMENT', `${name} must be a positive number of seconds`);
  }
  return Math.round(value * 1000);
}

function checkText(what: string, value: string, max: number): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw new FlowgateError('FG_STORE_INVALID_ARGUMENT', `${what} must be 1 to ${max} characters`);
  }
}

/** The driver must report affected rows: the counts returned rest on it. */
function affectedRows(affected: number | null | undefined): number {
  if (typeof affected !== 'number') throw new FlowgateError('FG_DATABASE_DRIVER', 'no count of affected rows');
  return affected;
}

/** Where the browser's SSO session is looked up; the login-pages layer provides the real one. */
export type UserSessionLookup = (ctx: { realm: string; browserSessionToken?: string }) => UserSessionService;

/** Until user sessions exist, no browser has one: the `cookie` step is always "attempted". */
export const NO_USER_SESSIONS: UserSessionLookup = () => ({ current: async () => undefined });
