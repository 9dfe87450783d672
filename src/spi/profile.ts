/**
 * The user profile of a realm, as the plugin contract names it: which attributes people have
 * beyond their email, their types, validation and labels (declared in the realm file's
 * `userProfile`), and the messages of its validation errors.
 */

/** The value types an attribute may have. Values are stored as strings either way. */
export const PROFILE_ATTRIBUTE_TYPES = ['string', 'email', 'number', 'boolean'] as const;
/** One of `PROFILE_ATTRIBUTE_TYPES`. */
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
/** One of `PROFILE_VIEWERS`. */
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

/**
 * Message keys of profile validation errors, for pages and for API clients. Their texts must not
 * need placeholders (a page's field error carries only the key); the `params` that go with some of
 * them (`min`, `max`) are for clients that phrase their own messages.
 */
export const PROFILE_MESSAGES = {
  /** A required value is missing (or a required box is not ticked). */
  required: 'error.profile.required',
  /** Shorter than `minLength`; params `{ min }`. */
  tooShort: 'error.profile.tooShort',
  /** Longer than `maxLength`; params `{ max }`. */
  tooLong: 'error.profile.tooLong',
  /** Does not match the attribute's `pattern`. */
  pattern: 'error.profile.pattern',
  /** Not one of the attribute's `enum` choices. */
  notAllowed: 'error.profile.notAllowed',
  /** Not an email address. */
  invalidEmail: 'error.profile.invalidEmail',
  /** Not a number. */
  invalidNumber: 'error.profile.invalidNumber',
  /** Below `min`; params `{ min }`. */
  tooSmall: 'error.profile.tooSmall',
  /** Above `max`; params `{ max }`. */
  tooLarge: 'error.profile.tooLarge',
  /** Neither yes nor no. */
  invalidBoolean: 'error.profile.invalidBoolean',
  /** Contains control characters or line breaks. */
  invalidCharacters: 'error.profile.invalidCharacters',
} as const;

/** One field's problem: a message key and the values its text may refer to. */
export interface ProfileFieldError {
  readonly key: (typeof PROFILE_MESSAGES)[keyof typeof PROFILE_MESSAGES];
  readonly params?: Readonly<Record<string, number>>;
}

/** What `validate` found: the values to store, or an error per field. */
export type ProfileValidation =
  | {
      readonly ok: true;
      /**
       * The normalised values by attribute name, ready for `UserService.setAttribute`: one value,
       * or none (`[]`) for an optional attribute left empty, which removes it.
       */
      readonly values: Readonly<Record<string, readonly string[]>>;
    }
  | {
      readonly ok: false;
      /** The first problem of each field that has one, by attribute name. */
      readonly errors: Readonly<Record<string, ProfileFieldError>>;
    };

/** Options of `validate`. */
export interface ProfileValidateOptions {
  /**
   * Check only the attributes present in the submission (an API's partial update). Default
   * `false`: every attribute of the profile is checked, and a missing one counts as empty.
   */
  readonly partial?: boolean;
}

/**
 * A realm's user profile as plugins see it (`ctx.profile`): its attributes, their labels and the
 * validator every write of the profile goes through. Keycloak's user profile, read-only.
 */
export interface UserProfile {
  /** The attributes, in form order. Email is not one of them: it is the account's identifier. */
  readonly attributes: readonly ProfileAttribute[];
  /**
   * The part of the profile the person may see (`permissions.view` includes `user`, or is left
   * out): what the account page shows and a profile form asks for and writes.
   */
  visibleToUser(): UserProfile;
  /**
   * Checks `submitted` (form values: strings; API clients may also send numbers and booleans for
   * attributes of those types). Strings are trimmed and NFC-normalised, emails normalised like
   * account emails, numbers written canonically, booleans as `true` / `false`. Only attributes
   * of the profile come out in `values`.
   */
  validate(submitted: Readonly<Record<string, unknown>>, options?: ProfileValidateOptions): ProfileValidation;
  /**
   * The label of `attribute` in `locale`: the locale's own, then its shorter forms (`de-CH` ->
   * `de`), then English, then any label it has, and at last its name: never empty.
   */
  label(attribute: ProfileAttribute, locale: string): string;
}
