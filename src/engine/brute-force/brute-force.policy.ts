import type { BruteForceStatus } from '../../spi/brute-force';
import type { BruteForceSettings } from './brute-force-settings';

/** What is kept per user: the failures counted and when the current lockout ends. */
export interface BruteForceRecord {
  /** Failures counted since the last reset. */
  readonly failures: number;
  /** When the last counted failure happened (ms since the epoch). */
  readonly lastFailureAt: number;
  /** When the lockout ends (ms since the epoch); 0 or past means not locked. */
  readonly lockedUntil: number;
}

const UNLOCKED: BruteForceStatus = Object.freeze({ locked: false, retryAfterSeconds: 0 });

/** The status `record` gives at `now`. */
export function statusOf(record: BruteForceRecord | undefined, now: number): BruteForceStatus {
  if (!record || record.lockedUntil <= now) return UNLOCKED;
  return { locked: true, retryAfterSeconds: Math.max(1, Math.ceil((record.lockedUntil - now) / 1000)) };
}

/**
 * The record after one more failure at `now` (Keycloak's temporary lockout, MULTIPLE strategy). A
 * failure while locked changes nothing; one after the reset time starts the count again.
 */
export function afterFailure(record: BruteForceRecord | undefined, settings: BruteForceSettings, now: number): BruteForceRecord {
  if (record && record.lockedUntil > now) return record;
  const fresh = !record || now - record.lastFailureAt > settings.maxDeltaTimeSeconds * 1000;
  const failures = (fresh ? 0 : record.failures) + 1;
  const waitSeconds = Math.min(settings.waitIncrementSeconds * Math.floor(failures / settings.failureFactor), settings.maxWaitSeconds);
  return { failures, lastFailureAt: now, lockedUntil: waitSeconds > 0 ? now + waitSeconds * 1000 : 0 };
}
