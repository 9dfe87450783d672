import fs from 'node:fs';
import path from 'node:path';
import type { PluginDefinition, PluginRegistry } from '../engine';
import { FlowgateError } from '../errors';
import { requireDeclaredApiVersion } from './declared-api-version';

/**
 * Loads plugins that live outside this repository, from the server config's `plugins` list. Each
 * entry is a path (absolute, or relative to `cwd`) or an npm package name. The module exports its
 * plugins as `plugins` (an array), as its default export (an array or one plugin), or is itself an
 * array. Every plugin carries its `kind`: `authenticator`, `condition` or `required-action`, and
 * the `apiVersion` it is written for.
 */
export function loadExternalPlugins(specs: readonly string[], registry: PluginRegistry, cwd = process.cwd()): void {
  for (const spec of specs) {
    for (const plugin of pluginsOf(requirePlugin(spec, cwd), spec)) {
      requireDeclaredApiVersion(plugin, spec);
      registry.register(plugin, spec);
    }
  }
}

function requirePlugin(spec: string, cwd: string): unknown {
  const isPath = spec.startsWith('.') || path.isAbsolute(spec);
  const target = isPath ? path.resolve(cwd, spec) : spec;
  try {
    // Resolved from the server's working directory, so a package installed next to the config is found.
    return require(require.resolve(target, { paths: [cwd] }));
  } catch (err) {
    throw new FlowgateError('FG_PLUGIN_LOAD_FAILED', `plugin '${spec}': ${typeScriptHint(target, err) ?? (err as Error).message}`, undefined, { cause: err });
  }
}

/**
 * For a plugin that exists only as TypeScript (what a plugin author has before compiling), the
 * fix instead of Node's "Cannot find module": the server runs JavaScript and does not compile.
 */
function typeScriptHint(target: string, err: unknown): string | undefined {
  if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND' || !path.isAbsolute(target)) return undefined;
  const source = [`${target}.ts`, path.join(target, 'index.ts')].find((file) => fs.existsSync(file));
  const compiled = [`${target}.js`, path.join(target, 'index.js')].some((file) => fs.existsSync(file));
  return source === undefined || compiled ? undefined : `${source} is TypeScript, and plugins are loaded as JavaScript: compile it first (for example with tsc, next to its sources)`;
}

function pluginsOf(mod: unknown, spec: string): PluginDefinition[] {
  const exported = mod as { plugins?: unknown; default?: unknown } | unknown[] | null;
  const candidates: unknown =
    Array.isArray(exported) ? exported : (exported?.plugins ?? exported?.default ?? undefined);
  const list = Array.isArray(candidates) ? candidates : candidates === undefined ? [] : [candidates];
  if (list.length === 0) {
    throw new FlowgateError('FG_PLUGIN_INVALID', `plugin module '${spec}' exports no plugins (export an array named 'plugins')`);
  }
  for (const item of list) {
    const kind = (item as { kind?: unknown } | null)?.kind;
    if (kind !== 'authenticator' && kind !== 'condition' && kind !== 'required-action') {
      throw new FlowgateError('FG_PLUGIN_INVALID', `plugin module '${spec}' exports an entry without a valid 'kind'`);
    }
  }
  return list as PluginDefinition[];
}
