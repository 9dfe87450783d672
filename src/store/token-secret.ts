import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The one place token secrets are made and hashed. A secret is 32 random bytes (256 bits) in
 * base64url, 43 characters; only its SHA-256 is stored, so a copy of the database opens nothing.
 * A plain hash (no salt, no slow KDF) is right here: the input is 256 random bits, not a password.
 */

const SECRET_BYTES = 32;
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A fresh random secret. */
export function newSecret(): string {
  return randomBytes(SECRET_BYTES).toString('base64url');
}

/** Whether `secret` could have come from `newSecret` (length and alphabet). */
export function isWellFormedSecret(secret: unknown): secret is string {
  return typeof secret === 'string' && SECRET_PATTERN.test(secret);
}

/** Lower-case hex SHA-256 of the secret, as stored. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares two hex hashes in constant time. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}
