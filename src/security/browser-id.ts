import { randomId } from './random-id';
import { signId, verifySignedId, type SignedIdKind } from './signed-id';

/**
 * The browser id in the `fg_browser` cookie, signed by the server: `<id>.<mac>`. The id is the root
 * of the browser's sign-ins and of its CSRF tokens, so only ids Flowgate issued may serve as one: a
 * value planted by someone who can write cookies for this site (a sibling subdomain, plain http on
 * the way) but who does not hold the server secret fails the signature and is replaced. An id the
 * planter got from Flowgate for their own browser does verify; rotating the id at every sign-in
 * (`finishLogin`) is what takes such a value away again.
 */

/** The `deriveKey` purpose of the key browser ids are signed with. */
export const BROWSER_KEY_PURPOSE = 'browser-id';

/**
 * 16 bytes (128 bits, unguessable) because the id also becomes the root id of the browser's
 * authentication sessions, and the engine only reuses root ids of that shape.
 */
const BROWSER_ID: SignedIdKind = { context: 'flowgate-browser-v1', bytes: 16, what: 'browser id' };

/** A fresh browser id (not yet signed). */
export function newBrowserId(): string {
  return randomId(BROWSER_ID.bytes);
}

/** The cookie value for browser id `id`: the id and its signature under `key`. */
export function signBrowserId(key: Buffer, id: string): string {
  return signId(BROWSER_ID, key, id);
}

/**
 * The browser id in cookie value `value`, or `undefined` when it is missing, malformed or not
 * signed under `key` (an unsigned id of an older Flowgate included). Never throws for a bad value.
 */
export function verifyBrowserId(key: Buffer, value: string | undefined): string | undefined {
  return verifySignedId(BROWSER_ID, key, value);
}
