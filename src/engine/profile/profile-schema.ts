import { deepFreeze } from '../../json/deep-freeze';

/**
 * The user profile of a realm: which attributes people have beyond their email, their types,
 * validation and labels. Declared in the realm file (`userProfile`); the update-profile action
 * renders its form from it and the `ProfileValidator` checks what people (and, later, admins)
 * submit against it.
 */

/** The value types an attribute may have. Values are stored as strings either way. */
export const PROFILE_ATTRIBUTE_TYPES = ['string', 'email', 'number', 'boolean'] as const;
export type ProfileAttributeType = (typeof PROFILE_ATTRIBUTE_TYPES)[number];

/** Longest value any attribute may hold, whatever its `maxLength` says (characters). */
export const MAX_PROFILE_VALUE_LENGTH = 2048;

/** `maxLength` of `string` attributes that set none. */
export const DEFAULT_PROFILE_MAX_LENGTH = 255;

/**
 * What an attribute's values must satisfy. `minLength`, `maxLength` (characters, counted as code
 * points), `pattern` (a JavaScript regular expression that must match the whole value, `u` flag)
 * and `enum` apply to `string` attributes (`minLength`/`maxLength` also to `email`); `min` and
 * `max` to `number` attributes. Anything else is a load-time error.
 */
export interface ProfileAttributeValidation {
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly enum?: readonly string[];
  readonly min?: number;
  readonly max?: number;
}

/**
 * Who may see an attribute's value (Keycloak's user-profile `permissions.view` roles): `user`, the
 * person whose attribute it is; `admin`, administrators, who see every attribute through the admin
 * API whatever the list says (the value is accepted so Keycloak-shaped lists read as they do there).
 */
export const PROFILE_VIEWERS = ['admin', 'user'] as const;
export type ProfileViewer = (typeof PROFILE_VIEWERS)[number];

/** What may be done with an attribute, by whom (Keycloak's user-profile `permissions`, `view` only). */
export interface ProfilePermissions {
  /** Who sees the value. Left out: everyone (`["admin", "user"]`). */
  readonly view?: readonly ProfileViewer[];
}

/** One attribute of the profile, defaults filled in. */
export interface ProfileAttribute {
  /** The attribute's name on the user and its form field name, e.g. `firstName`. */
  readonly name: string;
  readonly type: ProfileAttributeType;
  /**
   * Whether a profile submission must give a value. For a `boolean` it must be `true` (an "I
   * agree" box). Creating a user without a profile (a magic link to a new address) is not a
   * profile submission: such users get their profile through the update-profile action.
   */
  readonly required: boolean;
  readonly validation: ProfileAttributeValidation;
  /** The field's label by locale, e.g. `{ "en": "First name", "de": "Vorname" }`. */
  readonly label: Readonly<Record<string, string>>;
  /**
   * Who may see it. Left out, the person sees it (as in Keycloak's default profile): on the
   * account page and on the update-profile form. An attribute the person may not view is on
   * neither, so only administrators set it.
   */
  readonly permissions?: ProfilePermissions;
}

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

/**
 * Names no profile attribute may have (compared without regard to case). They are the account's
 * own fields, attributes the engine and the built-in actions write themselves (a profile field of
 * that name would let people set them, e.g. fake having accepted the terms), and the login form's
 * own control fields.
 */
export const RESERVED_PROFILE_NAMES: readonly string[] = Object.freeze([
  'id',
  'realm',
  'email',
  'emailVerified',
  'enabled',
  'username',
  'password',
  'createdAt',
  'attributes',
  'requiredActions',
  'termsAcceptedVersion',
  'termsAcceptedAt',
  'csrf',
  'step',
  'execution',
  'tabId',
  'tab_id',
]);

const RESERVED_LOWER = new Set(RESERVED_PROFILE_NAMES.map((n) => n.toLowerCase()));

/** Whether `name` is reserved (see `RESERVED_PROFILE_NAMES`). */
export function isReservedProfileName(name: string): boolean {
  return RESERVED_LOWER.has(name.toLowerCase());
}

