import { createHmac, timingSafeEqual } from 'node:crypto';
import { FlowgateError } from '../errors';
import { isRandomId, randomId } from './random-id';

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
 * Bytes of a browser id. 16 (128 bits, unguessable) because the id also becomes the root id of
 * the browser's authentication sessions, and the engine only reuses root ids of that shape.
 */
const BROWSER_ID_BYTES = 16;

/** Versioned context, so no other HMAC under the same key can pass for a browser id's signature. */
const CONTEXT = 'flowgate-browser-v1';

/** HMAC-SHA256 in base64url: 43 characters. */
const MAC_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Fewest key bytes accepted: HMAC-SHA256's own strength. */
const MIN_KEY_BYTES = 32;

/** A fresh browser id (not yet signed). */
export function newBrowserId(): string {
  return randomId(BROWSER_ID_BYTES);
}

/** The cookie value for browser id `id`: the id and its signature under `key`. */
export function signBrowserId(key: Buffer, id: string): string {
  checkKey(key);
  if (!isRandomId(id, BROWSER_ID_BYTES)) throw new FlowgateError('FG_SECURITY_INVALID_ARGUMENT', 'not a browser id');
  return `${id}.${mac(key, id)}`;
}

/**
 * The browser id in cookie value `value`, or `undefined` when it is missing, malformed or not
 * signed under `key` (an unsigned id of an older Flowgate included). Never throws for a bad value;
 * the signature is compared in constant time.
 */
export function verifyBrowserId(key: Buffer, value: string | undefined): string | undefined {
  checkKey(key);
  if (typeof value !== 'string') return undefined;
  const dot = value.indexOf('.');
  const id = value.slice(0, dot);
  const presented = value.slice(dot + 1);
  if (dot < 0 || !isRandomId(id, BROWSER_ID_BYTES) || !MAC_PATTERN.test(presented)) return undefined;
  const expected = Buffer.from(mac(key, id), 'latin1');
  const given = Buffer.from(presented, 'latin1');
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
}

function mac(key: Buffer, id: string): string {
  return createHmac('sha256', key).update(`${CONTEXT}\0${id}`, 'utf8').digest('base64url');
}

function checkKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length < MIN_KEY_BYTES) {
    throw new FlowgateError('FG_SECURITY_INVALID_ARGUMENT', `the browser id key must be a Buffer of at least ${MIN_KEY_BYTES} bytes`);
  }
}
