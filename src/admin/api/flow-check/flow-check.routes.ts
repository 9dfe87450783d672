import { FlowgateError } from '../../../errors';
import { checkFlow, type ExampleUser } from '../../../engine';
import { REALM_PARAM, realmSnapshot, ref, requestBody, route, type AdminRouteGroup } from '../kit';
import { FLOW_CHECK_BODY_SCHEMA, FLOW_CHECK_SCHEMA, type FlowCheckBody } from './flow-check.schemas';

/**
 * The flow check (`checkFlow`, src/engine/explain): which steps of a flow run for an example user,
 * so an admin sees the effect of a change before binding the flow. Reads only; stores and sends
 * nothing, so it is not audited.
 */
export const flowCheckGroup: AdminRouteGroup = {
  tag: 'flows',
  routes: [
    route({
      method: 'post',
      path: '/realms/:realm/flows/:alias/check',
      summary: 'Which steps of a flow run for an example user, and the flow in words (stores and sends nothing)',
      params: { realm: REALM_PARAM, alias: "The flow's alias" },
      request: requestBody<FlowCheckBody>('FlowCheckExample', FLOW_CHECK_BODY_SCHEMA),
      response: { description: 'The check', schema: ref('FlowCheck') },
      errors: ['FG_UNKNOWN_REALM', 'FG_ADMIN_FLOW_NOT_FOUND'],
      async handler({ deps, res, params, body }) {
        const snapshot = await realmSnapshot(deps, params.realm);
        const flow = snapshot.def.flows.get(params.alias);
        if (!flow) throw new FlowgateError('FG_ADMIN_FLOW_NOT_FOUND', `flow '${params.alias}' in realm '${snapshot.def.name}'`);
        const { hasSession, ...example } = body;
        const check = await checkFlow({
          realm: snapshot.def,
          flow,
          registry: deps.registry,
          example: example as ExampleUser,
          // A browser with a session is the one case the cookie step decides by itself with success.
          ...(hasSession === true && { assume: { cookie: 'success' as const } }),
          // The sign-in's own time limit, so a plugin that would time out there times out here.
          ...(deps.config.pluginTimeoutMs !== undefined && { pluginTimeoutMs: deps.config.pluginTimeoutMs }),
        });
        res.json(check);
      },
    }),
  ],
  schemas: { FlowCheck: FLOW_CHECK_SCHEMA },
};
