import { deepFreeze } from '../../json/deep-freeze';
import type { ProfileAttribute } from '../../spi/profile';

export {
  DEFAULT_PROFILE_MAX_LENGTH,
  
  
  
  type ProfileAttribute,
  type ProfileAttributeType,
  type ProfileAttributeValidation,
  type ProfilePermissions,
  type ProfileViewer,
} from '../../spi/profile';

/**
 * The user profile of a realm: which attributes people have beyond their email, their types,
 * validation and labels. Declared in the realm file (`userProfile`); the update-profile action
 * renders its form from it and the `ProfileValidator` checks what people (and, later, admins)
 * submit against it.
 */

/** Whether the person may see `attribute` (and so is shown it and asked for it): its `permissions.view` includes `user`, or it has none. */
export function viewableByUser(attribute: ProfileAttribute): boolean {
  return attribute.permissions?.view?.includes('user') ?? true;
}

/** A realm's user profile. */
export interface UserProfileConfig {
  /** Every attribute, in form order. Email is not one of them: it is the account's identifier. */
  readonly attributes: readonly ProfileAttribute[];
}

/**
 * The profile of a realm whose file says nothing: first and last name, both required, as in
 * Keycloak. They are required because the only reason to show the profile form is to collect them;
 * a realm that wants them optional (or not at all) writes its own `userProfile`. The realm schema's
 * description of `userProfile` states this default in words; a test checks this one against the schema.
 */
export const DEFAULT_USER_PROFILE: UserProfileConfig = deepFreeze<UserProfileConfig>({
  attributes: [
    { name: 'firstName', type: 'string', required: true, validation: { maxLength: 100 }, label: { en: 'First name', de: 'Vorname' } },
    { name: 'lastName', type: 'string', required: true, validation: { maxLength: 100 }, label: { en: 'Last name', de: 'Nachname' } },
  ],
});
