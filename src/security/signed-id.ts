import { createHmac, timingSafeEqual } from 'node:crypto';
import { FlowgateError } from '../errors';
import { isRandomId } from './random-id';

/**
 * Random ids a cookie carries with the server's signature, `<id>.<mac>`: the browser id and the
 * known-device id. Each kind has its own key (`deriveKey` purpose) and a versioned context string,
 * so no other HMAC under the same key can pass for its signature. A value without Flowgate's
 * signature is refused before anything looks it up.
 */

/** What distinguishes one kind of signed id from another. */
export interface SignedIdKind {
  /** Versioned context string, e.g. `flowgate-browser-v1`. */
  readonly context: string;
  /** Random bytes of the id. */
  readonly bytes: number;
  /** What the id is, for error messages. */
  readonly what: string;
}

/** HMAC-SHA256 in base64url: 43 characters. */
const MAC_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Fewest key bytes accepted: HMAC-SHA256's own strength. */
const MIN_KEY_BYTES = 32;

/** The cookie value for id `id` of `kind`: the id and its signature under `key`. */
export function signId(kind: SignedIdKind, key: Buffer, id: string): string {
  checkKey(kind, key);
  if (!isRandomId(id, kind.bytes)) throw new FlowgateError('FG_SECURITY_INVALID_ARGUMENT', `not a ${kind.what}`);
  return `${id}.${mac(kind, key, id)}`;
}

/**
 * The id in cookie value `value`, or `undefined` when it is missing, malformed or not signed under
 * `key`. Never throws for a bad value; the signature is compared in constant time.
 */
export function verifySignedId(kind: SignedIdKind, key: Buffer, value: string | undefined): string | undefined {
  checkKey(kind, key);
  if (typeof value !== 'string') return undefined;
  const dot = value.indexOf('.');
  const id = value.slice(0, dot);
  const presented = value.slice(dot + 1);
  if (dot < 0 || !isRandomId(id, kind.bytes) || !MAC_PATTERN.test(presented)) return undefined;
  const expected = Buffer.from(mac(kind, key, id), 'latin1');
  const given = Buffer.from(presented, 'latin1');
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
}

function mac(kind: SignedIdKind, key: Buffer, id: string): string {
  return createHmac('sha256', key).update(`${kind.context}\0${id}`, 'utf8').digest('base64url');
}

function checkKey(kind: SignedIdKind, key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length < MIN_KEY_BYTES) {
    throw new FlowgateError('FG_SECURITY_INVALID_ARGUMENT', `the ${kind.what} key must be a Buffer of at least ${MIN_KEY_BYTES} bytes`);
  }
}
