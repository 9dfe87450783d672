import type { Response } from 'express';
import { actionSettings } from '../../engine';
import { CSRF_FIELD } from '../../security';
import type { AppDeps } from '../app-deps';
import type { AccountPasskeyEntry, ActionLink } from '../contracts';
import { accountPasskeyUrl, loginUrl } from '../login-urls';
import { realmOf } from '../request-state';

/** The form field naming the passkey to rename or remove. */
export const PASSKEY_FIELD = 'passkey';

/** The form field of a passkey's new name. */
export const PASSKEY_LABEL_FIELD = 'label';

/** Events recorded when a person renames or removes a passkey (Keycloak's names). */
export const UPDATE_CREDENTIAL_EVENT = 'UPDATE_CREDENTIAL';
export const REMOVE_CREDENTIAL_EVENT = 'REMOVE_CREDENTIAL';

/**
 * The required action that registers a passkey, named by its id rather than imported, so the
 * account page does not depend on the plugin's folder: a realm without it gets no "add" link.
 */
const REGISTER_PASSKEY_ACTION = 'register-passkey';

/**
 * The person's passkeys (#21), newest first, each with a rename and a remove form (POST with CSRF);
 * `last` marks the only one, whose removal the page warns about (the next sign-in is by mail). And
 * the link that adds one: a sign-in with `kc_action=register-passkey`, when the realm enables it.
 */
export async function accountPasskeys(res: Response, deps: AppDeps, userId: string, csrf: string): Promise<{ passkeys: AccountPasskeyEntry[]; addPasskey?: ActionLink }> {
  const realm = realmOf(res);
  const stored = await deps.passkeys.listForUser(realm.name, userId);
  const passkeys = stored.map((p) => ({
    id: p.id,
    label: p.label,
    createdAt: p.createdAt,
    ...(p.lastUsedAt !== undefined && { lastUsedAt: p.lastUsedAt }),
    synced: p.multiDevice,
    last: stored.length === 1,
    rename: { method: 'POST' as const, href: accountPasskeyUrl(realm.name, 'rename'), fields: { [CSRF_FIELD]: csrf, [PASSKEY_FIELD]: p.id } },
    remove: { method: 'POST' as const, href: accountPasskeyUrl(realm.name, 'remove'), fields: { [CSRF_FIELD]: csrf, [PASSKEY_FIELD]: p.id } },
  }));
  const canAdd = actionSettings(realm, REGISTER_PASSKEY_ACTION)?.enabled === true;
  return { passkeys, ...(canAdd && { addPasskey: { method: 'GET', href: loginUrl(realm.name, { kcAction: REGISTER_PASSKEY_ACTION }) } }) };
}
