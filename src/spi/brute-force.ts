/**
 * Brute-force protection per user, as plugins see it (Keycloak's `BruteForceProtector`). Failures
 * are counted per user across authentication sessions, so spreading guesses over many sign-ins does
 * not get around the limit. Settings come from the realm's `settings.bruteForce`.
 */

/** Whether a user is temporarily locked out. */
export interface BruteForceStatus {
  /** `true` while the user must wait; a locked user must be refused exactly like a wrong answer. */
  readonly locked: boolean;
  /** Whole seconds until the lockout ends (0 when not locked). Never show it: it tells the account exists. */
  readonly retryAfterSeconds: number;
}

/** Counts failed proofs per user of the current realm and locks users out for a while. */
export interface BruteForceProtector {
  /** The user's current lockout status. Counts nothing. */
  status(userId: string): Promise<BruteForceStatus>;
  /**
   * Counts one failed proof (a wrong code) and returns the status after it. While the user is locked
   * the failure is not counted (Keycloak), so the lockout cannot be extended indefinitely by guessing.
   */
  recordFailure(userId: string): Promise<BruteForceStatus>;
  /** A successful proof: forgets the user's failures. */
  recordSuccess(userId: string): Promise<void>;
}
