import { isValidEmail, MAX_EMAIL_LENGTH, normalizeEmail } from '../../spi/email';
import {
  DEFAULT_PROFILE_MAX_LENGTH,
  MAX_PROFILE_VALUE_LENGTH,
  PROFILE_MESSAGES,
  type ProfileAttribute,
  type ProfileFieldError,
  type ProfileValidateOptions,
  type ProfileValidation,
  type UserProfile,
} from '../../spi/profile';
import { isReservedAttributeName } from '../../spi/reserved-attributes';
import { profileLabel } from './profile-labels';
import { DEFAULT_USER_PROFILE, viewableByUser, type UserProfileConfig } from './profile-schema';

export type { ProfileValidateOptions, ProfileValidation } from '../../spi/profile';

// Control characters, line and paragraph separators, and bidi overrides/isolates (which make a
// name display as something else): never part of a one-line profile value.
const FORBIDDEN_CHARACTERS = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;
const NUMBER_SYNTAX = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const TRUE_VALUES = new Set(['true', 'on', '1']);
const FALSE_VALUES = new Set(['', 'false', 'off', '0']);

type Checked = { readonly value: string | undefined } | { readonly error: ProfileFieldError };

/**
 * Checks profile submissions against a realm's user profile: the update-profile form, and the
 * admin API's writes. Only attributes of the profile come out in `values`: anything else submitted
 * is ignored, so no form can set an attribute the profile does not declare. Build one per profile
 * (patterns are compiled once) and reuse it.
 */
export class ProfileValidator implements UserProfile {
  /** The profile's attributes, in form order. */
  readonly attributes: readonly ProfileAttribute[];
  private readonly patterns = new Map<string, RegExp>();
  private userFacing: ProfileValidator | undefined;

  /**
   * @param profile a profile with defaults filled in and checked by `checkUserProfile`. A reserved
   * attribute is left out even so (a realm stored before a name was reserved), so no form or
   * admin write through the profile can set one.
   */
  constructor(profile: UserProfileConfig = DEFAULT_USER_PROFILE) {
    this.attributes = profile.attributes.filter((attribute) => !isReservedAttributeName(attribute.name));
    for (const attribute of this.attributes) {
      const pattern = attribute.validation.pattern;
      if (pattern !== undefined) this.patterns.set(attribute.name, wholeValuePattern(pattern));
    }
  }

  /**
   * The part of the profile the person may see (`viewableByUser`), as its own validator: what the
   * account page shows and the update-profile form asks for and writes. Itself when that is all of it.
   */
  visibleToUser(): ProfileValidator {
    this.userFacing ??= this.attributes.every(viewableByUser) ? this : new ProfileValidator({ attributes: this.attributes.filter(viewableByUser) });
    return this.userFacing;
  }

  /** The label of `attribute` in `locale` (see `profileLabel`). */
  label(attribute: ProfileAttribute, locale: string): string {
    return profileLabel(attribute, locale);
  }

  /**
   * Checks `submitted` (form values: strings; API clients may also send numbers and booleans for
   * attributes of those types). Strings are trimmed and NFC-normalised, emails normalised like
   * account emails, numbers written canonically, booleans as `true` / `false`.
   */
  validate(submitted: Readonly<Record<string, unknown>>, options: ProfileValidateOptions = {}): ProfileValidation {
    const values: Record<string, readonly string[]> = {};
    const errors: Record<string, ProfileFieldError> = {};
    for (const attribute of this.attributes) {
      const present = Object.hasOwn(submitted, attribute.name);
      if (options.partial && !present) continue;
      const checked = this.check(attribute, present ? submitted[attribute.name] : undefined);
      if ('error' in checked) errors[attribute.name] = checked.error;
      else values[attribute.name] = checked.value === undefined ? [] : [checked.value];
    }
    return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, values };
  }

  private check(attribute: ProfileAttribute, raw: unknown): Checked {
    switch (attribute.type) {
      case 'boolean':
        return checkBoolean(attribute, raw);
      case 'number':
        return checkNumber(attribute, raw);
      case 'email':
        return this.checkText(attribute, raw, true);
      case 'string':
        return this.checkText(attribute, raw, false);
    }
  }

  private checkText(attribute: ProfileAttribute, raw: unknown, email: boolean): Checked {
    if (raw !== undefined && raw !== null && typeof raw !== 'string') return fail(email ? PROFILE_MESSAGES.invalidEmail : PROFILE_MESSAGES.invalidCharacters);
    const text = (raw ?? '').normalize('NFC').trim();
    if (text === '') return attribute.required ? fail(PROFILE_MESSAGES.required) : { value: undefined };
    if (FORBIDDEN_CHARACTERS.test(text)) return fail(PROFILE_MESSAGES.invalidCharacters);
    const rules = attribute.validation;
    const length = [...text].length;
    const max = Math.min(rules.maxLength ?? (email ? MAX_EMAIL_LENGTH : DEFAULT_PROFILE_MAX_LENGTH), MAX_PROFILE_VALUE_LENGTH);
    if (rules.minLength !== undefined && length < rules.minLength) return fail(PROFILE_MESSAGES.tooShort, { min: rules.minLength });
    if (length > max) return fail(PROFILE_MESSAGES.tooLong, { max });
    if (email) {
      const address = normalizeEmail(text);
      return isValidEmail(address) ? { value: address } : fail(PROFILE_MESSAGES.invalidEmail);
    }
    if (rules.enum !== undefined && !rules.enum.includes(text)) return fail(PROFILE_MESSAGES.notAllowed);
    const pattern = this.patterns.get(attribute.name);
    if (pattern !== undefined && !pattern.test(text)) return fail(PROFILE_MESSAGES.pattern);
    return { value: text };
  }
}

function checkNumber(attribute: ProfileAttribute, raw: unknown): Checked {
  let number: number;
  if (typeof raw === 'number') {
    number = raw;
  } else if (raw === undefined || raw === null || typeof raw === 'string') {
    const text = (raw ?? '').trim();
    if (text === '') return attribute.required ? fail(PROFILE_MESSAGES.required) : { value: undefined };
    if (text.length > 64 || !NUMBER_SYNTAX.test(text)) return fail(PROFILE_MESSAGES.invalidNumber);
    number = Number(text);
  } else {
    return fail(PROFILE_MESSAGES.invalidNumber);
  }
  if (!Number.isFinite(number)) return fail(PROFILE_MESSAGES.invalidNumber);
  const { min, max } = attribute.validation;
  if (min !== undefined && number < min) return fail(PROFILE_MESSAGES.tooSmall, { min });
  if (max !== undefined && number > max) return fail(PROFILE_MESSAGES.tooLarge, { max });
  // `-0` and `1e3` are stored as `0` and `1000`: one spelling per value, so conditions compare reliably.
  return { value: String(number === 0 ? 0 : number) };
}

function checkBoolean(attribute: ProfileAttribute, raw: unknown): Checked {
  let value: boolean;
  if (typeof raw === 'boolean') value = raw;
  else if (raw === undefined || raw === null) value = false;
  else if (typeof raw !== 'string') return fail(PROFILE_MESSAGES.invalidBoolean);
  else if (TRUE_VALUES.has(raw.trim().toLowerCase())) value = true;
  else if (FALSE_VALUES.has(raw.trim().toLowerCase())) value = false;
  else return fail(PROFILE_MESSAGES.invalidBoolean);
  if (attribute.required && !value) return fail(PROFILE_MESSAGES.required);
  return { value: String(value) };
}

function fail(key: ProfileFieldError['key'], params?: Readonly<Record<string, number>>): Checked {
  return { error: params === undefined ? { key } : { key, params } };
}

/**
 * An attribute's `pattern` as a regular expression that must match the whole value. Throws a
 * `SyntaxError` for a pattern that does not compile (`checkUserProfile` reports those at load).
 */
export function wholeValuePattern(pattern: string): RegExp {
  // Compiled alone first: `a)|(b` does not compile by itself but would once wrapped, meaning something else.
  new RegExp(pattern, 'u');
  return new RegExp(`^(?:${pattern})$`, 'u');
}

const compiled = new WeakMap<UserProfileConfig, ProfileValidator>();
let defaultValidator: ProfileValidator | undefined;

/** The validator of `profile` (the default profile when absent), compiled once per profile object. */
export function profileValidatorFor(profile: UserProfileConfig | undefined): ProfileValidator {
  if (profile === undefined) return (defaultValidator ??= new ProfileValidator());
  let validator = compiled.get(profile);
  if (!validator) compiled.set(profile, (validator = new ProfileValidator(profile)));
  return validator;
}
