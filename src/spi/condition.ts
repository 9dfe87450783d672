import type { PluginApiVersion } from './api-version';
import type { ConditionContext } from './context';
import type { ConfigSchema } from './schema';

/**
 * A condition: decides whether the CONDITIONAL sub-flow it sits in runs. All enabled conditions of
 * a sub-flow must match for it to run as REQUIRED; otherwise it is skipped (Keycloak).
 * Conditions may only be REQUIRED or DISABLED and only appear in CONDITIONAL sub-flows.
 */
export interface ConditionDefinition<C = Record<string, unknown>> {
  /** The plugin API version this plugin was written for, as a literal (`'1.0'`); required of external plugins (see `AuthenticatorDefinition.apiVersion`). */
  readonly apiVersion?: PluginApiVersion;
  /** Stable kebab-case id used in flow JSON, e.g. `condition-user-attribute`. */
  readonly id: string;
  /** Human name shown in the admin UI. */
  readonly displayName: string;
  /** What it checks, for admins. */
  readonly helpText: string;
  /** Whether it needs an identified user; without one it does not match. */
  readonly requiresUser: boolean;
  /** JSON Schema of its config, defaults inside. */
  readonly configSchema: ConfigSchema;
  /** Whether the condition holds now. Re-evaluated on every pass, as the flow's state changes. */
  matches(ctx: ConditionContext<C>): boolean | Promise<boolean>;
}

/** Declares a condition: gives the object its type, so it is checked where it is written. Returns a copy tagged `kind: 'condition'`. */
export function defineCondition<C = Record<string, unknown>>(definition: ConditionDefinition<C>): ConditionDefinition<C> & { readonly kind: 'condition' } {
  return { ...definition, kind: 'condition' };
}
