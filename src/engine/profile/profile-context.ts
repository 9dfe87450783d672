import type { UserProfileConfig } from './profile-schema';
import { ProfileValidator } from './profile-validator';

/**
 * How a plugin reaches its realm's user profile. The plugin context has no member for it yet, so
 * the engine hands the profile over beside the context: the required-action runner calls
 * `provideUserProfile(ctx, ...)` before it calls a plugin, and the plugin asks
 * `userProfileOf(ctx)`. A context the engine did not provide for (a unit test's fake context)
 * gets the default profile unless the test provides one.
 */
const provided = new WeakMap<object, ProfileValidator>();
const compiled = new WeakMap<UserProfileConfig, ProfileValidator>();
let defaultValidator: ProfileValidator | undefined;

/** The validator of `profile` (the default profile when absent), compiled once per profile object. */
export function profileValidatorFor(profile: UserProfileConfig | undefined): ProfileValidator {
  if (profile === undefined) return (defaultValidator ??= new ProfileValidator());
  let validator = compiled.get(profile);
  if (!validator) compiled.set(profile, (validator = new ProfileValidator(profile)));
  return validator;
}

/** Makes `profile` the one `userProfileOf(ctx)` returns. */
export function provideUserProfile(ctx: object, profile: ProfileValidator): void {
  provided.set(ctx, profile);
}

/** The user profile of the realm `ctx` runs in (the default profile when none was provided). */
export function userProfileOf(ctx: object): ProfileValidator {
  return provided.get(ctx) ?? profileValidatorFor(undefined);
}
