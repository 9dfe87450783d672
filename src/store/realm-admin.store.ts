import type { DataSource, EntityManager } from 'typeorm';
import type { RealmDefinition } from '../engine';
import { FlowgateError } from '../errors';
import type { Clock } from '../spi/services';
import { inTransaction, rowLock } from './connection-lock';
import { AuthSessionEntity } from './entities/auth-session.entity';
import { ClientSecretEntity } from './entities/client-secret.entity';
import { RealmEntity } from './entities/realm.entity';
import { SingleUseTokenEntity } from './entities/single-use-token.entity';
import { UserEntity } from './entities/user.entity';
import { realmCache } from './realm-cache';
import { loadRealmRows, toDefinition } from './realm-rows';
import { insertRealm, writeRealmContents, writeRealmSettings } from './realm-writes';

/** A realm as the admin API edits it: the definition and the versions that guard it. */
export interface AdminRealmSnapshot {
  readonly def: RealmDefinition;
  /** The realm's version: goes up with every change to it (settings, bindings, clients, flows). */
  readonly version: number;
  /** Each flow's version: goes up with every change to that flow. */
  readonly flowVersions: ReadonlyMap<string, number>;
}

/** What a change returns: the realm as it should be (already validated) and anything for the caller. */
export interface RealmChange<T> {
  readonly def: RealmDefinition;
  readonly result: T;
}

/**
 * The admin API's writes to realms. Every change is read, decided and written in one transaction:
 * `change` hands the current realm (with its versions) to a synchronous function that checks the
 * caller's `If-Match` against it, validates the new definition exactly as boot does, and returns
 * it; the store then writes what differs. Nothing can change in between, so a stale save is
 * always refused and never half-applied.
 */
export class RealmAdminStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** The realm with its versions, or undefined. */
  snapshot(name: string): Promise<AdminRealmSnapshot | undefined> {
    return inTransaction(this.dataSource, (manager) => readSnapshot(manager, name), { readOnly: true });
  }

  /**
   * Applies `decide(current)` to realm `name` (404 `FG_UNKNOWN_REALM` when there is none). Flows
   * the new definition lacks are deleted; flows, bindings, clients and settings that differ are
   * written; the realm's version goes up by one when anything was written, each written flow's by
   * one. Whatever `decide` throws rolls everything back and reaches the caller.
   */
  change<T>(name: string, decide: (current: AdminRealmSnapshot) => RealmChange<T>): Promise<{ before: AdminRealmSnapshot; after: AdminRealmSnapshot; result: T }> {
    return this.writing(name, async (manager) => {
      const before = await readSnapshot(manager, name, true);
      if (!before) throw new FlowgateError('FG_UNKNOWN_REALM', `realm '${name}'`);
      const { def, result } = decide(before);
      if (def.name !== name) throw new FlowgateError('FG_STORE_INVALID_ARGUMENT', 'a change cannot rename a realm');
      const realm = await manager.findOneOrFail(RealmEntity, { where: { name } });
      const now = this.clock.now();
      let changed = await writeRealmSettings(manager, realm, def, now);
      changed = (await writeRealmContents(manager, realm.id, await loadRealmRows(manager, realm.id), def, 'all', now)) || changed;
      if (changed) await manager.update(RealmEntity, { id: realm.id }, { version: realm.version + 1, updatedAt: now });
      const after = await readSnapshot(manager, name);
      return { before, after: after!, result };
    });
  }

  /** Creates a realm from a validated definition; 409 `FG_ADMIN_REALM_EXISTS` when the name is taken. */
  create(def: RealmDefinition): Promise<AdminRealmSnapshot> {
    return this.writing(def.name, async (manager) => {
      if (await manager.findOne(RealmEntity, { where: { name: def.name } })) {
        throw new FlowgateError('FG_ADMIN_REALM_EXISTS', `realm '${def.name}'`);
      }
      const now = this.clock.now();
      const realm = await insertRealm(manager, def, now);
      await writeRealmContents(manager, realm.id, await loadRealmRows(manager, realm.id), def, 'all', now);
      return (await readSnapshot(manager, def.name))!;
    });
  }

  /**
   * Deletes a realm with its configuration and its people: users (their attributes, pending
   * actions, sessions and API tokens go with them), sign-ins in progress, unused links and client secrets.
   * Events, mail history and the admin audit stay: they are the record of what happened.
   * Returns the realm as it was, or undefined when there was none. With `expectedVersion`, a realm
   * of another version is not deleted (409 `FG_ADMIN_VERSION_CONFLICT`).
   */
  delete(name: string, expectedVersion?: number): Promise<AdminRealmSnapshot | undefined> {
    return this.writing(name, async (manager) => {
      const before = await readSnapshot(manager, name, true);
      if (!before) return undefined;
      if (expectedVersion !== undefined && before.version !== expectedVersion) {
        throw new FlowgateError('FG_ADMIN_VERSION_CONFLICT', `the realm's version is ${before.version}`);
      }
      await manager.delete(AuthSessionEntity, { realm: name });
      await manager.delete(SingleUseTokenEntity, { realm: name });
      await manager.delete(UserEntity, { realm: name });
      await manager.delete(ClientSecretEntity, { realm: name });
      await manager.delete(RealmEntity, { name });
      return before;
    });
  }

  /** A write of realm `name` in one transaction; the node's cached copy is forgotten after it. */
  private async writing<T>(name: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await inTransaction(this.dataSource, work);
    } finally {
      realmCache(this.dataSource).written(name);
    }
  }
}

/**
 * The realm with its versions. `forWrite` locks the realm's row first on PostgreSQL (FOR UPDATE),
 * so two nodes changing one realm at once (two admins, or several nodes booting and each ensuring
 * the admin client) take turns: the second reads what the first committed, instead of both writing
 * from the same read and one failing on a unique key (see `rowLock`).
 */
async function readSnapshot(manager: EntityManager, name: string, forWrite = false): Promise<AdminRealmSnapshot | undefined> {
  const lock = forWrite ? rowLock(manager.connection) : {};
  const realm = await manager.findOne(RealmEntity, { where: { name }, ...lock });
  if (!realm) return undefined;
  const stored = await loadRealmRows(manager, realm.id);
  return {
    def: toDefinition(realm, stored),
    version: realm.version,
    flowVersions: new Map([...stored.flows.values()].map((f) => [f.row.alias, f.row.version])),
  };
}
