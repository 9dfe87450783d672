import { FlowgateError } from '../../errors';
import type { RelyingParty } from '../../spi/passkeys';
import type { RealmDefinition } from '../model';

/** A realm's own passkey settings (`settings.passkeys`); what is left out comes from `publicUrl`. */
export interface PasskeySettings {
  /**
   * The WebAuthn RP ID passkeys are bound to: the host of `publicUrl` or a registrable suffix of it
   * (`example.com` for `https://login.example.com`), so passkeys keep working when the login moves
   * to another subdomain. Default: the host of `publicUrl`. Changing it later orphans every passkey.
   */
  readonly rpId?: string;
  /** The origins ceremonies may come from. Default: the origin of `publicUrl`. Each must lie within `rpId`. */
  readonly origins?: readonly string[];
}

/** The relying party `realm` is when served at `publicUrl`: the realm's settings first, then the URL. */
export function relyingPartyOf(realm: Pick<RealmDefinition, 'name' | 'displayName' | 'settings'>, publicUrl: string): RelyingParty {
  const settings = realm.settings.passkeys ?? {};
  const url = new URL(publicUrl);
  return Object.freeze({
    id: settings.rpId ?? url.hostname,
    name: realm.displayName,
    origins: Object.freeze([...(settings.origins ?? [url.origin])]),
  });
}

/**
 * What is wrong with a realm's relying party, as `[setting, problem]` pairs (none when it is sound):
 * every origin must be an http(s) origin whose host is the RP ID or a subdomain of it (the rule
 * browsers enforce), and plain http is only for `localhost`.
 */
export function relyingPartyProblems(rp: Pick<RelyingParty, 'id' | 'origins'>): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  for (const origin of rp.origins) {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      problems.push(['origins', `'${origin}' is not an origin`]);
      continue;
    }
    if (url.origin !== origin) problems.push(['origins', `'${origin}' is not an origin (scheme, host and port only), e.g. '${url.origin}'`]);
    else if (url.hostname !== rp.id && !url.hostname.endsWith(`.${rp.id}`)) problems.push(['rpId', `'${rp.id}' is not the host of origin '${origin}' nor a parent domain of it`]);
    else if (url.protocol !== 'https:' && !(url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname.endsWith('.localhost')))) {
      problems.push(['origins', `'${origin}' must be https (browsers allow plain http only on localhost)`]);
    }
  }
  return problems;
}

/**
 * Throws `FG_PASSKEY_RELYING_PARTY`, naming the setting, when the `settings.passkeys` of `realm`
 * served at `publicUrl` do not fit together. A realm without them is consistent by construction.
 */
export function assertRelyingParty(realm: Pick<RealmDefinition, 'name' | 'displayName' | 'settings'>, publicUrl: string): void {
  if (realm.settings.passkeys === undefined) return;
  const problem = relyingPartyProblems(relyingPartyOf(realm, publicUrl))[0];
  if (problem) {
    const [setting, text] = problem;
    const given = realm.settings.passkeys?.[setting as keyof PasskeySettings] !== undefined;
    throw new FlowgateError('FG_PASSKEY_RELYING_PARTY', `realm '${realm.name}', settings.passkeys.${setting}${given ? '' : ` (derived from publicUrl ${publicUrl})`}: ${text}`);
  }
}
