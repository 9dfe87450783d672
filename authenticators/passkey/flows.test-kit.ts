import { defineAuthenticator, EMPTY_CONFIG_SCHEMA, success } from '../../src/plugin-kit';

/** A stand-in for a mail proof that may sit beside the passkey (`test-proof`): always succeeds. */
export const MAIL_PROOF = defineAuthenticator({
  apiVersion: '1.5',
  id: 'test-proof',
  amr: 'email',
  failureReasons: [],
  displayName: 'Proof',
  helpText: 'Succeeds.',
  requirements: ['REQUIRED', 'ALTERNATIVE'],
  requiresUser: false,
  configSchema: EMPTY_CONFIG_SCHEMA,
  authenticate: () => success(),
});

/** A flow file for `FlowHarness.fromFlows`. */
export const flowFile = (alias: string, executions: unknown[]) => ({ file: `${alias}.json`, text: JSON.stringify({ alias, executions }) });
