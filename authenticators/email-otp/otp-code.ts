import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { CodeAlphabet } from './config';

/**
 * One-time codes: made from a CSPRNG, kept only as a keyed hash, compared in constant time.
 *
 * The key is 32 random bytes made per code and kept beside the hash in the execution's notes (this
 * sign-in's tab only). Plugins cannot reach the server secret through their context; with it the
 * key would be derived from it instead, and a copy of the database would not let a 6-digit code be
 * recovered by trying all of them. As it is, the hash keeps the code out of logs and dumps of the
 * notes alone, and a code lives minutes, in one sign-in, for a few tries.
 */

/** Digits. */
const DIGITS = '0123456789';
/** Capital letters and digits without look-alikes: no 0/O, no 1/I/L. */
const UNAMBIGUOUS = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** The characters codes of `alphabet` are made of. */
export function alphabetChars(alphabet: CodeAlphabet): string {
  return alphabet === 'digits' ? DIGITS : UNAMBIGUOUS;
}

/** A fresh code of `length` characters, each drawn uniformly (no modulo bias) from the alphabet. */
export function newCode(length: number, alphabet: CodeAlphabet): string {
  const chars = alphabetChars(alphabet);
  let code = '';
  for (let i = 0; i < length; i++) code += chars[randomInt(chars.length)];
  return code;
}

/**
 * What a person typed, as a code: compatibility forms folded (full-width digits), spaces and dashes
 * dropped, letters upper-cased for the alphanumeric alphabet. `undefined` when nothing is left.
 */
export function normalizeTypedCode(typed: string, alphabet: CodeAlphabet): string | undefined {
  const folded = typed.normalize('NFKC').replace(/[\s\-‐-―]/g, '');
  const code = alphabet === 'digits' ? folded : folded.toUpperCase();
  return code.length > 0 ? code : undefined;
}

/** How a code is stored: its HMAC-SHA256 under a random key, both base64url. */
export interface HashedCode {
  readonly key: string;
  readonly hash: string;
}

/** Hashes `code` under a fresh random key. */
export function hashCode(code: string): HashedCode {
  const key = randomBytes(32);
  return { key: key.toString('base64url'), hash: hmac(key, code).toString('base64url') };
}

/** Whether `typed` is the hashed code, in time independent of where they differ. */
export function matchesCode(typed: string, stored: HashedCode): boolean {
  const expected = Buffer.from(stored.hash, 'base64url');
  const actual = hmac(Buffer.from(stored.key, 'base64url'), typed);
  // Both are HMAC-SHA256 outputs: always 32 bytes, so the length check leaks nothing.
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function hmac(key: Buffer, code: string): Buffer {
  return createHmac('sha256', key).update(code, 'utf8').digest();
}
