/** Flowgate's plugin contract: everything a plugin author needs, and nothing of the engine. */
export { PLUGIN_API_VERSION, type PluginApiVersion } from './api-version';
export * from './authenticator';
export * from './brute-force';
export * from './condition';
export * from './context';
export * from './outcome';
export * from './plugin';
export * from './required-action';
export * from './results';
export * from './schema';
export * from './services';
export * from './view';
export * from './fields';
export * from './email';
export { defineRateLimit, rateLimitProblem, MAX_RATE_LIMIT_WINDOW_SECONDS } from './rate-limit';
