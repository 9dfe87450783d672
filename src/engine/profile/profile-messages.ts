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
