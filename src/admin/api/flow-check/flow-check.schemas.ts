/** The example user of `POST /realms/:realm/flows/:alias/check`. */
export interface FlowCheckBody {
  /** Whether the person has an account (default true). */
  readonly exists?: boolean;
  readonly email?: string;
  readonly emailVerified?: boolean;
  readonly attributes?: Record<string, string[]>;
  /** Required actions already pending on the account. */
  readonly requiredActions?: string[];
  /** Whether the browser already has a session of the realm: the `cookie` step then succeeds. */
  readonly hasSession?: boolean;
}

/** JSON Schema of `FlowCheckBody`. */
export const FLOW_CHECK_BODY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    exists: { type: 'boolean', description: 'Whether the person has an account in the realm (default true).' },
    email: { type: 'string', maxLength: 320 },
    emailVerified: { type: 'boolean' },
    attributes: {
      type: 'object',
      maxProperties: 100,
      additionalProperties: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 1000 } },
      description: 'Profile attributes, as conditions read them.',
    },
    requiredActions: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 200 }, description: 'Required actions pending on the account (ids).' },
    hasSession: { type: 'boolean', description: 'Whether the browser already has a session: the cookie step then succeeds.' },
  },
} as const;

/** JSON Schema of the `FlowCheck` answer (src/engine/explain). */
export const FLOW_CHECK_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['structure', 'steps', 'outcome', 'requiredActions', 'text'],
  properties: {
    structure: { type: 'string', description: "The flow's structure in words." },
    steps: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['execution', 'kind', 'name', 'result'],
        properties: {
          execution: { type: 'string' },
          kind: { enum: ['authenticator', 'condition'] },
          name: { type: 'string' },
          result: { enum: ['asks', 'decides', 'not-applicable', 'holds', 'does-not-hold', 'unknown-plugin', 'fails'] },
          insteadOf: { type: 'array', items: { type: 'string' } },
          detail: { type: 'string' },
        },
      },
    },
    outcome: { enum: ['success', 'failure'] },
    requiredActions: { type: 'array', items: { type: 'string' } },
    text: { type: 'string', description: 'All of the above as sentences.' },
  },
} as const;
