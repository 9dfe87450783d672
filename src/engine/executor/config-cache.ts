import type { Execution } from '../model';
import type { PluginRegistry, RegisteredPlugin } from '../plugin-registry';

/**
 * Each execution's resolved config (validated, defaults filled in, frozen), computed once. Keyed by
 * the execution object itself: a realm's flows are immutable once loaded, and a reloaded realm has
 * new objects, so its executions are resolved afresh and old entries are garbage-collected.
 */
export class ConfigCache {
  private readonly configs = new WeakMap<Execution, Readonly<Record<string, unknown>>>();

  constructor(private readonly registry: PluginRegistry) {}

  /** The config of `execution` for `plugin`, or `undefined` when its schema refuses it. */
  get(plugin: RegisteredPlugin<unknown>, execution: Execution & { config: Readonly<Record<string, unknown>> | undefined }): Readonly<Record<string, unknown>> | undefined {
    const cached = this.configs.get(execution);
    if (cached) return cached;
    const resolved = this.registry.resolveConfig(plugin, execution.config);
    if (!resolved.ok) return undefined;
    this.configs.set(execution, resolved.config);
    return resolved.config;
  }
}
