/** Rate limiting: named GCRA limits over a pluggable store, and an express middleware per IP. */
export * from './gcra';
export * from './ip-key';
export * from './memory-rate-limit.store';
export * from './rate-limit';
export * from './rate-limit-by-ip.middleware';
export * from './rate-limit.store';
export * from './rate-limited.error';
export * from './rate-limiter.service';
export * from './realm-rate-limits';
