import { deepFreeze } from '../json/deep-freeze';
import type { EntityManager } from 'typeorm';
import type { BindingSlot, ClientDefinition, FlowNode, RealmDefinition } from '../engine';
import { BindingEntity } from './entities/binding.entity';
import { ClientEntity } from './entities/client.entity';
import { ExecutionConfigEntity } from './entities/execution-config.entity';
import { FlowExecutionEntity } from './entities/flow-execution.entity';
import { FlowEntity } from './entities/flow.entity';
import type { RealmEntity, RealmSettingsColumn } from './entities/realm.entity';
import { buildFlow } from './flow-tree';

/** A stored top-level flow with its rebuilt tree. */
export interface StoredFlow {
  readonly row: FlowEntity;
  readonly node: FlowNode;
}

/** Everything stored for one realm, rebuilt into model shapes. */
export interface StoredRealm {
  readonly flows: Map<string, StoredFlow>;
  readonly bindings: Partial<Record<BindingSlot, string>>;
  readonly clients: ClientDefinition[];
}

/** Reads a realm's flows, bindings and clients: five queries, however many flows it has. */
export async function loadRealmRows(manager: EntityManager, realmId: string): Promise<StoredRealm> {
  const flowRows = await manager.find(FlowEntity, { where: { realmId }, order: { alias: 'ASC' } });
  const executions = await manager
    .createQueryBuilder(FlowExecutionEntity, 'e')
    .innerJoin('e.flow', 'f')
    .where('f.realmId = :realmId', { realmId })
    .getMany();
  const configs = await manager
    .createQueryBuilder(ExecutionConfigEntity, 'c')
    .innerJoin('c.execution', 'e')
    .innerJoin('e.flow', 'f')
    .where('f.realmId = :realmId', { realmId })
    .getMany();
  const bindingRows = await manager.find(BindingEntity, { where: { realmId }, order: { slot: 'ASC' } });
  const clientRows = await manager.find(ClientEntity, { where: { realmId }, order: { position: 'ASC' } });

  const flows = new Map<string, StoredFlow>();
  for (const row of flowRows) {
    const own = executions.filter((e) => e.flowId === row.id);
    const ownIds = new Set(own.map((e) => e.id));
    const node = buildFlow(
      row.alias,
      row.description,
      own,
      configs.filter((c) => ownIds.has(c.executionId)),
    );
    flows.set(row.alias, { row, node });
  }
  return {
    flows,
    bindings: Object.fromEntries(bindingRows.map((b) => [b.slot, b.flowAlias])),
    clients: clientRows.map(clientDefinition),
  };
}

/** The model of a stored client: `null` columns are options the client does not set. */
export function clientDefinition(row: ClientEntity): ClientDefinition {
  return {
    clientId: row.clientId,
    redirectUris: row.redirectUris,
    flowOverrides: row.flowOverrides,
    type: row.type,
    postLogoutRedirectUris: row.postLogoutRedirectUris,
    webOrigins: row.webOrigins,
    grantTypes: row.grantTypes,
    consentRequired: row.consentRequired,
    ...(row.backchannelLogoutUri !== null && { backchannelLogoutUri: row.backchannelLogoutUri }),
    ...(row.secretEnv !== null && { secretEnv: row.secretEnv }),
    tokenLifetimes: row.tokenLifetimes,
  };
}

/** The `settings` column's value for `def`: its settings, required actions and user profile. */
export function settingsColumn(def: RealmDefinition): RealmSettingsColumn {
  return {
    ...def.settings,
    ...(def.requiredActions !== undefined && def.requiredActions.length > 0 && { requiredActions: def.requiredActions }),
    ...(def.userProfile !== undefined && { userProfile: def.userProfile }),
  };
}

/** The realm definition the engine runs, deeply frozen like the loader's. */
export function toDefinition(realm: RealmEntity, stored: StoredRealm): RealmDefinition {
  const flows = new Map([...stored.flows].map(([alias, flow]) => [alias, deepFreeze(flow.node)]));
  const builtIn = [...stored.flows.values()].filter((f) => f.row.builtIn).map((f) => f.row.alias);
  const { requiredActions, userProfile, ...settings } = realm.settings;
  return Object.freeze({
    name: realm.name,
    displayName: realm.displayName,
    settings: deepFreeze(settings),
    // JSON drops a config of `undefined`; the model spells it out.
    ...(requiredActions !== undefined && requiredActions.length > 0 && {
      requiredActions: deepFreeze(requiredActions.map((a) => ({ id: a.id, enabled: a.enabled, defaultAction: a.defaultAction, priority: a.priority, config: a.config }))),
    }),
    ...(userProfile !== undefined && { userProfile: deepFreeze(userProfile) }),
    bindings: deepFreeze(stored.bindings),
    clients: deepFreeze(stored.clients),
    flows,
    builtInFlows: new Set(builtIn),
  });
}

