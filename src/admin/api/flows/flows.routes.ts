import type { Response } from 'express';
import { FlowgateError } from '../../../errors';
import type { AdminRealmSnapshot } from '../../../store/realm-admin.store';
import { LOADER_CODES, REALM_PARAM, realmSnapshot, ref, requestBody, route, setVersion, type AdminRouteGroup } from '../kit';
import { createFlow, deleteFlow, editFlow } from './flow-changes';
import { copyFlowDocument, describeUsage, flowTree, flowUsage, isUsed, requireFlow, takenAliases, type EditableFlow } from './flow-documents';
import { ALIAS_SCHEMA, FLOW_DOCUMENT_SCHEMA, FLOW_RESPONSE_SCHEMAS } from './flow-schemas';

const FLOW_DOCUMENT = requestBody<EditableFlow>('FlowDocument', FLOW_DOCUMENT_SCHEMA);
const NEW_ALIAS = requestBody<{ alias: string }>('FlowAlias', ALIAS_SCHEMA);
const FLOW_PARAMS = { realm: REALM_PARAM, alias: "The flow's alias" };
const TREE = { schema: ref('FlowTree'), etag: true } as const;

/**
 * Flows of a realm: list, get as a tree (ids, built-in status, version, usage), create, replace,
 * copy (the way to change a built-in flow), rename and delete (refused while the flow is bound,
 * overridden or referenced). Executions are edited by `executionsGroup`.
 */
export const flowsGroup: AdminRouteGroup = {
  tag: 'flows',
  routes: [
    route({
      method: 'get',
      path: '/realms/:realm/flows',
      summary: "The realm's flows: alias, description, built-in status, version and usage",
      params: { realm: REALM_PARAM },
      response: { description: 'The flows', schema: ref('FlowList') },
      errors: ['FG_UNKNOWN_REALM'],
      async handler({ deps, res, params }) {
        const snapshot = await realmSnapshot(deps, params.realm);
        const flows = [...snapshot.def.flows.keys()].sort().map((alias) => {
          const { executions: _executions, ...summary } = flowTree(snapshot, alias);
          return summary;
        });
        res.json({ flows });
      },
    }),
    route({
      method: 'post',
      path: '/realms/:realm/flows',
      summary: 'Creates a flow, checked as if it were a new file in flows/',
      params: { realm: REALM_PARAM },
      request: FLOW_DOCUMENT,
      response: { status: 201, description: 'The new flow', ...TREE },
      errors: ['FG_UNKNOWN_REALM', 'FG_ADMIN_FLOW_EXISTS', ...LOADER_CODES],
      async handler({ deps, res, params, body }) {
        const { after, alias } = await createFlow(deps, res, params.realm, 'flow.create', () => body);
        sendTree(res, after, alias, 201);
      },
    }),
    route({
      method: 'get',
      path: '/realms/:realm/flows/:alias',
      summary: 'A flow as a tree with execution ids',
      params: FLOW_PARAMS,
      response: { description: 'The flow as a tree', ...TREE },
      errors: ['FG_UNKNOWN_REALM', 'FG_ADMIN_FLOW_NOT_FOUND'],
      async handler({ deps, res, params }) {
        sendTree(res, await realmSnapshot(deps, params.realm), params.alias);
      },
    }),
    route({
      method: 'put',
      path: '/realms/:realm/flows/:alias',
      summary: 'Replaces a flow (not built-in) with a new document of the same alias',
      params: FLOW_PARAMS,
      request: FLOW_DOCUMENT,
      response: { description: 'The flow as a tree', ...TREE },
      ifMatch: 'required',
      errors: ['FG_UNKNOWN_REALM', 'FG_ADMIN_FLOW_NOT_FOUND', 'FG_ADMIN_FLOW_BUILT_IN', ...LOADER_CODES],
      async handler({ deps, req, res, params: { realm, alias }, body }) {
        if (body.alias !== alias) {
          throw new FlowgateError('FG_ADMIN_INVALID_BODY', `must be '${alias}', the flow's alias (rename with POST …/flows/${alias}/rename)`, { path: '/alias' });
        }
        const { after } = await editFlow(deps, req, res, { realm, alias, action: 'flow.update', edit: () => body });
        sendTree(res, after, alias);
      },
    }),
    route({
      method: 'post',
      path: '/realms/:realm/flows/:alias/copy',
      summary: 'Copies a flow (built-in ones too) under a new alias; its inline sub-flows get new aliases',
      params: FLOW_PARAMS,
      request: NEW_ALIAS,
      response: { status: 201, description: 'The copy', ...TREE },
      errors: ['FG_UNKNOWN_REALM', 'FG_ADMIN_FLOW_NOT_FOUND', 'FG_ADMIN_FLOW_EXISTS', ...LOADER_CODES],
      async handler({ deps, res, params, body }) {
        const created = await createFlow(deps, res, params.realm, 'flow.copy', (current) =>
          copyFlowDocument(requireFlow(current, params.alias).doc, body.alias, takenAliases(current.def)),
        );
        sendTree(res, created.after, created.alias, 201);
      },
    }),
    route({
      method: 'post',
      path: '/realms/:realm/flows/:alias/rename',
      summary: 'Renames a flow that nothing uses (its execution ids change with it)',
      params: FLOW_PARAMS,
      request: NEW_ALIAS,
      response: { description: 'The renamed flow', ...TREE },
      ifMatch: 'required',
      errors: ['FG_UNKNOWN_REALM', 'FG_ADMIN_FLOW_NOT_FOUND', 'FG_ADMIN_FLOW_BUILT_IN', 'FG_ADMIN_FLOW_IN_USE', 'FG_ADMIN_FLOW_EXISTS', ...LOADER_CODES],
      async handler({ deps, req, res, params: { realm, alias }, body: { alias: to } }) {
        const renamed = await editFlow(deps, req, res, {
          realm,
          alias,
          action: 'flow.rename',
          edit: (doc, current) => {
            const usage = flowUsage(current.def, alias);
            if (isUsed(usage)) throw new FlowgateError('FG_ADMIN_FLOW_IN_USE', `${describeUsage(usage)}; a rename would break that`);
            if (to !== alias && current.def.flows.has(to)) throw new FlowgateError('FG_ADMIN_FLOW_EXISTS', `flow '${to}'`);
            return { ...doc, alias: to };
          },
        });
        sendTree(res, renamed.after, renamed.alias);
      },
    }),
    route({
      method: 'delete',
      path: '/realms/:realm/flows/:alias',
      summary: 'Deletes a flow (not built-in, not bound, overridden or referenced)',
      params: FLOW_PARAMS,
      response: { status: 204, description: 'Deleted' },
      ifMatch: 'required',
      errors: ['FG_UNKNOWN_REALM', 'FG_ADMIN_FLOW_NOT_FOUND', 'FG_ADMIN_FLOW_BUILT_IN', 'FG_ADMIN_FLOW_IN_USE', ...LOADER_CODES],
      async handler({ deps, req, res, params }) {
        await deleteFlow(deps, req, res, params.realm, params.alias);
        res.status(204).end();
      },
    }),
  ],
  schemas: FLOW_RESPONSE_SCHEMAS,
};

/** Answers with the flow's tree and its version as ETag. */
export function sendTree(res: Response, snapshot: AdminRealmSnapshot, alias: string, status = 200): void {
  const tree = flowTree(snapshot, alias);
  setVersion(res, tree.version);
  res.status(status).json(tree);
}
