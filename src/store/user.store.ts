import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { FlowgateError } from '../errors';
import type { Clock, UserService, UserView } from '../spi/services';
import { isValidEmail, normalizeEmail } from '../util/email';
import { exclusive, inTransaction } from './connection-lock';
import { isUniqueViolation } from './db-errors';
import { UserAttributeEntity } from './entities/user-attribute.entity';
import { UserRequiredActionEntity } from './entities/user-required-action.entity';
import { UserEntity } from './entities/user.entity';

/** The users of one realm: the plugin-facing service plus what the admin needs. */
export interface RealmUserService extends UserService {
  /** Deletes the user with its attributes and pending actions; false when there was none. */
  delete(userId: string): Promise<boolean>;
}

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
      emailVerified: input.emailVerified ?? false,
      enabled: true,
      createdAt: this.clock.now(),
    };
    try {
      await inTransaction(this.dataSource, async (manager) => {
        // The unique index decides: a check before the insert would let two concurrent creates pass.
        await manager.insert(UserEntity, user);
        const rows = attributes.flatMap(([name, values]) => attributeRows(user.id, name, values));
        if (rows.length > 0) await manager.insert(UserAttributeEntity, rows);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new FlowgateError('FG_USER_EXISTS', undefined, undefined, { cause: err });
      throw err;
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

  private async requireUser(manager: EntityManager, userId: string): Promise<void> {
    const found = await manager.exists(UserEntity, { where: { id: userId, realm: this.realm } });
    if (!found) throw new FlowgateError('FG_USER_NOT_FOUND');
  }

  /** One user with attributes and actions: three indexed queries, whatever their number. */
  private async findOne(manager: EntityManager, where: { id: string } | { email: string }): Promise<UserView | undefined> {
    const user = await manager.findOne(UserEntity, { where: { ...where, realm: this.realm } });
    if (!user) return undefined;
    const [attributes, actions] = await Promise.all([
      manager.find(UserAttributeEntity, { where: { userId: user.id }, order: { name: 'ASC', position: 'ASC' } }),
      manager.find(UserRequiredActionEntity, { where: { userId: user.id }, order: { createdAt: 'ASC', actionId: 'ASC' } }),
    ]);
    const byName: Record<string, string[]> = {};
    for (const row of attributes) (byName[row.name] ??= []).push(row.value);
    return toView(
      user,
      byName,
      actions.map((a) => a.actionId),
    );
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

function attributeRows(userId: string, name: string, values: string[]): UserAttributeEntity[] {
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
