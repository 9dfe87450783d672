import type { BruteForceProtector, BruteForceStatus } from '../../spi/brute-force';
import type { Clock } from '../../spi/services';
import type { BruteForceSettings } from './brute-force-settings';
import { afterFailure, statusOf } from './brute-force.policy';
import type { BruteForceRecordStore } from './brute-force.store';

const NEVER_LOCKED: BruteForceStatus = Object.freeze({ locked: false, retryAfterSeconds: 0 });

/** The brute-force protector of one realm, on a record store. With protection disabled it counts nothing and locks nobody. */
export function bruteForceProtector(store: BruteForceRecordStore, clock: Clock, realm: string, settings: BruteForceSettings): BruteForceProtector {
  if (!settings.enabled) {
    return {
      status: async () => NEVER_LOCKED,
      recordFailure: async () => NEVER_LOCKED,
      recordSuccess: async () => undefined,
    };
  }
  return {
    async status(userId) {
      return statusOf(await store.get(realm, userId), clock.now());
    },
    async recordFailure(userId) {
      const now = clock.now();
      return statusOf(await store.update(realm, userId, (current) => afterFailure(current, settings, now)), now);
    },
    async recordSuccess(userId) {
      await store.remove(realm, userId);
    },
  };
}
