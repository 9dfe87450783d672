import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { RealmDefinition, RealmSource } from '../engine';
import { FlowgateError } from '../errors';
import type { Clock } from '../spi/services';
import { canonicalJson } from './canonical-json';
import { exclusive, inTransaction } from './connection-lock';
import { RealmImportEntity } from './entities/realm-import.entity';
import { RealmEntity } from './entities/realm.entity';
import { normalizeFlow } from './flow-tree';
import { realmCache } from './realm-cache';
import { loadRealmRows, settingsColumn, toDefinition } from './realm-rows';
import { insertRealm, writeRealmContents, writeRealmSettings } from './realm-writes';

/** A realm in a list. */
export interface RealmSummary {
  readonly name: string;
  readonly displayName: string;
  readonly version: number;
}

/** How `importRealm` runs. */
export interface ImportOptions {
  /**
   * Skip the import when the definition equals the one last imported with this option (the flows
   * directory did not change since the last boot). Default false: always apply.
   */
  readonly onlyWhenChanged?: boolean;
}

/** What an import did. */
export interface ImportResult {
  /** Whether anything was written. */
  readonly changed: boolean;
  /** The realm's version after the import. */
  readonly version: number;
}

/**
 * Realms on typeorm: the flows directory is imported into the database on start, and the engine
 * reads realms back from it through the node's realm cache (`realm-cache.ts`): a request reads no
 * realm table unless the realm changed.
 */
export class TypeormRealmStore implements RealmSource {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Writes `def` into the database, in one transaction, idempotently:
   * - the realm's display name and settings (with its required actions and user profile) are set;
   * - every flow of `def` is written (built-in or not, as `def.builtInFlows` says); a built-in flow
   *   replaces a stored flow of the same alias, admin-made or not, which is how a flow exported
   *   from the admin and committed to the flows directory becomes built-in;
   * - stored built-in flows that `def` no longer has are deleted; admin-made flows it does not
   *   name are left alone;
   * - bindings and clients are replaced by `def`'s.
   * Flows' and the realm's versions go up only when something really changed, so a second import of
   * the same definition writes nothing.
   *
   * With `onlyWhenChanged` (the boot import), a definition equal to the one last imported that way
   * is not applied at all, so what admins changed since then (bindings, clients, settings) stands;
   * a changed definition is applied over it.
   */
  async importRealm(def: RealmDefinition, options: ImportOptions = {}): Promise<ImportResult> {
    checkDefinition(def);
    const sourceHash = options.onlyWhenChanged ? definitionHash(def) : undefined;
    return this.writing(def.name, () => inTransaction(this.dataSource, async (manager) => {
      const now = this.clock.now();
      let realm = await manager.findOne(RealmEntity, { where: { name: def.name } });
      if (realm && sourceHash !== undefined) {
        const last = await manager.findOne(RealmImportEntity, { where: { realmId: realm.id } });
        if (last?.sourceHash === sourceHash) return { changed: false, version: realm.version };
      }
      let changed = false;
      const created = !realm;
      if (!realm) {
        realm = await insertRealm(manager, def, now);
        changed = true;
      } else {
        changed = await writeRealmSettings(manager, realm, def, now);
      }
      const stored = await loadRealmRows(manager, realm.id);
      changed = (await writeRealmContents(manager, realm.id, stored, def, 'built-in', now)) || changed;

      // A new realm starts at version 1; an existing one goes up by one per import that changed it.
      const version = changed && !created ? realm.version + 1 : realm.version;
      if (version !== realm.version) await manager.update(RealmEntity, { id: realm.id }, { version, updatedAt: now });
      if (sourceHash !== undefined) {
        await manager.delete(RealmImportEntity, { realmId: realm.id });
        await manager.insert(RealmImportEntity, { realmId: realm.id, sourceHash, importedAt: now });
      }
      return { changed, version };
    }));
  }

  /**
   * The realm as the engine runs it (deeply frozen, shared between requests); `undefined` when
   * there is none. From the node's realm cache; rebuilt from the tables after a change.
   */
  getRealm(name: string): Promise<RealmDefinition | undefined> {
    return realmCache(this.dataSource).get(name, () =>
      inTransaction(
        this.dataSource,
        async (manager) => {
          const realm = await manager.findOne(RealmEntity, { where: { name } });
          return realm ? { def: toDefinition(realm, await loadRealmRows(manager, realm.id)), stamp: { id: realm.id, version: realm.version } } : undefined;
        },
        { readOnly: true },
      ),
    );
  }

  /**
   * Forgets what this node cached of realm `name`: the one seam through which a realm change
   * reaches the cache. The realm writes of this process call it themselves; a notification of a
   * change made on another node should call it (without one, the cache's version check sees the
   * change within about a second).
   */
  invalidate(name: string): void {
    realmCache(this.dataSource).invalidate(name);
  }

  /** Runs a write of realm `name` and invalidates its cached copy after it, committed or not. */
  private async writing<T>(name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } finally {
      realmCache(this.dataSource).written(name);
    }
  }

  /** Every realm, by name. */
  listRealms(): Promise<RealmSummary[]> {
    return exclusive(this.dataSource, async () => {
      const rows = await this.dataSource.manager.find(RealmEntity, { order: { name: 'ASC' } });
      return rows.map((r) => ({ name: r.name, displayName: r.displayName, version: r.version }));
    });
  }
}

function checkDefinition(def: RealmDefinition): void {
  for (const [alias, node] of def.flows) {
    if (node.alias !== alias) {
      throw new FlowgateError('FG_STORE_INVALID_ARGUMENT', `flow '${alias}' is keyed under another alias than its own ('${node.alias}')`);
    }
  }
  for (const alias of def.builtInFlows) {
    if (!def.flows.has(alias)) throw new FlowgateError('FG_STORE_INVALID_ARGUMENT', `built-in flow '${alias}' is not among the realm's flows`);
  }
}

/** Hex SHA-256 of a definition's canonical JSON: equal definitions, equal hashes. */
function definitionHash(def: RealmDefinition): string {
  const flows = [...def.flows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, node]) => normalizeFlow(node));
  const document = {
    name: def.name,
    displayName: def.displayName,
    settings: settingsColumn(def),
    bindings: def.bindings,
    clients: def.clients,
    flows,
    builtIn: [...def.builtInFlows].sort(),
  };
  return createHash('sha256').update(canonicalJson(document), 'utf8').digest('hex');
}
