import type { AdminRouteGroup } from '../admin-deps';
import { IF_MATCH, jsonBody, pathParameter, ref, responses } from '../openapi';
import { ADD_SCHEMA, ALIAS_SCHEMA, MOVE_SCHEMA, PATCH_SCHEMA } from './flow-schemas';

const REALM = pathParameter('realm', 'The realm name');
const ALIAS = pathParameter('alias', "The flow's alias");
const EXECUTION = pathParameter('execution', "The execution's id (`<alias>/<key>/…`), URL-encoded");
const TREE = (status = 200, description = 'The flow as a tree') => ({ status, description, schema: ref('FlowTree'), versioned: true });
const FLOW_FILE = { type: 'object', description: 'A flow in the format of `flows/*.json` (flow.schema.json).' };

/** OpenAPI of the flows group. */
export const FLOWS_OPENAPI: AdminRouteGroup['openapi'] = {
  paths: {
    '/realms/{realm}/flows': {
      get: {
        tags: ['flows'],
        summary: "The realm's flows: alias, description, built-in status, version and usage",
        parameters: [REALM],
        responses: responses({ description: 'The flows', schema: { type: 'object', properties: { flows: { type: 'array', items: ref('FlowSummary') } } } }, 404),
      },
      post: {
        tags: ['flows'],
        summary: 'Creates a flow, checked as if it were a new file in flows/',
        parameters: [REALM],
        requestBody: jsonBody(FLOW_FILE),
        responses: responses(TREE(201, 'The new flow'), 404, 409),
      },
    },
    '/realms/{realm}/flows/{alias}': {
      get: { tags: ['flows'], summary: 'A flow as a tree with execution ids', parameters: [REALM, ALIAS], responses: responses(TREE(), 404) },
      put: {
        tags: ['flows'],
        summary: 'Replaces a flow (not built-in) with a new document of the same alias',
        parameters: [REALM, ALIAS, IF_MATCH],
        requestBody: jsonBody(FLOW_FILE),
        responses: responses(TREE(), 404, 409, 428),
      },
      delete: {
        tags: ['flows'],
        summary: 'Deletes a flow (not built-in, not bound, overridden or referenced)',
        parameters: [REALM, ALIAS, IF_MATCH],
        responses: responses({ status: 204, description: 'Deleted' }, 404, 409, 428),
      },
    },
    '/realms/{realm}/flows/{alias}/copy': {
      post: {
        tags: ['flows'],
        summary: 'Copies a flow (built-in ones too) under a new alias; its inline sub-flows get new aliases',
        parameters: [REALM, ALIAS],
        requestBody: jsonBody(ALIAS_SCHEMA),
        responses: responses(TREE(201, 'The copy'), 404, 409),
      },
    },
    '/realms/{realm}/flows/{alias}/rename': {
      post: {
        tags: ['flows'],
        summary: 'Renames a flow that nothing uses (its execution ids change with it)',
        parameters: [REALM, ALIAS, IF_MATCH],
        requestBody: jsonBody(ALIAS_SCHEMA),
        responses: responses(TREE(200, 'The renamed flow'), 404, 409, 428),
      },
    },
  },
  schemas: {
    FlowUsage: {
      type: 'object',
      properties: {
        bindings: { type: 'array', items: { type: 'string' } },
        clients: { type: 'array', items: { type: 'object', properties: { clientId: { type: 'string' }, slot: { type: 'string' } } } },
        flows: { type: 'array', items: { type: 'string' } },
      },
    },
    FlowSummary: {
      type: 'object',
      properties: { alias: { type: 'string' }, description: { type: 'string' }, builtIn: { type: 'boolean' }, version: { type: 'integer' }, usage: ref('FlowUsage') },
    },
    ExecutionNode: {
      type: 'object',
      required: ['id', 'requirement'],
      properties: {
        id: { type: 'string' },
        authenticator: { type: 'string' },
        condition: { type: 'string' },
        flow: { oneOf: [{ type: 'string', description: 'A referenced flow (edited there)' }, ref('FlowNode')] },
        requirement: { enum: ['REQUIRED', 'ALTERNATIVE', 'CONDITIONAL', 'DISABLED'] },
        config: { type: 'object' },
        alias: { type: 'string' },
      },
    },
    FlowNode: {
      type: 'object',
      properties: { alias: { type: 'string' }, description: { type: 'string' }, executions: { type: 'array', items: ref('ExecutionNode') } },
    },
    FlowTree: {
      allOf: [
        ref('FlowNode'),
        { type: 'object', properties: { builtIn: { type: 'boolean' }, version: { type: 'integer' }, usage: ref('FlowUsage') } },
      ],
    },
  },
};

/** OpenAPI of the executions group. */
export const EXECUTIONS_OPENAPI: AdminRouteGroup['openapi'] = {
  paths: {
    '/realms/{realm}/flows/{alias}/executions': {
      post: {
        tags: ['flows'],
        summary: 'Adds an authenticator, condition or sub-flow (an execution of the file format) at a position',
        parameters: [REALM, ALIAS, IF_MATCH],
        requestBody: jsonBody(ADD_SCHEMA),
        responses: responses(TREE(), 404, 409, 428),
      },
    },
    '/realms/{realm}/flows/{alias}/executions/{execution}': {
      patch: {
        tags: ['flows'],
        summary: "Sets an execution's requirement and/or config",
        parameters: [REALM, ALIAS, EXECUTION, IF_MATCH],
        requestBody: jsonBody(PATCH_SCHEMA),
        responses: responses(TREE(), 404, 409, 428),
      },
      delete: { tags: ['flows'], summary: 'Removes an execution', parameters: [REALM, ALIAS, EXECUTION, IF_MATCH], responses: responses(TREE(), 404, 409, 428) },
    },
    '/realms/{realm}/flows/{alias}/executions/{execution}/move': {
      post: {
        tags: ['flows'],
        summary: 'Moves an execution to another position among its siblings',
        parameters: [REALM, ALIAS, EXECUTION, IF_MATCH],
        requestBody: jsonBody(MOVE_SCHEMA),
        responses: responses(TREE(), 404, 409, 428),
      },
    },
  },
};
