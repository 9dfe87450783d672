import { networkKey } from '../../ratelimit/ip-key';
import type { Requester } from '../../spi/requester';
import type { SecretService } from '../../spi/services';
import type { RequestInfo } from './types';

/** The `secrets` purpose of `requester.browser`: plugins get a keyed hash, never the id that roots the browser's CSRF tokens. */
const BROWSER_KEY_PURPOSE = 'requester.browser';

/** What plugins learn about who sent `request` (`ctx.requester`). */
export function requesterOf(request: RequestInfo, secrets: SecretService): Requester {
  return Object.freeze({
    browser: request.browserId === undefined ? 'unknown' : secrets.keyedHash(BROWSER_KEY_PURPOSE, request.browserId),
    network: networkKey(request.ip),
    knownDevice: request.knownDevice && Object.freeze({ id: request.knownDevice.id, userId: request.knownDevice.userId }),
  });
}
