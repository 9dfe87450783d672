import { Router } from 'express';
import { FlowgateError } from '../../../errors';
import { checkFlow, type ExampleUser } from '../../../engine';
import type { AdminApiDeps, AdminRouteGroup } from '../admin-deps';
import { handler } from '../admin-errors';
import { bodyValidator } from '../body-validator';
import { jsonBody, pathParameter, ref, responses } from '../openapi';
import { pathParam, realmParam } from '../params';
import { realmSnapshot } from '../realm-changes';
import { FLOW_CHECK_BODY_SCHEMA, FLOW_CHECK_SCHEMA, type FlowCheckBody } from './flow-check.schemas';

/**
 * The flow check (`checkFlow`, src/engine/explain): which steps of a flow run for an example user,
 * so an admin sees the effect of a change before binding the flow. Reads only; stores and sends
 * nothing, so it is not audited.
 */
export function flowCheckGroup(deps: AdminApiDeps): AdminRouteGroup {
  const validate = bodyValidator<FlowCheckBody>(FLOW_CHECK_BODY_SCHEMA);
  const r = Router();

  r.post(
    '/realms/:realm/flows/:alias/check',
    handler(async (req, res) => {
      const body = validate(req);
      const snapshot = await realmSnapshot(deps, realmParam(req));
      const alias = pathParam(req, 'alias');
      const flow = snapshot.def.flows.get(alias);
      if (!flow) throw new FlowgateError('FG_ADMIN_FLOW_NOT_FOUND', `flow '${alias}' in realm '${snapshot.def.name}'`);
      const { hasSession, ...example } = body;
      const check = await checkFlow({
        realm: snapshot.def,
        flow,
        registry: deps.registry,
        example: example as ExampleUser,
        // A browser with a session is the one case the cookie step decides by itself with success.
        ...(hasSession === true && { assume: { cookie: 'success' as const } }),
      });
      res.json(check);
    }),
  );

  return {
    router: r,
    openapi: {
      paths: {
        '/realms/{realm}/flows/{alias}/check': {
          post: {
            tags: ['flows'],
            summary: 'Which steps of a flow run for an example user, and the flow in words (stores and sends nothing)',
            parameters: [pathParameter('realm', 'The realm name'), pathParameter('alias', "The flow's alias")],
            requestBody: jsonBody(ref('FlowCheckExample')),
            responses: responses({ description: 'The check', schema: ref('FlowCheck') }, 404),
          },
        },
      },
      schemas: { FlowCheckExample: FLOW_CHECK_BODY_SCHEMA, FlowCheck: FLOW_CHECK_SCHEMA },
    },
  };
}
