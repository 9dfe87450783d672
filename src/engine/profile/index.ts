/** The user profile: attribute schema, load-time checks, labels and the validator of submissions. */
export * from './profile-checks';
export * from './profile-labels';
export * from './profile-messages';
export * from './profile-schema';
export * from './profile-validator';
