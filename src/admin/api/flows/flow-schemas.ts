/** Request bodies of the flow and execution endpoints (their shapes; the loader checks the flow itself). */

/** A flow document: its shape is the flow schema's, checked by the loader with its own codes and paths. */
export const FLOW_DOCUMENT_SCHEMA = { type: 'object' } as const;
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
    execution: { type: 'object' },
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

