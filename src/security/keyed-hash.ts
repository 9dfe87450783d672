import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SecretService } from '../spi/services';

/**
 * Plugins' keyed hashes: HMAC-SHA256 under a key derived from the server secret, separated by
 * purpose. A stolen database row (an auth session's notes) does not let anyone test guesses
 * against a hash offline without the server secret too.
 */
export function keyedHasher(key: Buffer): SecretService {
  const hash = (purpose: string, value: string): string =>
    createHmac('sha256', key).update(purpose, 'utf8').update('\u0000').update(value, 'utf8').digest('base64url');
  return {
    keyedHash: hash,
    matches(purpose: string, value: string, expected: string): boolean {
      const actual = Buffer.from(hash(purpose, value), 'base64url');
      const wanted = Buffer.from(expected, 'base64url');
      return actual.length === wanted.length && timingSafeEqual(actual, wanted);
    },
  };
}
