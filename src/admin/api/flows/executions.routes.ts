import { FlowgateError } from '../../../errors';
import { LOADER_CODES, REALM_PARAM, ref, requestBody, route, type AdminRouteGroup, type QuerySpec, type RouteContext } from '../kit';
import { editFlow, type FlowEdit } from './flow-changes';
import { childList, locateExecution, type EditableExecution } from './flow-documents';
import { ADD_SCHEMA, MOVE_SCHEMA, PATCH_SCHEMA } from './flow-schemas';
import { sendTree } from './flows.routes';

const PARAMS = { realm: REALM_PARAM, alias: "The flow's alias" };
const EXECUTION_PARAMS = { ...PARAMS, execution: "The execution's id (`<alias>/<key>/…`), URL-encoded" };
const TREE = { description: 'The flow as a tree', schema: ref('FlowTree'), etag: true } as const;
const ERRORS = ['FG_UNKNOWN_REALM', 'FG_ADMIN_FLOW_NOT_FOUND', 'FG_ADMIN_FLOW_BUILT_IN', 'FG_ADMIN_EXECUTION_NOT_FOUND', ...LOADER_CODES] as const;

/**
 * Executions of a flow, addressed by id (`<alias>/<key>/…`, URL-encoded in the path): add an
 * authenticator, condition or sub-flow at a position, set the requirement or config, move among
 * siblings, remove. Every edit is a versioned flow save (`editFlow`): If-Match the flow's ETag,
 * built-in flows refused, the result checked by the loader and refused with its codes and JSON
 * paths into the flow document. Each answers with the flow's tree.
 */
export const executionsGroup: AdminRouteGroup = {
  tag: 'flows',
  routes: [
    route({
      method: 'post',
      path: '/realms/:realm/flows/:alias/executions',
      summary: 'Adds an authenticator, condition or sub-flow (an execution of the file format) at a position',
      params: PARAMS,
      request: requestBody<{ parent?: string; position?: number; execution: EditableExecution }>('ExecutionAdd', ADD_SCHEMA),
      response: TREE,
      ifMatch: 'required',
      errors: ERRORS,
      async handler(ctx) {
        const { body } = ctx;
        await edit(ctx, 'execution.add', (doc) => {
          const list = childList(doc, body.parent ?? doc.alias);
          list.splice(checkPosition(body.position ?? list.length, list.length), 0, body.execution);
          return doc;
        });
      },
    }),
    route({
      method: 'patch',
      path: '/realms/:realm/flows/:alias/executions/:execution',
      summary: "Sets an execution's requirement and/or config",
      params: EXECUTION_PARAMS,
      request: requestBody<{ requirement?: EditableExecution['requirement']; config?: Record<string, unknown> | null }>('ExecutionPatch', PATCH_SCHEMA),
      response: TREE,
      ifMatch: 'required',
      errors: ERRORS,
      async handler(ctx) {
        const { body, params } = ctx;
        await edit(ctx, 'execution.update', (doc) => {
          const { list, index } = locateExecution(doc, params.execution);
          const execution = { ...list[index]! };
          if (body.requirement !== undefined) execution.requirement = body.requirement;
          if (body.config === null) delete execution.config;
          else if (body.config !== undefined) execution.config = body.config;
          list[index] = execution;
          return doc;
        });
      },
    }),
    route({
      method: 'post',
      path: '/realms/:realm/flows/:alias/executions/:execution/move',
      summary: 'Moves an execution to another position among its siblings',
      params: EXECUTION_PARAMS,
      request: requestBody<{ position: number }>('ExecutionMove', MOVE_SCHEMA),
      response: TREE,
      ifMatch: 'required',
      errors: ERRORS,
      async handler(ctx) {
        const { body, params } = ctx;
        await edit(ctx, 'execution.move', (doc) => {
          const { list, index } = locateExecution(doc, params.execution);
          const [execution] = list.splice(index, 1);
          list.splice(checkPosition(body.position, list.length), 0, execution!);
          return doc;
        });
      },
    }),
    route({
      method: 'delete',
      path: '/realms/:realm/flows/:alias/executions/:execution',
      summary: 'Removes an execution',
      params: EXECUTION_PARAMS,
      response: TREE,
      ifMatch: 'required',
      errors: ERRORS,
      async handler(ctx) {
        await edit(ctx, 'execution.remove', (doc) => {
          const { list, index } = locateExecution(doc, ctx.params.execution);
          list.splice(index, 1);
          return doc;
        });
      },
    }),
  ],
};

/** Saves the flow of the URL as `change` edits it, and answers its tree. */
async function edit(ctx: RouteContext<unknown, QuerySpec, '/:realm/:alias'>, action: string, change: FlowEdit['edit']): Promise<void> {
  const { deps, req, res, params } = ctx;
  const edited = await editFlow(deps, req, res, { realm: params.realm, alias: params.alias, action, edit: change });
  sendTree(res, edited.after, edited.alias);
}

/** A position among `length` siblings (0 to `length`), else 400 at `/position`. */
function checkPosition(position: number, length: number): number {
  if (position > length) throw new FlowgateError('FG_ADMIN_INVALID_BODY', `must be at most ${length}`, { path: '/position' });
  return position;
}
