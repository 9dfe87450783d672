/**
 * The version of the plugin contract, `major.minor`. The minor number grows when the contract gains
 * something (a new context service, a new optional hook) and old plugins keep working; the major
 * number grows when something a plugin may rely on changes or goes. The engine loads a plugin built
 * for the same major version and an equal or lower minor one, and refuses any other at boot.
 *
 * A plugin declares the version it was written for as a literal (`apiVersion: '1.0'`), not by
 * referring to this constant: a plugin package has Flowgate as a peer dependency, so at run time
 * this constant is always the loading server's own and would say nothing about the plugin.
 */
export const PLUGIN_API_VERSION = '1.6';

/** A plugin API version as plugins declare it: `major.minor`, e.g. `1.0`. */
export type PluginApiVersion = `${number}.${number}`;
