import type { Response } from 'express';
import { CSRF_FIELD, deviceCookieName, deviceCookieOptions, secureCookies } from '../../security';
import type { AppDeps } from '../app-deps';
import type { AccountDeviceEntry } from '../contracts';
import { accountDeviceRevokeUrl } from '../login-urls';
import { realmOf, stateOf } from '../request-state';

/** The form field naming the device to forget. */
export const DEVICE_FIELD = 'device';

/**
 * The person's remembered devices (#19 item 2), most recently used first, each with a "forget"
 * form (POST with CSRF). A forgotten device's cookie counts for nothing: it gets no mail budget of
 * its own and the guess lockout holds it like any other browser, until it signs in again.
 */
export async function accountDevices(res: Response, deps: AppDeps, userId: string, csrf: string): Promise<AccountDeviceEntry[]> {
  const realm = realmOf(res).name;
  const current = stateOf(res).knownDevice?.id;
  const devices = await deps.knownDevices.listForUser(realm, userId);
  return devices.map((d) => ({
    id: d.id,
    createdAt: d.createdAt,
    lastUsedAt: d.lastUsedAt,
    ...(d.userAgent !== undefined && { userAgent: d.userAgent }),
    current: d.id === current,
    forget: { method: 'POST', href: accountDeviceRevokeUrl(realm), fields: { [CSRF_FIELD]: csrf, [DEVICE_FIELD]: d.id } },
  }));
}

/** Forgets device `id` of `userId` (an id that is not theirs changes nothing); clears this browser's cookie when it named it. */
export async function forgetDevice(res: Response, deps: AppDeps, userId: string, id: string): Promise<boolean> {
  const realm = realmOf(res).name;
  const forgotten = id.length <= 64 && (await deps.knownDevices.revoke(realm, userId, id));
  if (forgotten && stateOf(res).knownDevice?.id === id) {
    delete stateOf(res).knownDevice;
    res.clearCookie(deviceCookieName(realm), deviceCookieOptions(realm, secureCookies(deps.config.publicUrl), 0));
  }
  return forgotten;
}
