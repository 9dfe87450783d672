import { randomBytes } from 'node:crypto';
import { keyedHasher } from '../../src/security/keyed-hash';

describe('keyedHasher', () => {
  const key = randomBytes(32);

  test('the same purpose and value give the same hash under one key, and match', () => {
    const hasher = keyedHasher(key);
    const hash = hasher.keyedHash('email-otp.code', 's:123456');
    expect(keyedHasher(key).keyedHash('email-otp.code', 's:123456')).toBe(hash);
    expect(hasher.matches('email-otp.code', 's:123456', hash)).toBe(true);
  });

  test('another value, purpose or key does not match; malformed expectations are refused', () => {
    const hasher = keyedHasher(key);
    const hash = hasher.keyedHash('email-otp.code', 's:123456');
    expect(hasher.matches('email-otp.code', 's:123457', hash)).toBe(false);
    expect(hasher.matches('other.purpose', 's:123456', hash)).toBe(false);
    expect(keyedHasher(randomBytes(32)).matches('email-otp.code', 's:123456', hash)).toBe(false);
    expect(hasher.matches('email-otp.code', 's:123456', '')).toBe(false);
    expect(hasher.matches('email-otp.code', 's:123456', 'not base64url!')).toBe(false);
  });

  test('purpose and value are separated, so they cannot be shifted into each other', () => {
    const hasher = keyedHasher(key);
    expect(hasher.keyedHash('a', 'bc')).not.toBe(hasher.keyedHash('ab', 'c'));
  });
});
