import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { FlowgateError } from '../errors';
import type { Clock, UserService, UserView } from '../spi/services';
import { isValidEmail, normalizeEmail } from '../spi/email';
import { emailSkeleton } from '../util/email-skeleton';
import { exclusive, inTransaction } from './connection-lock';
import { engineOf } from './data-source';
import { isUniqueViolation } from './db-errors';
import { UserAttributeEntity } from './entities/user-attribute.entity';
import { UserRequiredActionEntity } from './entities/user-required-action.entity';
import { UserEntity } from './entities/user.entity';
import { findUserView } from './user-view.queries';
import { runSql } from './sql';

const INSERT_USER =
  'INSERT INTO users (id, realm, email, email_skeleton, email_verified, enabled, created_at) VALUES (:id, :realm, :email, :emailSkeleton, :emailVerified, :enabled, :createdAt)';

/** The users of one realm: the plugin-facing service plus what the admin needs. */
export interface RealmUserService extends UserService {
  /** Deletes the user with its attributes and pending actions; false when there was none. */
  delete(userId: string): Promise<boolean>;
  /** Users matching `query`, by email; every field of the query narrows the result. */
  search(query: UserQuery): Promise<UserView[]>;
  /**
   * Enables or disables the account (`FG_USER_NOT_FOUND` when there is none); true when that
   * changed it. A disabled user's sessions stop validating at once, but stay revocable: revoke
   * them too (`UserSessionStore.revokeAllForUser`), or enabling the account again brings them back.
   */
  setEnabled(userId: string, enabled: boolean): Promise<boolean>;
  /**
   * Changes a user in one transaction: `decide` gets the user as stored and returns the change,
   * or throws (a stale version, say) to change nothing. `FG_USER_NOT_FOUND` when there is no
   * such user, `FG_INVALID_EMAIL` / `FG_USER_EXISTS` for an email that cannot be the user's.
   */
  update(userId: string, decide: (current: UserView) => UserChange): Promise<{ before: UserView; after: UserView }>;
}

/** Which users `search` returns. */
export interface UserQuery {
  /** Part of the email address, compared normalised (so case does not matter). */
  readonly email?: string;
  /** Users that have this attribute; with `value`, only those with it among the attribute's values. */
  readonly attribute?: { readonly name: string; readonly value?: string };
  /** Only enabled (`true`) or disabled (`false`) users. */
  readonly enabled?: boolean;
  /** Users to skip (paging). Default 0. */
  readonly first?: number;
  /** At most this many. Default 100, capped at `MAX_USER_PAGE`. */
  readonly max?: number;
}

/** What `update` changes; what it leaves out stays as it is. */
export interface UserChange {
  readonly email?: string;
  readonly emailVerified?: boolean;
  /** Attributes to replace, by name (an empty list removes one); attributes not named stay. */
  readonly attributes?: Readonly<Record<string, readonly string[]>>;
}

/** The most users one `search` returns. */
export const MAX_USER_PAGE = 1000;
const DEFAULT_USER_PAGE = 100;

/** Users on typeorm. Every call is scoped to a realm: an id from another realm finds nothing. */
export class UserStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** The users of `realm`. */
  forRealm(realm: string): RealmUserService {
    return new RealmUsers(this.dataSource, this.clock, realm);
  }
}

const MAX_NAME_LENGTH = 255;

class RealmUsers implements RealmUserService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly realm: string,
  ) {}

  findById(id: string): Promise<UserView | undefined> {
    return exclusive(this.dataSource, () => this.findOne(this.dataSource.manager, { id }));
  }

  findByEmail(email: string): Promise<UserView | undefined> {
    const normalized = normalizeEmail(email);
    // Nothing invalid was ever stored, so there is nothing to find.
    if (!isValidEmail(normalized)) return Promise.resolve(undefined);
    return exclusive(this.dataSource, () => this.findOne(this.dataSource.manager, { email: normalized }));
  }

  async create(input: { email: string; emailVerified?: boolean; attributes?: Record<string, string[]> }): Promise<UserView> {
    const email = normalizeEmail(input.email);
    if (!isValidEmail(email)) throw new FlowgateError('FG_INVALID_EMAIL');
    const attributes = Object.entries(input.attributes ?? {}).filter(([, values]) => values.length > 0);
    for (const [name, values] of attributes) checkAttribute(name, values);

    const user: UserEntity = {
      id: randomUUID(),
      realm: this.realm,
      email,
      emailSkeleton: emailSkeleton(email),
      emailVerified: input.emailVerified ?? false,
      enabled: true,
      createdAt: this.clock.now(),
    };
    try {
      // The unique indexes decide: a check before the insert would let two concurrent creates pass.
      // Once per new user: constant SQL (see sql.ts); alone (the sign-up case) it needs no transaction.
      if (attributes.length === 0) await exclusive(this.dataSource, () => runSql(this.dataSource, INSERT_USER, { ...user }));
      else {
        await inTransaction(this.dataSource, async (manager) => {
          await runSql(manager, INSERT_USER, { ...user });
          await manager.insert(UserAttributeEntity, attributes.flatMap(([name, values]) => attributeRows(user.id, name, values)));
        });
      }
    } catch (err) {
      throw await this.emailConflict(err, email);
    }
    return toView(user, Object.fromEntries(attributes.map(([name, values]) => [name, [...values]])), []);
  }

  markEmailVerified(userId: string): Promise<void> {
    return exclusive(this.dataSource, async () => {
      const result = await this.dataSource.manager.update(UserEntity, { id: userId, realm: this.realm }, { emailVerified: true });
      if (!result.affected) throw new FlowgateError('FG_USER_NOT_FOUND');
    });
  }

  async setAttribute(userId: string, name: string, values: string[]): Promise<void> {
    checkAttribute(name, values);
    await inTransaction(this.dataSource, async (manager) => {
      await this.requireUser(manager, userId);
      await manager.delete(UserAttributeEntity, { userId, name });
      if (values.length > 0) await manager.insert(UserAttributeEntity, attributeRows(userId, name, values));
    });
  }

  async addRequiredAction(userId: string, actionId: string): Promise<void> {
    checkName('required action id', actionId);
    await inTransaction(this.dataSource, async (manager) => {
      await this.requireUser(manager, userId);
      await manager
        .createQueryBuilder()
        .insert()
        .into(UserRequiredActionEntity)
        .values({ id: randomUUID(), userId, actionId, createdAt: this.clock.now() })
        .orIgnore() // already pending: nothing to do
        .execute();
    });
  }

  async removeRequiredAction(userId: string, actionId: string): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      await this.requireUser(manager, userId);
      await manager.delete(UserRequiredActionEntity, { userId, actionId });
    });
  }

  delete(userId: string): Promise<boolean> {
    return exclusive(this.dataSource, async () => {
      // Attributes and required actions go with the user (ON DELETE CASCADE).
      const result = await this.dataSource.manager.delete(UserEntity, { id: userId, realm: this.realm });
      return (result.affected ?? 0) > 0;
    });
  }

  async search(query: UserQuery): Promise<UserView[]> {
    const first = query.first ?? 0;
    const max = Math.min(query.max ?? DEFAULT_USER_PAGE, MAX_USER_PAGE);
    if (!Number.isInteger(first) || first < 0) throw new FlowgateError('FG_STORE_INVALID_ARGUMENT', 'first must be a non-negative integer');
    if (!Number.isInteger(max) || max < 1) throw new FlowgateError('FG_STORE_INVALID_ARGUMENT', 'max must be a positive integer');
    const select = this.dataSource.manager.createQueryBuilder(UserEntity, 'u').where('u.realm = :realm', { realm: this.realm });
    if (query.email !== undefined && query.email.trim() !== '') {
      select.andWhere("u.email LIKE :email ESCAPE '\\'", { email: `%${escapeLike(normalizeEmail(query.email))}%` });
    }
    if (query.enabled !== undefined) select.andWhere('u.enabled = :enabled', { enabled: query.enabled });
    if (query.attribute !== undefined) {
      const { name, value } = query.attribute;
      const matches = value === undefined ? 'a.name = :attrName' : 'a.name = :attrName AND a.value = :attrValue';
      select.andWhere(`EXISTS (SELECT 1 FROM user_attributes a WHERE a.user_id = u.id AND ${matches})`, { attrName: name, attrValue: value });
    }
    // The id breaks ties, so pages never overlap (emails are unique per realm, but be explicit).
    select.orderBy('u.email', 'ASC').addOrderBy('u.id', 'ASC').skip(first).take(max);
    return exclusive(this.dataSource, async () => this.withDetails(this.dataSource.manager, await select.getMany()));
  }

  setEnabled(userId: string, enabled: boolean): Promise<boolean> {
    return inTransaction(this.dataSource, async (manager) => {
      const user = await manager.findOne(UserEntity, { where: { id: userId, realm: this.realm } });
      if (!user) throw new FlowgateError('FG_USER_NOT_FOUND');
      if (user.enabled === enabled) return false;
      await manager.update(UserEntity, { id: userId }, { enabled });
      return true;
    });
  }

  async update(userId: string, decide: (current: UserView) => UserChange): Promise<{ before: UserView; after: UserView }> {
    let email: string | undefined;
    try {
      return await inTransaction(this.dataSource, async (manager) => {
        // PostgreSQL: lock the user's row first, so a concurrent change (on this node or another)
        // waits and then decides on what this one wrote, as SQLite's write transaction makes it.
        if (engineOf(this.dataSource) === 'postgres') await runSql(manager, 'SELECT id FROM users WHERE id = :id FOR UPDATE', { id: userId });
        const before = await this.findOne(manager, { id: userId });
        if (!before) throw new FlowgateError('FG_USER_NOT_FOUND');
        const change = decide(before);
        const row: Partial<Pick<UserEntity, 'email' | 'emailSkeleton' | 'emailVerified'>> = {};
        if (change.email !== undefined) {
          row.email = email = normalizeEmail(change.email);
          if (!isValidEmail(row.email)) throw new FlowgateError('FG_INVALID_EMAIL');
          // Unchanged, it keeps its skeleton (or its grandfathered null: see `UserEntity.emailSkeleton`).
          if (row.email !== before.email) row.emailSkeleton = emailSkeleton(row.email);
        }
        if (change.emailVerified !== undefined) row.emailVerified = change.emailVerified;
        const attributes = Object.entries(change.attributes ?? {});
        for (const [name, values] of attributes) checkAttribute(name, values);
        // The unique index decides whether the new email is free, as in `create`.
        if (Object.keys(row).length > 0) await manager.update(UserEntity, { id: userId }, row);
        for (const [name, values] of attributes) {
          await manager.delete(UserAttributeEntity, { userId, name });
          if (values.length > 0) await manager.insert(UserAttributeEntity, attributeRows(userId, name, values));
        }
        const after = await this.findOne(manager, { id: userId });
        return { before, after: after! };
      });
    } catch (err) {
      throw await this.emailConflict(err, email);
    }
  }

  /**
   * What a unique violation on writing `email` means: the address is taken (`FG_USER_EXISTS`), or
   * it looks like another account's (`FG_EMAIL_CONFUSABLE`). Anything else is returned unchanged.
   */
  private async emailConflict(err: unknown, email: string | undefined): Promise<unknown> {
    if (!isUniqueViolation(err) || email === undefined) return err;
    const taken = await exclusive(this.dataSource, () => this.dataSource.manager.exists(UserEntity, { where: { realm: this.realm, email } }));
    return new FlowgateError(taken ? 'FG_USER_EXISTS' : 'FG_EMAIL_CONFUSABLE', undefined, undefined, { cause: err });
  }

  private async requireUser(manager: EntityManager, userId: string): Promise<void> {
    const found = await manager.exists(UserEntity, { where: { id: userId, realm: this.realm } });
    if (!found) throw new FlowgateError('FG_USER_NOT_FOUND');
  }

  /** One user with attributes and actions (see `findUserView`). */
  private findOne(manager: EntityManager, where: { id: string } | { email: string }): Promise<UserView | undefined> {
    return findUserView(manager, this.realm, where);
  }

  /** The users as views, in the order given: two more queries for any number of users. */
  private async withDetails(manager: EntityManager, users: readonly UserEntity[]): Promise<UserView[]> {
    if (users.length === 0) return [];
    const ids = users.map((u) => u.id);
    const [attributes, actions] = await Promise.all([
      manager.find(UserAttributeEntity, { where: { userId: In(ids) }, order: { name: 'ASC', position: 'ASC' } }),
      manager.find(UserRequiredActionEntity, { where: { userId: In(ids) }, order: { createdAt: 'ASC', actionId: 'ASC' } }),
    ]);
    const attributesOf = new Map<string, Record<string, string[]>>();
    for (const row of attributes) {
      let byName = attributesOf.get(row.userId);
      if (!byName) attributesOf.set(row.userId, (byName = {}));
      (byName[row.name] ??= []).push(row.value);
    }
    const actionsOf = new Map<string, string[]>();
    for (const row of actions) {
      const ids = actionsOf.get(row.userId);
      if (ids) ids.push(row.actionId);
      else actionsOf.set(row.userId, [row.actionId]);
    }
    return users.map((user) => toView(user, attributesOf.get(user.id) ?? {}, actionsOf.get(user.id) ?? []));
  }
}

function toView(user: UserEntity, attributes: Record<string, string[]>, requiredActions: string[]): UserView {
  return {
    id: user.id,
    realm: user.realm,
    email: user.email,
    emailVerified: user.emailVerified,
    enabled: user.enabled,
    attributes,
    requiredActions,
    createdAt: user.createdAt,
  };
}

function attributeRows(userId: string, name: string, values: readonly string[]): UserAttributeEntity[] {
  return values.map((value, position) => ({ id: randomUUID(), userId, name, position, value }));
}

function checkName(what: string, name: string): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_LENGTH) {
    throw new FlowgateError('FG_STORE_INVALID_ARGUMENT', `${what} must be 1 to ${MAX_NAME_LENGTH} characters`);
  }
}

function checkAttribute(name: string, values: unknown): void {
  checkName('attribute name', name);
  if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) {
    throw new FlowgateError('FG_STORE_INVALID_ARGUMENT', `values of attribute '${name}' must be strings`);
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
