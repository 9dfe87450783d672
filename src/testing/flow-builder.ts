import type { Requirement } from '../spi/context';
import { type BindingSlot, type ClientDefinition, type Execution, type FlowNode, type RealmDefinition, type RealmSettings, type RequiredActionSettings, clientWithDefaults, sortRequiredActions } from '../engine';

/**
 * A tiny builder for resolved flows and realms in tests, without JSON files or the loader:
 *
 * ```ts
 * const browser = flow('browser', [
 *   alternative('cookie'),
 *   alternative(flow('forms', [required('identify-email'), required(flow('methods', [alternative('magic-link'), alternative('email-otp')]))])),
 * ]);
 * const realm = buildRealm({ flows: [browser] }); // binds `browser` to the first flow
 * ```
 *
 * Execution ids follow the loader's form `<flow alias>/<key>`; the key is the plugin id or the
 * sub-flow's alias unless `key` is given (needed when one plugin appears twice in a flow).
 * The builder checks nothing: build what the loader would accept.
 */

/** An execution waiting for the flow it goes in, which gives it its id. */
export interface ExecutionSpec {
  /** Builds the execution inside the flow `parentAlias`. */
  readonly build: (parentAlias: string) => Execution;
}

/** Options of one execution. */
export interface ExecutionOptions {
  /** Id suffix; defaults to the plugin id or sub-flow alias. */
  readonly key?: string;
  /** The execution's config, as it would be written in the flow JSON. */
  readonly config?: Record<string, unknown>;
  /** Sub-flows only: the flow JSON's `askFirst` (the step before it asks which alternative runs first). */
  readonly askFirst?: boolean;
}

/** A flow (or sub-flow) with these executions, in order. */
export function flow(alias: string, executions: readonly ExecutionSpec[], description?: string): FlowNode {
  return { alias, ...(description !== undefined && { description }), executions: executions.map((e) => e.build(alias)) };
}

/** An execution (authenticator by plugin id, or a sub-flow) with a requirement. */
export function execution(requirement: Requirement, target: string | FlowNode, options: ExecutionOptions = {}): ExecutionSpec {
  return {
    build: (parentAlias) => {
      const id = `${parentAlias}/${options.key ?? (typeof target === 'string' ? target : target.alias)}`;
      if (typeof target !== 'string') return { kind: 'flow', id, requirement, flow: target, ...(options.askFirst === true && { askFirst: true }) };
      return { kind: 'authenticator', id, requirement, provider: target, config: options.config };
    },
  };
}

/** A REQUIRED authenticator or sub-flow. */
export const required = (target: string | FlowNode, options?: ExecutionOptions): ExecutionSpec => execution('REQUIRED', target, options);
/** An ALTERNATIVE authenticator or sub-flow. */
export const alternative = (target: string | FlowNode, options?: ExecutionOptions): ExecutionSpec => execution('ALTERNATIVE', target, options);
/** A DISABLED authenticator or sub-flow. */
export const disabled = (target: string | FlowNode, options?: ExecutionOptions): ExecutionSpec => execution('DISABLED', target, options);
/** A CONDITIONAL sub-flow (put its conditions in it with `condition`). */
export const conditional = (subFlow: FlowNode, options?: ExecutionOptions): ExecutionSpec => execution('CONDITIONAL', subFlow, options);

/** A condition execution (REQUIRED unless `requirement: 'DISABLED'`), for a CONDITIONAL sub-flow. */
export function condition(provider: string, options: ExecutionOptions & { requirement?: 'REQUIRED' | 'DISABLED' } = {}): ExecutionSpec {
  return {
    build: (parentAlias) => ({
      kind: 'condition',
      id: `${parentAlias}/${options.key ?? provider}`,
      requirement: options.requirement ?? 'REQUIRED',
      provider,
      config: options.config,
    }),
  };
}

/**
 * A client for `buildRealm`: its `clientId`, and any other option of `ClientDefinition`
 * (`redirectUris`, `flowOverrides`, `type`, ...); every option left out takes the realm schema's default.
 */
export interface ClientInput extends Partial<Omit<ClientDefinition, 'clientId'>> {
  readonly clientId: string;
}

/** What `buildRealm` makes a realm of. */
export interface RealmInput {
  /** Default `test`. */
  readonly name?: string;
  /** Top-level flows; the first is bound to `browser` unless `bindings` says otherwise. */
  readonly flows: readonly FlowNode[];
  readonly bindings?: Partial<Record<BindingSlot, string>>;
  readonly clients?: readonly ClientInput[];
  /** Overrides of the defaults (1800 s login timeout, `en`, `["en", "de"]`). */
  readonly settings?: Partial<RealmSettings>;
  /**
   * The required actions the realm enables, as its realm file's `requiredActions` would: an id,
   * and optionally `priority` (default 100), `defaultAction` (default false), `enabled` (default
   * true) and `config`. None by default.
   */
  readonly requiredActions?: readonly RequiredActionInput[];
}

/** One required action of `buildRealm`'s realm: its id, and what differs from the defaults. */
export type RequiredActionInput = Pick<RequiredActionSettings, 'id'> & Partial<Omit<RequiredActionSettings, 'id'>>;

/** A resolved realm from flows, with the loader's defaults for everything left out. */
export function buildRealm(input: RealmInput): RealmDefinition {
  const name = input.name ?? 'test';
  return {
    name,
    displayName: name,
    settings: { loginTimeoutSeconds: 1800, defaultLocale: 'en', supportedLocales: ['en', 'de'], ...input.settings },
    bindings: input.bindings ?? (input.flows[0] ? { browser: input.flows[0].alias } : {}),
    clients: (input.clients ?? []).map((c) => clientWithDefaults(c)),
    flows: new Map(input.flows.map((f) => [f.alias, f])),
    builtInFlows: new Set(),
    ...(input.requiredActions && {
      requiredActions: sortRequiredActions(
        input.requiredActions.map((a) => ({ enabled: true, defaultAction: false, priority: 100, config: undefined, ...a })),
      ),
    }),
  };
}
