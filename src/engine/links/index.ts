/** Links back into a sign-in: issued by plugins, inspected and confirmed through the executor. */
export * from './link-service';
export * from './link-url';
export * from './link-types';
