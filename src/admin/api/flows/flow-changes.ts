import type { Request, Response } from 'express';
import { exportRealm, type FlowDocument, validateFlowSave } from '../../../engine';
import { FlowgateError } from '../../../errors';
import type { AdminRealmSnapshot } from '../../../store/realm-admin.store';
import { flowFileName, flowFiles, loadRealmDocuments } from '../../realm-documents';
import type { AdminApiDeps } from '../admin-deps';
import { resourcePath } from '../params';
import { principalOf } from '../principal';
import { expectedVersion } from '../versions';
import { describeUsage, editable, flowUsage, isUsed, requireFlow, type EditableFlow } from './flow-documents';

/**
 * Every flow save of the admin API, in one transaction each: the flow must exist (404), be the
 * admins' own (409 `FG_ADMIN_FLOW_BUILT_IN`: copy a built-in flow to change it) and be at the
 * version `If-Match` names (428 / 409). The new document then goes through `validateFlowSave`, the
 * loader's own checks against the realm's other flows and bindings, so a save is refused with the
 * codes and JSON paths (into the flow document) that loading it from `flows/` would give. Flows
 * that reference the saved one are rewritten with it. Every save is audited with the flow's
 * document before and after.
 */

/** A change to an existing flow: `edit` gets an editable copy and returns the document to save. */
export interface FlowEdit {
  readonly realm: string;
  readonly alias: string;
  /** Audit action, e.g. `flow.update`, `execution.add`. */
  readonly action: string;
  edit(doc: EditableFlow, current: AdminRealmSnapshot): EditableFlow;
}

/** Applies a `FlowEdit`; returns the realm after it and the flow's alias then (a rename changes it). */
export async function editFlow(deps: AdminApiDeps, req: Request, res: Response, change: FlowEdit): Promise<{ after: AdminRealmSnapshot; alias: string }> {
  const expected = expectedVersion(req);
  const { after, result } = await deps.realmAdmin.change(change.realm, (current) => {
    const file = requireFlow(current, change.alias);
    if (file.builtIn) throw new FlowgateError('FG_ADMIN_FLOW_BUILT_IN', `'${change.alias}' comes from the flows directory`);
    if (file.version !== expected) throw new FlowgateError('FG_ADMIN_VERSION_CONFLICT', `flow '${change.alias}' is at version ${file.version}`);
    const doc = change.edit(editable(file.doc), current);
    const def = validateFlowSave(current.def, doc, deps.registry, { file: flowFileName(change.alias), replaces: change.alias });
    return { def, result: { before: file.doc, alias: doc.alias } };
  });
  await audit(deps, res, change.realm, change.action, change.alias, result.before, requireFlow(after, result.alias).doc);
  return { after, alias: result.alias };
}

/** Saves a new flow (create, copy); 409 `FG_ADMIN_FLOW_EXISTS` when a flow has its alias. */
export async function createFlow(deps: AdminApiDeps, res: Response, realm: string, action: string, make: (current: AdminRealmSnapshot) => EditableFlow | FlowDocument): Promise<{ after: AdminRealmSnapshot; alias: string }> {
  const { after, result: alias } = await deps.realmAdmin.change(realm, (current) => {
    const doc = make(current);
    const alias = typeof doc.alias === 'string' ? doc.alias : '';
    if (current.def.flows.has(alias)) throw new FlowgateError('FG_ADMIN_FLOW_EXISTS', `flow '${alias}'`);
    return { def: validateFlowSave(current.def, doc, deps.registry, { file: flowFileName(alias || 'flow') }), result: alias };
  });
  await audit(deps, res, realm, action, alias, undefined, requireFlow(after, alias).doc);
  return { after, alias };
}

/** Deletes an admin-made flow that nothing uses (409 `FG_ADMIN_FLOW_IN_USE` otherwise). */
export async function deleteFlow(deps: AdminApiDeps, req: Request, res: Response, realm: string, alias: string): Promise<void> {
  const expected = expectedVersion(req);
  const { result: before } = await deps.realmAdmin.change(realm, (current) => {
    const file = requireFlow(current, alias);
    if (file.builtIn) throw new FlowgateError('FG_ADMIN_FLOW_BUILT_IN', `'${alias}' comes from the flows directory and comes back at the next start`);
    if (file.version !== expected) throw new FlowgateError('FG_ADMIN_VERSION_CONFLICT', `flow '${alias}' is at version ${file.version}`);
    const usage = flowUsage(current.def, alias);
    if (isUsed(usage)) throw new FlowgateError('FG_ADMIN_FLOW_IN_USE', describeUsage(usage));
    const others = [...flowFiles(current.def)].filter(([other]) => other !== alias).map(([, f]) => f);
    return { def: loadRealmDocuments(exportRealm(current.def), others, deps.registry), result: file.doc };
  });
  await audit(deps, res, realm, 'flow.delete', alias, before, undefined);
}

async function audit(deps: AdminApiDeps, res: Response, realm: string, action: string, alias: string, before: unknown, after: unknown): Promise<void> {
  await deps.audit.record({
    actor: principalOf(res),
    action,
    resource: resourcePath('realms', realm, 'flows', alias),
    realm,
    ...(before !== undefined && { before }),
    ...(after !== undefined && { after }),
  });
}
