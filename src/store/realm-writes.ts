import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { BindingSlot, FlowNode, RealmDefinition } from '../engine';
import { canonicalJson } from './canonical-json';
import { deleteUnusedSecrets } from './client-secret.store';
import { BindingEntity } from './entities/binding.entity';
import { ClientEntity } from './entities/client.entity';
import { asRow } from './entities/columns';
import { ExecutionConfigEntity } from './entities/execution-config.entity';
import { FlowExecutionEntity } from './entities/flow-execution.entity';
import { FlowEntity } from './entities/flow.entity';
import { RealmEntity } from './entities/realm.entity';
import { flattenFlow, normalizeFlow } from './flow-tree';
import { settingsColumn, type StoredFlow, type StoredRealm } from './realm-rows';

/**
 * The writes of a realm definition, shared by the boot import (`TypeormRealmStore.importRealm`)
 * and the admin API (`RealmAdminStore`). Each writes only what differs from what is stored and
 * says whether it wrote; the callers run them inside one transaction and bump versions.
 */

/** Which stored flows a write of a definition deletes when the definition does not have them. */
export type StaleFlows = 'built-in' | 'all';

/** Inserts a new realm row for `def` (version 1, its settings column) and returns it. */
export async function insertRealm(manager: EntityManager, def: RealmDefinition, now: number): Promise<RealmEntity> {
  const realm: RealmEntity = {
    id: randomUUID(),
    name: def.name,
    displayName: def.displayName,
    settings: settingsColumn(def),
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await manager.insert(RealmEntity, asRow(realm));
  return realm;
}

/** Sets the realm's display name and settings column when they differ; returns whether it wrote. */
export async function writeRealmSettings(manager: EntityManager, realm: RealmEntity, def: RealmDefinition, now: number): Promise<boolean> {
  const settings = settingsColumn(def);
  if (realm.displayName === def.displayName && canonicalJson(realm.settings) === canonicalJson(settings)) return false;
  await manager.update(RealmEntity, { id: realm.id }, asRow<Partial<RealmEntity>>({ displayName: def.displayName, settings, updatedAt: now }));
  return true;
}

/**
 * Writes the flows, bindings and clients of `def` over `stored`: every flow of `def` (built-in or
 * not, as `def.builtInFlows` says), deleting stored flows it lacks (`stale`: only built-in ones, or
 * all), and bindings and clients replaced when they differ. Returns whether anything was written.
 */
export async function writeRealmContents(
  manager: EntityManager,
  realmId: string,
  stored: StoredRealm,
  def: RealmDefinition,
  stale: StaleFlows,
  now: number,
): Promise<boolean> {
  let changed = false;
  for (const [alias, node] of def.flows) {
    changed = (await writeFlow(manager, realmId, stored.flows.get(alias), node, def.builtInFlows.has(alias), now)) || changed;
  }
  const gone = [...stored.flows.values()].filter((f) => !def.flows.has(f.row.alias) && (stale === 'all' || f.row.builtIn));
  if (gone.length > 0) {
    // Their executions and configs go with them (ON DELETE CASCADE).
    await manager.delete(FlowEntity, gone.map((f) => f.row.id));
    changed = true;
  }
  if (canonicalJson(stored.bindings) !== canonicalJson(def.bindings)) {
    await manager.delete(BindingEntity, { realmId });
    const rows = Object.entries(def.bindings).map(
      ([slot, flowAlias]): BindingEntity => ({ id: randomUUID(), realmId, slot: slot as BindingSlot, flowAlias }),
    );
    // asRow: the rows' `realm` relation types the realm's JSON settings column, which typeorm's typing refuses.
    if (rows.length > 0) await manager.insert(BindingEntity, rows.map((r) => asRow(r)));
    changed = true;
  }
  if (canonicalJson(stored.clients) !== canonicalJson(def.clients)) {
    await manager.delete(ClientEntity, { realmId });
    const rows = def.clients.map(
      (c, position): ClientEntity => ({
        id: randomUUID(),
        realmId,
        clientId: c.clientId,
        position,
        redirectUris: [...c.redirectUris],
        flowOverrides: { ...c.flowOverrides },
        type: c.type,
        postLogoutRedirectUris: [...c.postLogoutRedirectUris],
        webOrigins: [...c.webOrigins],
        grantTypes: [...c.grantTypes],
        consentRequired: c.consentRequired,
        backchannelLogoutUri: c.backchannelLogoutUri ?? null,
        secretEnv: c.secretEnv ?? null,
        tokenLifetimes: { ...c.tokenLifetimes },
      }),
    );
    if (rows.length > 0) await manager.insert(ClientEntity, rows.map((r) => asRow(r)));
    await deleteUnusedSecrets(manager, def.name, def.clients);
    changed = true;
  }
  return changed;
}

/** Writes one flow if it differs from what is stored; returns whether it wrote. Its version goes up by one. */
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
