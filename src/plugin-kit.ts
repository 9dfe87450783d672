/**
 * Flowgate's plugin kit, published as `flowgate/plugin-kit`: the one entry point a plugin package
 * imports. It holds the plugin contract (the `define*()` functions, outcomes, views, config
 * schemas, the context and its services, `PLUGIN_API_VERSION`) and what a plugin's tests need (the
 * in-memory flow harness, the flow builder, fake contexts, a manual clock). Nothing else of the
 * engine is part of the contract: import only from here. docs/plugins.md documents every export.
 */

// The contract.
export * from './spi';

// Running flows with a plugin in memory.
export { FlowHarness, HarnessLogin, type FlowHarnessOptions, type HarnessPlugin } from './testing/flow-harness';
export {
  alternative,
  buildRealm,
  condition,
  conditional,
  disabled,
  execution,
  flow,
  required,
  type ClientInput,
  type ExecutionOptions,
  type ExecutionSpec,
  type RealmInput,
  type RequiredActionInput,
} from './testing/flow-builder';
export { testAllow } from './testing/test-plugins';
export type { RecordedEvent } from './testing/memory-services';
export { InMemoryPasskeys } from './testing/in-memory-passkeys';

// Calling one handler with a fake context.
export {
  createAuthenticatorContext,
  createConditionContext,
  createRequiredActionContext,
  createTriggerContext,
  FIXED_NOW,
  InMemoryMail,
  InMemoryNotes,
  InMemoryTokens,
  InMemoryUsers,
  ManualClock,
  resolvePluginConfig,
  sibling,
  TEST_PUBLIC_URL,
  type FakeAuthenticatorContext,
  type FakeConditionContext,
  type FakeContextOptions,
  type FakeExtras,
  type FakeRequiredActionContext,
  type FakeTriggerContext,
  type RecordedCalls,
  type SentMail,
  type UserSeed,
} from './testing/plugin-context';
