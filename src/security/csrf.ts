import { createHmac, timingSafeEqual } from 'node:crypto';
import { FlowgateError } from '../errors';

/**
 * CSRF protection for the login pages: synchronizer tokens bound to the browser (the HMAC-based
 * token pattern of the OWASP CSRF cheat sheet). A token is the HMAC of the browser's random id
 * (the `fg_browser` cookie), so the server keeps no token state, every tab and step of one browser
 * shares one token, and a token taken from another browser (or made up by a page that cannot read
 * our cookies) does not verify. Rotating the browser id, or the server secret, voids every token.
 */

/** The `deriveKey` purpose of the CSRF key: `deriveKey(secret, CSRF_KEY_PURPOSE)`. */
export const CSRF_KEY_PURPOSE = 'csrf';

/** Name of the hidden form field (and JSON property) that carries the token. */
export const CSRF_FIELD = 'csrf';

/** Versioned context, so a future token format never verifies as this one (or the reverse). */
const CONTEXT = 'flowgate-csrf-v1';

/** HMAC-SHA256 in base64url: 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Fewest key bytes accepted: HMAC-SHA256's own strength. */
const MIN_KEY_BYTES = 32;

/** The CSRF token of the browser with id `browserId`, under `key` (derived for `csrf`). */
export function csrfToken(key: Buffer, browserId: string): string {
  checkKey(key);
  if (typeof browserId !== 'string' || browserId.length === 0) {
    throw new FlowgateError('FG_SECURITY_INVALID_ARGUMENT', 'a CSRF token needs a browser id');
  }
  return mac(key, browserId).toString('base64url');
}

/**
 * Whether `token` is the CSRF token of browser `browserId`. False, never an exception, for a
 * missing browser id or a missing, mistyped or malformed token; the comparison takes the same time
 * however much of the token is right.
 */
export function verifyCsrf(key: Buffer, browserId: string | undefined, token: unknown): boolean {
  checkKey(key);
  if (typeof browserId !== 'string' || browserId.length === 0) return false;
  if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return false;
  // Compared as text, so a non-canonical spelling of the right bytes is refused as well.
  const presented = Buffer.from(token, 'latin1');
  const expected = Buffer.from(mac(key, browserId).toString('base64url'), 'latin1');
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

function mac(key: Buffer, browserId: string): Buffer {
  // The NUL keeps context and id apart: no id can make the input look like another context's.
  return createHmac('sha256', key).update(`${CONTEXT}\0${browserId}`, 'utf8').digest();
}

function checkKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length < MIN_KEY_BYTES) {
    throw new FlowgateError('FG_SECURITY_INVALID_ARGUMENT', `the CSRF key must be a Buffer of at least ${MIN_KEY_BYTES} bytes`);
  }
}
