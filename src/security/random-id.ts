import { randomBytes } from 'node:crypto';
import { FlowgateError } from '../errors';

/**
 * Fewest random bytes an id may have: 128 bits cannot be guessed or enumerated. Anything that
 * only needs to be unique, not unguessable, should use `crypto.randomUUID()` instead.
 */
const MIN_RANDOM_ID_BYTES = 16;

/** Most random bytes an id may have; far more than any cookie or URL needs. */
const MAX_RANDOM_ID_BYTES = 512;

/**
 * A fresh unguessable id: `bytes` bytes from the system's CSPRNG in base64url (no padding), safe
 * in cookies, URLs and headers as it is. The default 32 bytes (256 bits) gives 43 characters, the
 * same shape as the store's token secrets (`newSecret`).
 */
export function randomId(bytes = 32): string {
  checkBytes(bytes);
  return randomBytes(bytes).toString('base64url');
}

/**
 * Whether `value` has the exact shape `randomId(bytes)` produces (length and alphabet). Check it
 * before using an id that came back from a browser, so a crafted value is treated like a missing one.
 */
export function isRandomId(value: unknown, bytes = 32): value is string {
  checkBytes(bytes);
  return typeof value === 'string' && value.length === base64urlLength(bytes) && BASE64URL.test(value);
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Characters of unpadded base64url for `bytes` bytes. */
function base64urlLength(bytes: number): number {
  return Math.ceil((bytes * 4) / 3);
}

function checkBytes(bytes: number): void {
  if (!Number.isInteger(bytes) || bytes < MIN_RANDOM_ID_BYTES || bytes > MAX_RANDOM_ID_BYTES) {
    throw new FlowgateError(
      'FG_SECURITY_INVALID_ARGUMENT',
      `a random id needs ${MIN_RANDOM_ID_BYTES} to ${MAX_RANDOM_ID_BYTES} bytes; got ${String(bytes)}`,
    );
  }
}
