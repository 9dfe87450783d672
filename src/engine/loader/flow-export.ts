import type { Execution, FlowNode, RealmDefinition } from '../model';
import type { UserProfileConfig } from '../profile/profile-schema';
import { exportClient } from './client-settings';
import type { ExecutionDocument, FlowDocument, WrittenRealmDocument } from './flow-document';

/**
 * The JSON format back from the model: what the admin API exports and what a loaded realm looks
 * like as documents. Loading the result gives the same model again.
 */

/**
 * A flow file's document for `flow`. A sub-flow whose alias is one of `flowFiles` is written as a
 * reference; an execution's `alias` is written only where its id's last segment is not the
 * default key.
 */
export function exportFlow(flow: FlowNode, flowFiles: ReadonlySet<string> | ReadonlyMap<string, unknown>): FlowDocument {
  const doc: FlowDocument = { alias: flow.alias, executions: flow.executions.map((e) => exportExecution(e, flowFiles)) };
  return flow.description === undefined ? doc : { alias: doc.alias, description: flow.description, executions: doc.executions };
}

function exportExecution(e: Execution, flowFiles: ReadonlySet<string> | ReadonlyMap<string, unknown>): ExecutionDocument {
  const key = e.id.slice(e.id.lastIndexOf('/') + 1);
  let doc: { -readonly [K in keyof ExecutionDocument]: ExecutionDocument[K] };
  if (e.kind === 'flow') {
    doc = { flow: flowFiles.has(e.flow.alias) ? e.flow.alias : exportFlow(e.flow, flowFiles), requirement: e.requirement };
    if (key !== e.flow.alias) doc.alias = key;
    if (e.askFirst === true) doc.askFirst = true;
  } else {
    doc = e.kind === 'authenticator' ? { authenticator: e.provider, requirement: e.requirement } : { condition: e.provider, requirement: e.requirement };
    if (e.config !== undefined) doc.config = structuredClone(e.config);
    if (key !== e.provider) doc.alias = key;
  }
  return doc;
}

/**
 * A realm file's document for `realm`: settings, required actions and user profile written out in
 * full, clients without the options at their defaults.
 */
export function exportRealm(realm: RealmDefinition): WrittenRealmDocument {
  return {
    realm: realm.name,
    displayName: realm.displayName,
    settings: { ...realm.settings, supportedLocales: [...realm.settings.supportedLocales] },
    bindings: { ...realm.bindings } as Record<string, string>,
    clients: realm.clients.map(exportClient),
    requiredActions: Object.fromEntries(
      (realm.requiredActions ?? []).map((a) => [
        a.id,
        {
          enabled: a.enabled,
          defaultAction: a.defaultAction,
          priority: a.priority,
          ...(a.config !== undefined && { config: structuredClone(a.config) as Record<string, unknown> }),
        },
      ]),
    ),
    ...(realm.userProfile && { userProfile: structuredClone(realm.userProfile) as UserProfileConfig }),
  };
}
