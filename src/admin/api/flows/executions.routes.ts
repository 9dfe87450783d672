import { Router, type Request } from 'express';
import { FlowgateError } from '../../../errors';
import type { AdminApiDeps, AdminRouteGroup } from '../admin-deps';
import { handler } from '../admin-errors';
import { bodyValidator } from '../body-validator';
import { pathParam, realmParam } from '../params';
import { editFlow, type FlowEdit } from './flow-changes';
import { childList, locateExecution, type EditableExecution, type EditableFlow } from './flow-documents';
import { ADD_SCHEMA, MOVE_SCHEMA, PATCH_SCHEMA } from './flow-schemas';
import { EXECUTIONS_OPENAPI } from './flows.openapi';
import { sendTree } from './flows.routes';

/**
 * Executions of a flow, addressed by id (`<alias>/<key>/…`, URL-encoded in the path): add an
 * authenticator, condition or sub-flow at a position, set the requirement or config, move among
 * siblings, remove. Every edit is a versioned flow save (`editFlow`): If-Match the flow's ETag,
 * built-in flows refused, the result checked by the loader and refused with its codes and JSON
 * paths into the flow document. Each answers with the flow's tree.
 */
export function executionsGroup(deps: AdminApiDeps): AdminRouteGroup {
  const validateAdd = bodyValidator<{ parent?: string; position?: number; execution: EditableExecution }>(ADD_SCHEMA);
  const validatePatch = bodyValidator<{ requirement?: EditableExecution['requirement']; config?: Record<string, unknown> | null }>(PATCH_SCHEMA);
  const validateMove = bodyValidator<{ position: number }>(MOVE_SCHEMA);
  const r = Router();

  const edit = (action: string, change: (req: Request) => FlowEdit['edit']) =>
    handler(async (req, res) => {
      const alias = pathParam(req, 'alias');
      const edited = await editFlow(deps, req, res, { realm: realmParam(req), alias, action, edit: change(req) });
      sendTree(res, edited.after, edited.alias);
    });

  r.post(
    '/realms/:realm/flows/:alias/executions',
    edit('execution.add', (req) => {
      const body = validateAdd(req);
      return (doc) => {
        const list = childList(doc, body.parent ?? doc.alias);
        const position = checkPosition(body.position ?? list.length, list.length);
        list.splice(position, 0, body.execution);
        return doc;
      };
    }),
  );

  r.patch(
    '/realms/:realm/flows/:alias/executions/:execution',
    edit('execution.update', (req) => {
      const body = validatePatch(req);
      const id = pathParam(req, 'execution');
      return (doc) => {
        const { list, index } = locateExecution(doc, id);
        const execution = { ...list[index]! };
        if (body.requirement !== undefined) execution.requirement = body.requirement;
        if (body.config === null) delete execution.config;
        else if (body.config !== undefined) execution.config = body.config;
        list[index] = execution;
        return doc;
      };
    }),
  );

  r.post(
    '/realms/:realm/flows/:alias/executions/:execution/move',
    edit('execution.move', (req) => {
      const { position } = validateMove(req);
      const id = pathParam(req, 'execution');
      return (doc) => {
        const { list, index } = locateExecution(doc, id);
        const [execution] = list.splice(index, 1);
        list.splice(checkPosition(position, list.length), 0, execution!);
        return doc;
      };
    }),
  );

  r.delete(
    '/realms/:realm/flows/:alias/executions/:execution',
    edit('execution.remove', (req) => {
      const id = pathParam(req, 'execution');
      return (doc: EditableFlow) => {
        const { list, index } = locateExecution(doc, id);
        list.splice(index, 1);
        return doc;
      };
    }),
  );

  return { router: r, openapi: EXECUTIONS_OPENAPI };
}

/** A position among `length` siblings (0 to `length`), else 400 at `/position`. */
function checkPosition(position: number, length: number): number {
  if (position > length) throw new FlowgateError('FG_ADMIN_INVALID_BODY', `must be at most ${length}`, { path: '/position' });
  return position;
}

