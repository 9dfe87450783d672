import { ContainerModule } from 'inversify';
import { FlowExecutor, PluginRegistry } from '../../engine';
import { registerBuiltins } from '../../plugins/builtins';
import { loadExternalPlugins } from '../../plugins/external';
import { MemoryRateLimitStore, RateLimiter } from '../../ratelimit';
import { deriveKey } from '../../security';
import { TypeormBruteForceStore } from '../../store/brute-force.store';
import { engineOf } from '../../store/data-source';
import { TypeormRateLimitStore } from '../../store/rate-limit.store';
import { userSessionLookup } from '../../store/user-session.store';
import { StoreEngineServices } from '../engine-services';
import { TYPES } from '../tokens';

/** The engine: the plugins (built-in, then the config's), the services plugins get, rate limits and the executor. */
export const engineModule = new ContainerModule(({ bind }) => {
  bind(TYPES.PluginRegistry).toDynamicValue((c) => {
    const registry = new PluginRegistry();
    registerBuiltins(registry);
    loadExternalPlugins(c.get(TYPES.Config).plugins, registry);
    return registry;
  });
  // On PostgreSQL the nodes share one budget through the database; a SQLite node keeps it in
  // process. Keyed from the server secret, so processes sharing a store hash keys alike.
  bind(TYPES.RateLimiter).toDynamicValue((c) => {
    const dataSource = c.get(TYPES.DataSource);
    const store = engineOf(dataSource) === 'postgres' ? new TypeormRateLimitStore(dataSource) : new MemoryRateLimitStore();
    return new RateLimiter(store, c.get(TYPES.Clock), { keySecret: deriveKey(c.get(TYPES.ServerSecret), 'rate-limit') });
  });
  bind(TYPES.EngineServices).toDynamicValue((c) => {
    const config = c.get(TYPES.Config);
    const dataSource = c.get(TYPES.DataSource);
    return new StoreEngineServices({
      users: c.get(TYPES.UserStore),
      tokens: c.get(TYPES.TokenStore),
      events: c.get(TYPES.EventStore),
      limiter: c.get(TYPES.RateLimiter),
      sessions: userSessionLookup(c.get(TYPES.UserSessionStore)),
      outgoing: { mail: c.get(TYPES.MailService), publicUrl: config.publicUrl },
      bruteForce: { store: new TypeormBruteForceStore(dataSource), clock: c.get(TYPES.Clock) },
      secretKey: deriveKey(c.get(TYPES.ServerSecret), 'plugin-hash'),
      passkeys: c.get(TYPES.PasskeyStore),
    });
  });
  bind(TYPES.FlowExecutor).toDynamicValue((c) => {
    const config = c.get(TYPES.Config);
    const logger = c.get(TYPES.Logger);
    return new FlowExecutor({
      registry: c.get(TYPES.PluginRegistry),
      realms: c.get(TYPES.RealmStore),
      sessions: c.get(TYPES.AuthSessionStore),
      clock: c.get(TYPES.Clock),
      services: c.get(TYPES.EngineServices),
      ...(config.pluginTimeoutMs !== undefined && { pluginTimeoutMs: config.pluginTimeoutMs }),
      onPluginError: (err, where) => logger.error({ err, ...where }, 'a plugin failed'),
    });
  });
});
