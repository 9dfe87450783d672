import { randomBytes, randomInt } from 'node:crypto';
import type { SecretService } from '../../src/spi';

/**
 * One-time codes of the steps that prove an address by mail (email-otp, magic-link): made from a
 * CSPRNG, kept only as a keyed hash under the server-held key (`ctx.secrets`), compared in
 * constant time.
 */

/** The code alphabets: `digits`, or `alphanumeric` without look-alikes (no 0/O, 1/I/L). */
export type CodeAlphabet = 'digits' | 'alphanumeric';

/** What a mailed code looks like. */
export interface CodeFormat {
  /** Characters in a code. */
  readonly length: number;
  readonly alphabet: CodeAlphabet;
}

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

/**
 * How a code is stored: a random salt, and the HMAC of salt and code under the server-held key
 * (`ctx.secrets`). Without the server secret, a stolen auth-session row cannot be used to try the
 * few million possible codes offline; the salt keeps one code's hash from matching another sign-in's.
 */
export interface HashedCode {
  readonly salt: string;
  readonly hash: string;
}

/**
 * The `ctx.secrets` purpose of code hashes. It names email-otp, where codes began; both mail steps
 * use it, and it stays so that codes hashed before remain checkable.
 */
export const CODE_HASH_PURPOSE = 'email-otp.code';

/** Hashes `code` under a fresh salt. */
export function hashCode(secrets: SecretService, code: string): HashedCode {
  const salt = randomBytes(16).toString('base64url');
  return { salt, hash: secrets.keyedHash(CODE_HASH_PURPOSE, `${salt}:${code}`) };
}

/** Whether `typed` is the hashed code, compared in constant time. */
export function matchesCode(secrets: SecretService, typed: string, stored: HashedCode): boolean {
  return secrets.matches(CODE_HASH_PURPOSE, `${stored.salt}:${typed}`, stored.hash);
}
