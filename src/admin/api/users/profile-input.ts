import { type ProfileFieldError, profileValidatorFor, type RealmDefinition } from '../../../engine';
import { joinPointer } from '../../../json/json-pointer';
import { FlowgateError, FlowgateErrors } from '../../../errors';
import { isValidEmail, normalizeEmail } from '../../../spi/email';

/** A body's `attributes`: profile attribute name to value (`null` clears an optional one). */
export type SubmittedAttributes = Readonly<Record<string, string | number | boolean | null>>;

/** The JSON schema of a body's `attributes` (shape only: the realm's user profile checks the values). */
export const ATTRIBUTES_SCHEMA = {
  type: 'object',
  maxProperties: 50,
  additionalProperties: { type: ['string', 'number', 'boolean', 'null'] },
  description: "Values of the realm's user-profile attributes, by name: strings, or numbers and booleans for attributes of those types; `null` clears an optional one.",
} as const;

/**
 * Checks submitted attributes against the realm's user profile with the validator the
 * update-profile page uses, and returns the values to store (`[]` removes one). With `partial`,
 * only the attributes given are checked (an edit); without, every attribute of the profile is,
 * a missing one counting as empty (a creation). Each problem is a 400 at `/attributes/<name>`:
 * `FG_PROFILE_VALUE_INVALID` whose detail starts with the page's message key
 * (`error.profile.required`), or `FG_ADMIN_INVALID_BODY` for a name the profile does not declare
 * (an API must not ignore what it cannot store, as the form does).
 */
export function profileValues(realm: RealmDefinition, submitted: SubmittedAttributes, partial: boolean): Record<string, readonly string[]> {
  const validator = profileValidatorFor(realm.userProfile);
  const known = new Set(validator.attributes.map((a) => a.name));
  const problems: FlowgateError[] = [];
  for (const name of Object.keys(submitted)) {
    if (!known.has(name)) {
      problems.push(new FlowgateError('FG_ADMIN_INVALID_BODY', `'${name}' is not an attribute of the realm's user profile`, { path: attributePath(name) }));
    }
  }
  const checked = validator.validate(submitted, { partial });
  if (!checked.ok) {
    for (const [name, error] of Object.entries(checked.errors)) {
      problems.push(new FlowgateError('FG_PROFILE_VALUE_INVALID', describe(error), { path: attributePath(name) }));
    }
  }
  if (problems.length === 1) throw problems[0]!;
  if (problems.length > 1) throw new FlowgateErrors(problems);
  return checked.ok ? { ...checked.values } : {};
}

/** The normalised `email` of a body; 400 `FG_INVALID_EMAIL` at `/email` when it is not an address. */
export function submittedEmail(email: string): string {
  const normalized = normalizeEmail(email);
  if (!isValidEmail(normalized)) throw new FlowgateError('FG_INVALID_EMAIL', undefined, { path: '/email' });
  return normalized;
}

/** `FG_USER_EXISTS` or `FG_EMAIL_CONFUSABLE` from the store, pointed at the body's `/email`; anything else unchanged. */
export function atEmail(err: unknown): unknown {
  return err instanceof FlowgateError && (err.code === 'FG_USER_EXISTS' || err.code === 'FG_EMAIL_CONFUSABLE')
    ? new FlowgateError(err.code, err.detail, { path: '/email' }, { cause: err })
    : err;
}

// The page shows the key's text; an API client gets the key and the values its text refers to.
function describe(error: ProfileFieldError): string {
  const params = Object.entries(error.params ?? {});
  return params.length === 0 ? error.key : `${error.key} (${params.map(([name, value]) => `${name} ${value}`).join(', ')})`;
}

function attributePath(name: string): string {
  return joinPointer('/attributes', name);
}
