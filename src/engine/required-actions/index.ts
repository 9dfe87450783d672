/** Required actions: the runner between a successful flow and the user session, and the realm's action settings. */
export * from './action-events';
export * from './action-outcome-check';
export * from './realm-actions';
export * from './required-action-run';
