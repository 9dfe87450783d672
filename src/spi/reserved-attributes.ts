/**
 * The user-attribute names Flowgate keeps for itself, declared once: the profile checks refuse them
 * as profile attributes (realm files and the admin API alike, `FG_PROFILE_ATTRIBUTE_RESERVED`), and
 * the profile validator and update-profile never write them. A profile attribute is something the
 * person may set; were one of these among them, people could grant themselves a role or fake an
 * acceptance.
 */

/** Attribute listing a user's roles; `admin` in the admin realm makes an administrator. */
export const ROLES_ATTRIBUTE = 'roles';

/** Attribute holding the version of the terms the person accepted last (terms-and-conditions). */
export const TERMS_ACCEPTED_VERSION_ATTRIBUTE = 'termsAcceptedVersion';

/** Attribute holding when they accepted it (ISO 8601, UTC). */
export const TERMS_ACCEPTED_AT_ATTRIBUTE = 'termsAcceptedAt';

/** Attribute marking that the person was offered a passkey once (register-passkey with `when: once`). */
export const PASSKEY_OFFERED_ATTRIBUTE = 'passkeyOffered';
/**
 * Every reserved name, compared without regard to case: the attributes above (read to authorise or
 * as state), the account's own fields (`email`, `enabled`, ... a same-named attribute would be
 * mistaken for them), and the login form's control fields. A plugin that reads an attribute to
 * decide access or keeps state in one adds it here.
 */
export const RESERVED_ATTRIBUTE_NAMES: readonly string[] = Object.freeze([
  ROLES_ATTRIBUTE,
  TERMS_ACCEPTED_VERSION_ATTRIBUTE,
  TERMS_ACCEPTED_AT_ATTRIBUTE,
  PASSKEY_OFFERED_ATTRIBUTE,
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
  'csrf',
  'step',
  'execution',
  'tabId',
  'tab_id',
]);

const RESERVED_LOWER = new Set(RESERVED_ATTRIBUTE_NAMES.map((n) => n.toLowerCase()));

/** Whether `name` is reserved (see `RESERVED_ATTRIBUTE_NAMES`), whatever its case. */
export function isReservedAttributeName(name: string): boolean {
  return RESERVED_LOWER.has(name.toLowerCase());
}
