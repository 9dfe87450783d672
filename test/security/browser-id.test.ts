import { randomBytes } from 'node:crypto';
import { BROWSER_KEY_PURPOSE, newBrowserId, signBrowserId, verifyBrowserId } from '../../src/security/browser-id';
import { DEVICE_KEY_PURPOSE, signDeviceId, verifyDeviceId } from '../../src/security/device-id';
import { deriveKey } from '../../src/security/server-secret';

describe('signed browser ids', () => {
  const key = deriveKey(randomBytes(32), BROWSER_KEY_PURPOSE);

  it('reads back the id it signed', () => {
    const id = newBrowserId();
    const value = signBrowserId(key, id);
    expect(value).toMatch(/^[\w-]{22}\.[\w-]{43}$/);
    expect(verifyBrowserId(key, value)).toBe(id);
  });

  it('refuses unsigned, forged, re-signed and malformed values without throwing', () => {
    const id = newBrowserId();
    const value = signBrowserId(key, id);
    const otherKey = deriveKey(randomBytes(32), BROWSER_KEY_PURPOSE);
    for (const bad of [undefined, '', id, `${id}.`, `${newBrowserId()}${value.slice(22)}`, signBrowserId(otherKey, id), `${value}x`, `.${value}`, 'a.b.c']) {
      expect(verifyBrowserId(key, bad)).toBeUndefined();
    }
  });

  it('refuses to sign what is not a browser id, or with a short key', () => {
    expect(() => signBrowserId(key, 'short')).toThrow(expect.objectContaining({ code: 'FG_SECURITY_INVALID_ARGUMENT' }));
    expect(() => signBrowserId(Buffer.alloc(8), newBrowserId())).toThrow(expect.objectContaining({ code: 'FG_SECURITY_INVALID_ARGUMENT' }));
  });
});

describe('signed device ids (#19 item 2)', () => {
  const key = deriveKey(randomBytes(32), DEVICE_KEY_PURPOSE);

  it('reads back the id it signed; a browser id signature or an unsigned id is no device id', () => {
    const id = newBrowserId();
    expect(verifyDeviceId(key, signDeviceId(key, id))).toBe(id);
    // Same key bytes, another context: a browser id's signature never passes for a device id's.
    expect(verifyDeviceId(key, signBrowserId(key, id))).toBeUndefined();
    for (const bad of [undefined, '', id, `${id}.${'A'.repeat(43)}`, 'a.b.c']) expect(verifyDeviceId(key, bad)).toBeUndefined();
  });
});
