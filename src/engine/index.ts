/** The engine: flow model, planner, executor and the ports it needs. */
export * from './auth-session';
export * from './clock';
export * from './executor';
export * from './flow-tree';
export * from './memory';
export * from './model';
export * from './planner';
export * from './plugin-registry';
export * from './ports';
export * from './try-another-way';
