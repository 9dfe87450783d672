import { signId, verifySignedId, type SignedIdKind } from './signed-id';

/**
 * The known-device cookie (`fg_device_<realm>`, #19 item 2): the id of a server-side device record,
 * signed by the server. The signature keeps made-up values from reaching the database; the record
 * decides whether the device still counts (the person can revoke it on the account page).
 */

/** The `deriveKey` purpose of the key device ids are signed with. */
export const DEVICE_KEY_PURPOSE = 'known-device';

/** 16 random bytes, as the store makes them (`DEVICE_ID_BYTES`). */
const DEVICE_ID: SignedIdKind = { context: 'flowgate-device-v1', bytes: 16, what: 'device id' };

/** The cookie value for device id `id`. */
export function signDeviceId(key: Buffer, id: string): string {
  return signId(DEVICE_ID, key, id);
}

/** The device id in cookie value `value`, or `undefined` when it is missing, malformed or not signed under `key`. */
export function verifyDeviceId(key: Buffer, value: string | undefined): string | undefined {
  return verifySignedId(DEVICE_ID, key, value);
}
