export * from './brute-force-settings';
export * from './brute-force.policy';
export * from './brute-force.protector';
export * from './brute-force.store';
export * from './memory-brute-force.store';
