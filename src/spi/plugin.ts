import type { AuthenticatorDefinition } from './authenticator';
import type { ConditionDefinition } from './condition';
import type { RequiredActionDefinition } from './required-action';

/** The three kinds of plugin. */
export type PluginKind = 'authenticator' | 'condition' | 'required-action';

/**
 * Any plugin definition, tagged with its kind: what a plugin module exports in its `plugins`
 * array and what the engine registers. `defineAuthenticator`, `defineCondition` and
 * `defineRequiredAction` set `kind`, so their results go in the list as they are.
 */
export type PluginDefinition =
  | (AuthenticatorDefinition<any> & { readonly kind: 'authenticator' })
  | (ConditionDefinition<any> & { readonly kind: 'condition' })
  | (RequiredActionDefinition<any> & { readonly kind: 'required-action' });
