import type { RealmDefinition } from '../engine';
import type { RotationTimes, SigningKeyStore } from '../store/signing-key.store';
import { DEFAULT_LIFETIMES } from './lifetimes';

/**
 * Default time a new key is published before it signs: relying parties that cached the key set
 * (openid-client refetches on an unknown `kid`, others on a timer) see it before the first token
 * it signs. Ten minutes covers common caches; `0` signs at once.
 */
export const DEFAULT_PUBLISH_AHEAD_SECONDS = 600;

/** Margin kept on top of the longest token lifetime before an old key stops being published (clock skew, slow exchanges). */
const KEEP_MARGIN_SECONDS = 300;

/** The longest lifetime of a signed token (access or ID token) any client of `realm` is given, in seconds. */
export function longestSignedTokenSeconds(realm: RealmDefinition): number {
  const lifetimes = realm.clients.flatMap((c) => [c.tokenLifetimes.accessTokenSeconds ?? DEFAULT_LIFETIMES.accessTokenSeconds, c.tokenLifetimes.idTokenSeconds ?? DEFAULT_LIFETIMES.idTokenSeconds]);
  return Math.max(DEFAULT_LIFETIMES.accessTokenSeconds, DEFAULT_LIFETIMES.idTokenSeconds, ...lifetimes);
}

/** When a rotation of `realm`'s keys publishes, signs with and retires keys. */
export function rotationTimes(realm: RealmDefinition, publishAheadSeconds = DEFAULT_PUBLISH_AHEAD_SECONDS): RotationTimes {
  return { publishAheadMs: publishAheadSeconds * 1000, keepAfterMs: (longestSignedTokenSeconds(realm) + KEEP_MARGIN_SECONDS) * 1000 };
}

/** Rotates `realm`'s signing keys (see `SigningKeyStore.rotate`); returns the new keys' ids. Every node picks the new keys up within `KEY_RECHECK_MS`. */
export function rotateRealmKeys(keys: SigningKeyStore, realm: RealmDefinition, publishAheadSeconds?: number): Promise<string[]> {
  return keys.rotate(realm.name, rotationTimes(realm, publishAheadSeconds));
}
