import type { Request, RequestHandler, Response } from 'express';
import { knownDeviceSeconds } from '../../config/server-config';
import { deviceCookieName, deviceCookieOptions, readCookie, secureCookies, signDeviceId, verifyDeviceId } from '../../security';
import type { AppDeps } from '../app-deps';
import { realmOf, stateOf } from '../request-state';

/**
 * Finds the known device the browser is (#19 item 2): the realm's `fg_device_<realm>` cookie, when
 * Flowgate signed it and its record is still there (not revoked, not expired). Plugins learn it
 * through `ctx.requester`; the account page marks it. Anything else counts as no device.
 */
export function knownDevice(deps: Pick<AppDeps, 'knownDevices' | 'deviceKey'>): RequestHandler {
  return async (req, res, next) => {
    const realm = realmOf(res).name;
    const id = verifyDeviceId(deps.deviceKey, readCookie(req, deviceCookieName(realm)));
    const device = id === undefined ? undefined : await deps.knownDevices.find(realm, id);
    if (device) stateOf(res).knownDevice = { id: device.id, userId: device.userId };
    next();
  };
}

/**
 * Someone signed in as `userId`: the browser becomes (or stays, its expiry renewed) a known device
 * of theirs, and gets the signed cookie. A device cookie of another user of the realm is replaced:
 * the cookie names one device, of the last person who signed in with it.
 */
export async function rememberDevice(req: Request, res: Response, deps: AppDeps, userId: string, userAgent: string | undefined): Promise<void> {
  const realm = realmOf(res).name;
  const presented = verifyDeviceId(deps.deviceKey, readCookie(req, deviceCookieName(realm)));
  const device = await deps.knownDevices.remember(realm, userId, presented, userAgent);
  if (!device) return;
  stateOf(res).knownDevice = { id: device.id, userId };
  const options = deviceCookieOptions(realm, secureCookies(deps.config.publicUrl), knownDeviceSeconds(deps.config));
  res.cookie(deviceCookieName(realm), signDeviceId(deps.deviceKey, device.id), options);
}
