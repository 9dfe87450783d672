export * from './flow-errors';
export * from './flow-executor';
export * from './form';
export * from './selector-view';
export * from './types';
export * from '../links/link-types';
