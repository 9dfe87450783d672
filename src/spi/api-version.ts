/**
 * The version of the plugin contract, `major.minor`. The minor number grows when the contract gains
 * something (a new context service, a new optional hook) and old plugins keep working; the major
 * number grows when something a plugin may rely on changes or goes. The engine loads a plugin built
 * for the same major version and an equal or lower minor one, and refuses any other at boot.
 */
export const PLUGIN_API_VERSION = '1.0';

/** A plugin API version as plugins declare it: `major.minor`, e.g. `1.0`. */
export type PluginApiVersion = `${number}.${number}`;

/**
 * The definition with its `apiVersion` filled in with this engine's when it declares none: a plugin
 * declared through `define*()` says it was built against the contract it was compiled with.
 * Returns a copy; the argument is left as it is.
 */
export function withApiVersion<D extends { readonly apiVersion?: PluginApiVersion }>(definition: D): D {
  return definition.apiVersion === undefined ? { ...definition, apiVersion: PLUGIN_API_VERSION } : definition;
}
