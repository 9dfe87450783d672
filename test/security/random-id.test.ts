import { isRandomId, randomId } from '../../src/security/random-id';
import { isWellFormedSecret } from '../../src/store/token-secret';

describe('randomId', () => {
  it('gives 32 random bytes in base64url by default: the shape of a token secret', () => {
    const id = randomId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(id, 'base64url')).toHaveLength(32);
    expect(isWellFormedSecret(id)).toBe(true);
  });

  it('gives the requested number of bytes', () => {
    for (const bytes of [16, 17, 18, 24, 64]) {
      const id = randomId(bytes);
      expect(Buffer.from(id, 'base64url')).toHaveLength(bytes);
      expect(isRandomId(id, bytes)).toBe(true);
    }
  });

  it('never repeats', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => randomId(16)));
    expect(ids.size).toBe(1000);
  });

  it('refuses sizes that are guessable or absurd', () => {
    for (const bytes of [0, 8, 15, 513, 1.5, Number.NaN]) {
      expect(() => randomId(bytes)).toThrow(expect.objectContaining({ code: 'FG_SECURITY_INVALID_ARGUMENT' }));
    }
  });

  it('recognises only its own shape', () => {
    const id = randomId();
    expect(isRandomId(id)).toBe(true);
    expect(isRandomId(id, 16)).toBe(false);
    for (const bad of [undefined, null, 42, '', `${id}A`, id.slice(1), `${id.slice(1)}=`, `${id.slice(1)}+`, `${id.slice(1)}.`]) {
      expect(isRandomId(bad)).toBe(false);
    }
  });
});
