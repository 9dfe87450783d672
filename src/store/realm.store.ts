import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { BindingSlot, FlowNode, RealmDefinition } from '../engine/model';
import type { RealmSource } from '../engine/ports';
import { FlowgateError } from '../errors';
import type { Clock } from '../spi/services';
import { canonicalJson } from './canonical-json';
import { exclusive, inTransaction } from './connection-lock';
import { BindingEntity } from './entities/binding.entity';
import { ClientEntity } from './entities/client.entity';
import { asRow } from './entities/columns';
import { ExecutionConfigEntity } from './entities/execution-config.entity';
import { FlowExecutionEntity } from './entities/flow-execution.entity';
import { FlowEntity } from './entities/flow.entity';
import { RealmEntity } from './entities/realm.entity';
import { flattenFlow, normalizeFlow } from './flow-tree';
import { loadRealmRows, settingsColumn, toDefinition, type StoredFlow } from './realm-rows';

/** A realm in a list. */
export interface RealmSummary {
  readonly name: string;
  readonly displayName: string;
  readonly version: number;
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
 * reads realms back from it (nothing is cached yet).
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
   */
  async importRealm(def: RealmDefinition): Promise<ImportResult> {
    checkDefinition(def);
    return inTransaction(this.dataSource, async (manager) => {
      const now = this.clock.now();
      const settings = settingsColumn(def);
      let realm = await manager.findOne(RealmEntity, { where: { name: def.name } });
      let changed = false;
      const created = !realm;
      if (!realm) {
        realm = {
          id: randomUUID(),
          name: def.name,
          displayName: def.displayName,
          settings,
          version: 1,
          createdAt: now,
          updatedAt: now,
        };
        await manager.insert(RealmEntity, asRow(realm));
        changed = true;
      } else if (realm.displayName !== def.displayName || canonicalJson(realm.settings) !== canonicalJson(settings)) {
        await manager.update(
          RealmEntity,
          { id: realm.id },
          asRow<Partial<RealmEntity>>({ displayName: def.displayName, settings, updatedAt: now }),
        );
        changed = true;
      }

      const stored = await loadRealmRows(manager, realm.id);
      for (const [alias, node] of def.flows) {
        const wrote = await writeFlow(manager, realm.id, stored.flows.get(alias), node, def.builtInFlows.has(alias), now);
        changed ||= wrote;
      }
      const stale = [...stored.flows.values()].filter((f) => f.row.builtIn && !def.flows.has(f.row.alias));
      if (stale.length > 0) {
        // Their executions and configs go with them (ON DELETE CASCADE).
        await manager.delete(FlowEntity, stale.map((f) => f.row.id));
        changed = true;
      }
      if (canonicalJson(stored.bindings) !== canonicalJson(def.bindings)) {
        await manager.delete(BindingEntity, { realmId: realm.id });
        const rows = Object.entries(def.bindings).map(
          ([slot, flowAlias]): BindingEntity => ({ id: randomUUID(), realmId: realm.id, slot: slot as BindingSlot, flowAlias }),
        );
        // asRow: the rows' `realm` relation types the realm's JSON settings column, which typeorm's typing refuses.
        if (rows.length > 0) await manager.insert(BindingEntity, rows.map((r) => asRow(r)));
        changed = true;
      }
      const clients = def.clients.map(({ clientId, redirectUris, flowOverrides }) => ({ clientId, redirectUris, flowOverrides }));
      if (canonicalJson(stored.clients) !== canonicalJson(clients)) {
        await manager.delete(ClientEntity, { realmId: realm.id });
        const rows = clients.map((c, position) => ({
          id: randomUUID(),
          realmId: realm.id,
          clientId: c.clientId,
          position,
          redirectUris: [...c.redirectUris],
          flowOverrides: { ...c.flowOverrides },
        }));
        if (rows.length > 0) await manager.insert(ClientEntity, rows);
        changed = true;
      }

      // A new realm starts at version 1; an existing one goes up by one per import that changed it.
      const version = changed && !created ? realm.version + 1 : realm.version;
      if (version !== realm.version) await manager.update(RealmEntity, { id: realm.id }, { version, updatedAt: now });
      return { changed, version };
    });
  }

  /** The realm as the engine runs it, rebuilt from the tables; `undefined` when there is none. */
  getRealm(name: string): Promise<RealmDefinition | undefined> {
    return inTransaction(
      this.dataSource,
      async (manager) => {
        const realm = await manager.findOne(RealmEntity, { where: { name } });
        return realm ? toDefinition(realm, await loadRealmRows(manager, realm.id)) : undefined;
      },
      { readOnly: true },
    );
  }

  /** Every realm, by name. */
  listRealms(): Promise<RealmSummary[]> {
    return exclusive(this.dataSource, async () => {
      const rows = await this.dataSource.manager.find(RealmEntity, { order: { name: 'ASC' } });
      return rows.map((r) => ({ name: r.name, displayName: r.displayName, version: r.version }));
    });
  }
}

/** Writes one flow if it differs from what is stored; returns whether it wrote. */
async function writeFlow(
  manager: EntityManager,
  realmId: string,
  existing: StoredFlow | undefined,
  node: FlowNode,
  builtIn: boolean,
  now: number,
): Promise<boolean> {
  if (existing && existing.row.builtIn === builtIn && canonicalJson(existing.node) === canonicalJson(normalizeFlow(node))) return false;
  let flowId: string;
  if (existing) {
    flowId = existing.row.id;
    // Its old tree goes first: executions cascade to their configs and sub-executions.
    await manager.delete(FlowExecutionEntity, { flowId });
    await manager.update(
      FlowEntity,
      { id: flowId },
      { description: node.description ?? null, builtIn, version: existing.row.version + 1, updatedAt: now },
    );
  } else {
    flowId = randomUUID();
    await manager.insert(FlowEntity, {
      id: flowId,
      realmId,
      alias: node.alias,
      description: node.description ?? null,
      builtIn,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
  }
  const rows = flattenFlow(flowId, node);
  if (rows.executions.length > 0) await manager.insert(FlowExecutionEntity, rows.executions.map((e) => asRow(e)));
  if (rows.configs.length > 0) await manager.insert(ExecutionConfigEntity, rows.configs.map((c) => asRow(c)));
  return true;
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
