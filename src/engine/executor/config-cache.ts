import type { PluginRegistry, RegisteredPlugin } from '../plugin-registry';

/** Something that carries a plugin config as written: an execution, or a realm's required-action settings. */
export interface Configured {
  readonly config: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Each execution's (or required action's) resolved config (validated, defaults filled in, frozen),
 * computed once. Keyed by the object itself: a realm's flows and settings are immutable once
 * loaded, and a reloaded realm has new objects, so they are resolved afresh and old entries are
 * garbage-collected.
 */
export class ConfigCache {
  private readonly configs = new WeakMap<Configured, Readonly<Record<string, unknown>>>();

  constructor(private readonly registry: PluginRegistry) {}

  /** The config of `owner` for `plugin`, or `undefined` when its schema refuses it. */
  get(plugin: RegisteredPlugin<unknown>, owner: Configured): Readonly<Record<string, unknown>> | undefined {
    const cached = this.configs.get(owner);
    if (cached) return cached;
    const resolved = this.registry.resolveConfig(plugin, owner.config);
    if (!resolved.ok) return undefined;
    this.configs.set(owner, resolved.config);
    return resolved.config;
  }
}
