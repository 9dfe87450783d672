import { actionSettings, type ProfileAttribute, profileLabel, profileValidatorFor, type RealmDefinition } from '../../engine';
import type { UserView } from '../../spi/services';
import type { AccountProfileEntry, ActionLink } from '../contracts';
import { loginUrl } from '../login-urls';

/**
 * The required action that edits the profile (Keycloak's UPDATE_PROFILE), named by its id rather
 * than imported, so the account page does not depend on the plugin's folder: a realm that does
 * not enable it simply gets no edit link.
 */
const UPDATE_PROFILE_ACTION = 'update-profile';

/** Message keys of values the account page words itself. */
const ACCOUNT_VALUE_KEYS = {
  yes: 'page.account.yes',
  no: 'page.account.no',
  notGiven: 'page.account.notGiven',
} as const;

/** One profile attribute as the account page shows it: `value`, or `valueKey` when the page words it (yes, no, not given). */
export interface AccountProfileRow extends AccountProfileEntry {
  readonly value?: string;
  readonly valueKey?: string;
}

/**
 * What the account page shows of the person's profile: the attributes the realm's user profile
 * lets them see (`permissions.view`), in profile order, labelled in `locale`, and the link that
 * edits them, when there is anything to edit and the realm enables update-profile.
 */
export function accountProfile(realm: RealmDefinition, user: UserView, locale: string): { rows: AccountProfileRow[]; editProfile?: ActionLink } {
  const attributes = profileValidatorFor(realm.userProfile).visibleToUser().attributes;
  const rows = attributes.map((attribute) => row(attribute, user.attributes[attribute.name] ?? [], locale));
  const editable = rows.length > 0 && actionSettings(realm, UPDATE_PROFILE_ACTION)?.enabled === true;
  // Without a client the sign-in this starts (SSO, then the action) comes back to the account page.
  return { rows, ...(editable && { editProfile: { method: 'GET', href: loginUrl(realm.name, { kcAction: UPDATE_PROFILE_ACTION }) } }) };
}

function row(attribute: ProfileAttribute, values: readonly string[], locale: string): AccountProfileRow {
  const entry: AccountProfileEntry = { name: attribute.name, label: profileLabel(attribute, locale), type: attribute.type, values: [...values] };
  if (values.length === 0) return { ...entry, valueKey: ACCOUNT_VALUE_KEYS.notGiven };
  if (attribute.type === 'boolean') return { ...entry, valueKey: values[0] === 'true' ? ACCOUNT_VALUE_KEYS.yes : ACCOUNT_VALUE_KEYS.no };
  return { ...entry, value: values.join(', ') };
}
