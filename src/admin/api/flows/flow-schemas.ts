import { ref } from '../openapi';

/** Request bodies of the flow and execution endpoints (their shapes; the loader checks the flow itself). */

/** A flow document: its shape is the flow schema's, checked by the loader with its own codes and paths. */
export const FLOW_DOCUMENT_SCHEMA = { type: 'object', description: 'A flow in the format of `flows/*.json` (flow.schema.json).' } as const;
/** A new alias (copy, rename); the flow schema's pattern. */
export const ALIAS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['alias'],
  properties: { alias: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 64 } },
} as const;

const POSITION = { type: 'integer', minimum: 0, maximum: 1000 } as const;
/** `POST …/executions`. */
export const ADD_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['execution'],
  properties: {
    parent: { type: 'string', minLength: 1, description: "Id of the inline sub-flow to add to; default the flow's top level." },
    position: { ...POSITION, description: 'Index among the siblings; default last.' },
    // An execution of the flow file format; the flow schema (through the loader) checks it.
    execution: { type: 'object', description: 'An execution of the flow file format: authenticator, condition, or sub-flow inline or by reference.' },
  },
} as const;
/** `PATCH …/executions/{id}`. */
export const PATCH_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    requirement: { type: 'string' },
    config: { type: ['object', 'null'], description: 'The new config; null removes it (the plugin defaults apply).' },
  },
} as const;
/** `POST …/executions/{id}/move`. */
export const MOVE_SCHEMA = { type: 'object', additionalProperties: false, required: ['position'], properties: { position: POSITION } } as const;

const USAGE = {
  type: 'object',
  additionalProperties: false,
  required: ['bindings', 'clients', 'flows'],
  description: 'Where a flow is used: such a flow can be neither deleted nor renamed.',
  properties: {
    bindings: { type: 'array', items: { type: 'string' }, description: 'Realm slots bound to it.' },
    clients: {
      type: 'array',
      description: 'Client overrides naming it.',
      items: { type: 'object', additionalProperties: false, required: ['clientId', 'slot'], properties: { clientId: { type: 'string' }, slot: { type: 'string' } } },
    },
    flows: { type: 'array', items: { type: 'string' }, description: 'Other flows referencing it as a sub-flow.' },
  },
};

const TREE_PROPERTIES = {
  alias: { type: 'string' },
  description: { type: 'string' },
  executions: { type: 'array', items: ref('ExecutionNode') },
};
const STATUS_PROPERTIES = {
  builtIn: { type: 'boolean', description: 'Built-in flows (from the flows directory) are read-only: copy one to change it.' },
  version: { type: 'integer', description: "The flow's version (also its ETag): send it as If-Match with every edit." },
  usage: ref('FlowUsage'),
};

/** The response schemas of the flows and executions groups. */
export const FLOW_RESPONSE_SCHEMAS = {
  FlowUsage: USAGE,
  FlowSummary: {
    type: 'object',
    additionalProperties: false,
    required: ['alias', 'builtIn', 'version', 'usage'],
    properties: { alias: { type: 'string' }, description: { type: 'string' }, ...STATUS_PROPERTIES },
  },
  FlowList: { type: 'object', additionalProperties: false, required: ['flows'], properties: { flows: { type: 'array', items: ref('FlowSummary') } } },
  ExecutionNode: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'requirement'],
    description: 'An execution of the flow file format plus its id.',
    properties: {
      id: { type: 'string', description: 'The execution\'s id, `<flow alias>/<key>/…`: address it by this in execution edits.' },
      authenticator: { type: 'string' },
      condition: { type: 'string' },
      flow: { oneOf: [{ type: 'string', description: 'A referenced flow (edited there)' }, ref('FlowNode')] },
      requirement: ref('Requirement'),
      config: { type: 'object' },
      alias: { type: 'string', description: "The execution's key, when it is not its plugin id or sub-flow alias." },
      askFirst: { type: 'boolean', description: 'Sub-flows only: the step before it asks which of its alternatives to run first (the flow file format\'s `askFirst`).' },
    },
  },
  FlowNode: { type: 'object', additionalProperties: false, required: ['alias', 'executions'], description: 'An inline sub-flow with execution ids.', properties: TREE_PROPERTIES },
  FlowTree: {
    type: 'object',
    additionalProperties: false,
    required: ['alias', 'executions', 'builtIn', 'version', 'usage'],
    description: 'A flow as a tree with execution ids, its status and version.',
    properties: { ...TREE_PROPERTIES, ...STATUS_PROPERTIES },
  },
};
