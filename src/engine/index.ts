/**
 * The engine, as the rest of Flowgate sees it: the flow model and its loader, the planner and the
 * executor, links, required actions, the user profile, brute-force protection, the flow check,
 * and the ports the store implements. Code outside `src/engine/` imports the engine from here
 * only (the import test enforces it), so what is inside may move freely.
 */
export * from './auth-session';
export * from './brute-force';
export * from './clock';
export * from './executor';
export * from './explain';
export * from './flow-tree';
export * from './links';
export * from './loader';
export * from './memory';
export * from './model';
export * from './planner';
export * from './plugin-registry';
export * from './ports';
export * from './profile';
export * from './required-actions';
export * from './try-another-way';
export { approvedOutOfBand } from './executor/link-steps';
export * from './passkeys';
