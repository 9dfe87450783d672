/**
 * A realm's brute-force settings (`settings.bruteForce` in the realm file), Keycloak's temporary
 * lockout with the MULTIPLE strategy: after every `failureFactor` failures the wait grows by
 * `waitIncrementSeconds`, capped at `maxWaitSeconds`; failures are forgotten `maxDeltaTimeSeconds`
 * after the last one, and on success.
 */
export interface BruteForceSettings {
  /** Whether failures are counted and users locked out. Default `true`. */
  readonly enabled: boolean;
  /**
   * Failures before the first lockout, then every further failure waits again (Keycloak MULTIPLE).
   * Default 10, not Keycloak's 30: that is sized for passwords, while one code here has a cap of its
   * own (5 tries), so 10 lets a person get two codes wrong before any wait, and an attacker gets one
   * guess per minute (and fewer later) afterwards.
   */
  readonly failureFactor: number;
  /** Seconds the wait grows by, per `failureFactor` failures. Default 60. */
  readonly waitIncrementSeconds: number;
  /** Longest wait, in seconds. Default 900 (15 minutes). */
  readonly maxWaitSeconds: number;
  /** Seconds after the last failure when the count starts again from zero (Failure Reset Time). Default 43200 (12 hours). */
  readonly maxDeltaTimeSeconds: number;
}

/** The defaults, used when a realm says nothing (and documented in `flows/realm.schema.json`). */
export const DEFAULT_BRUTE_FORCE_SETTINGS: BruteForceSettings = Object.freeze({
  enabled: true,
  failureFactor: 10,
  waitIncrementSeconds: 60,
  maxWaitSeconds: 900,
  maxDeltaTimeSeconds: 43200,
});
