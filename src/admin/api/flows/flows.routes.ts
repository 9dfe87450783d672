import { Router, type Response } from 'express';
import { FlowgateError } from '../../../errors';
import type { AdminRealmSnapshot } from '../../../store/realm-admin.store';
import type { AdminApiDeps, AdminRouteGroup } from '../admin-deps';
import { handler } from '../admin-errors';
import { bodyValidator } from '../body-validator';
import { pathParam, realmParam } from '../params';
import { realmSnapshot } from '../realm-changes';
import { setVersion } from '../versions';
import { createFlow, deleteFlow, editFlow } from './flow-changes';
import { copyFlowDocument, describeUsage, flowTree, flowUsage, isUsed, requireFlow, takenAliases, type EditableFlow } from './flow-documents';
import { ALIAS_SCHEMA, FLOW_DOCUMENT_SCHEMA } from './flow-schemas';
import { FLOWS_OPENAPI } from './flows.openapi';

/**
 * Flows of a realm: list, get as a tree (ids, built-in status, version, usage), create, replace,
 * copy (the way to change a built-in flow), rename and delete (refused while the flow is bound,
 * overridden or referenced). Executions are edited by `executionsGroup`.
 */
export function flowsGroup(deps: AdminApiDeps): AdminRouteGroup {
  const validateFlow = bodyValidator<EditableFlow>(FLOW_DOCUMENT_SCHEMA);
  const validateAlias = bodyValidator<{ alias: string }>(ALIAS_SCHEMA);
  const r = Router();

  r.get(
    '/realms/:realm/flows',
    handler(async (req, res) => {
      const snapshot = await realmSnapshot(deps, realmParam(req));
      const flows = [...snapshot.def.flows.keys()].sort().map((alias) => {
        const { executions: _executions, ...summary } = flowTree(snapshot, alias);
        return summary;
      });
      res.json({ flows });
    }),
  );

  r.post(
    '/realms/:realm/flows',
    handler(async (req, res) => {
      const doc = validateFlow(req);
      const { after, alias } = await createFlow(deps, res, realmParam(req), 'flow.create', () => doc);
      sendTree(res, after, alias, 201);
    }),
  );

  r.get(
    '/realms/:realm/flows/:alias',
    handler(async (req, res) => {
      sendTree(res, await realmSnapshot(deps, realmParam(req)), pathParam(req, 'alias'));
    }),
  );

  r.put(
    '/realms/:realm/flows/:alias',
    handler(async (req, res) => {
      const alias = pathParam(req, 'alias');
      const doc = validateFlow(req);
      if (doc.alias !== alias) {
        throw new FlowgateError('FG_ADMIN_INVALID_BODY', `must be '${alias}', the flow's alias (rename with POST …/flows/${alias}/rename)`, { path: '/alias' });
      }
      const { after } = await editFlow(deps, req, res, { realm: realmParam(req), alias, action: 'flow.update', edit: () => doc });
      sendTree(res, after, alias);
    }),
  );

  r.post(
    '/realms/:realm/flows/:alias/copy',
    handler(async (req, res) => {
      const source = pathParam(req, 'alias');
      const { alias } = validateAlias(req);
      const created = await createFlow(deps, res, realmParam(req), 'flow.copy', (current) =>
        copyFlowDocument(requireFlow(current, source).doc, alias, takenAliases(current.def)),
      );
      sendTree(res, created.after, created.alias, 201);
    }),
  );

  r.post(
    '/realms/:realm/flows/:alias/rename',
    handler(async (req, res) => {
      const alias = pathParam(req, 'alias');
      const { alias: to } = validateAlias(req);
      const renamed = await editFlow(deps, req, res, {
        realm: realmParam(req),
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
    }),
  );

  r.delete(
    '/realms/:realm/flows/:alias',
    handler(async (req, res) => {
      await deleteFlow(deps, req, res, realmParam(req), pathParam(req, 'alias'));
      res.status(204).end();
    }),
  );

  return { router: r, openapi: FLOWS_OPENAPI };
}

/** Answers with the flow's tree and its version as ETag. */
export function sendTree(res: Response, snapshot: AdminRealmSnapshot, alias: string, status = 200): void {
  const tree = flowTree(snapshot, alias);
  setVersion(res, tree.version);
  res.status(status).json(tree);
}
