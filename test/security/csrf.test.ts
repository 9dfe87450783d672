import { createHmac, randomBytes } from 'node:crypto';
import { CSRF_KEY_PURPOSE, csrfToken, verifyCsrf } from '../../src/security/csrf';
import { randomId } from '../../src/security/random-id';
import { deriveKey } from '../../src/security/server-secret';

describe('CSRF tokens', () => {
  const key = deriveKey(randomBytes(32), CSRF_KEY_PURPOSE);
  const browser = randomId();

  it('verifies the token of the same browser under the same key', () => {
    const token = csrfToken(key, browser);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrfToken(key, browser)).toBe(token); // stateless: every tab and step gets the same one
    expect(verifyCsrf(key, browser, token)).toBe(true);
  });

  it("refuses another browser's token", () => {
    expect(verifyCsrf(key, randomId(), csrfToken(key, browser))).toBe(false);
    expect(verifyCsrf(key, browser, csrfToken(key, randomId()))).toBe(false);
  });

  it('refuses a token made under another key, such as another purpose or another server secret', () => {
    const token = csrfToken(key, browser);
    const secret = randomBytes(32);
    expect(verifyCsrf(deriveKey(secret, 'csrf'), browser, token)).toBe(false);
    expect(verifyCsrf(deriveKey(secret, 'rate-limit'), browser, csrfToken(deriveKey(secret, 'csrf'), browser))).toBe(false);
  });

  it('is not a bare HMAC of the browser id: a context string is mixed in', () => {
    const bare = createHmac('sha256', key).update(browser).digest('base64url');
    expect(csrfToken(key, browser)).not.toBe(bare);
  });

  it('answers false, never throws, for missing or malformed tokens and browser ids', () => {
    const token = csrfToken(key, browser);
    const flipped = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
    const other = token.slice(0, 42) + (token[42] === 'A' ? 'E' : 'A');
    for (const bad of [undefined, null, 42, {}, [token], '', token.slice(1), `${token}=`, `${token} `, flipped, other, token.replace(/./, '+')]) {
      expect(verifyCsrf(key, browser, bad)).toBe(false);
    }
    expect(verifyCsrf(key, undefined, token)).toBe(false);
    expect(verifyCsrf(key, '', token)).toBe(false);
  });

  it('refuses a non-canonical spelling of the right bytes', () => {
    const token = csrfToken(key, browser);
    // 43 base64url characters carry 258 bits for 256: the last character has two spare bits.
    const last = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twin = token.slice(0, 42) + last[last.indexOf(token[42]) + 1];
    expect(Buffer.from(twin, 'base64url').equals(Buffer.from(token, 'base64url'))).toBe(true);
    expect(verifyCsrf(key, browser, twin)).toBe(false);
  });

  it('refuses weak keys and empty browser ids with a coded error', () => {
    expect(() => csrfToken(Buffer.alloc(16), browser)).toThrow(expect.objectContaining({ code: 'FG_SECURITY_INVALID_ARGUMENT' }));
    expect(() => verifyCsrf(Buffer.alloc(16), browser, 'x')).toThrow(expect.objectContaining({ code: 'FG_SECURITY_INVALID_ARGUMENT' }));
    expect(() => csrfToken(key, '')).toThrow(expect.objectContaining({ code: 'FG_SECURITY_INVALID_ARGUMENT' }));
  });
});
