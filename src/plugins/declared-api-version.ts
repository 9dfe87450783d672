import { FlowgateError } from '../errors';
import { PLUGIN_API_VERSION } from '../spi/api-version';

/**
 * Refuses a plugin from outside the engine (the config's `plugins`, or an author's plugins in
 * `FlowHarness.fromFlows`) that does not say which plugin API it was written for. Only a version
 * the plugin itself declares can be checked: the kit it imports is the server's at run time, so
 * nothing it gets from there tells which kit it was written against. Whether a declared version
 * is compatible is the registry's check, the same for every plugin.
 */
export function requireDeclaredApiVersion(plugin: { readonly id?: unknown; readonly apiVersion?: unknown }, source: string): void {
  if (plugin.apiVersion !== undefined) return;
  throw new FlowgateError(
    'FG_PLUGIN_API_VERSION',
    `plugin '${String(plugin.id)}' from ${source} declares no apiVersion; add apiVersion: '${PLUGIN_API_VERSION}' ` +
      `(the plugin API it is written for, this Flowgate's is ${PLUGIN_API_VERSION}) to its definition`,
  );
}
