/**
 * The one place email addresses are normalised and checked, so the identify step, the user store
 * and every authenticator agree on what "the same address" means.
 */

/** RFC 5321 caps a forward path at 256 octets including the angle brackets: 254 for the address. */
export const MAX_EMAIL_LENGTH = 254;

/** Trims, applies Unicode NFC and lower-cases. Case-folding the local part is a deliberate choice: no
 *  mainstream provider treats `Ann@x` and `ann@x` as different people, and treating them so lets
 *  one person hold two accounts by accident. */
export function normalizeEmail(input: string): string {
  return input.trim().normalize('NFC').toLowerCase();
}

// No whitespace, control or invisible formatting characters (zero-width, bidi overrides: lookalikes) anywhere; one @; a non-empty local part; a domain with a dot
// whose labels are non-empty. Pragmatic on purpose: the real check is that mail arrives.
const EMAIL_PATTERN = /^[^\s@\p{Cc}\p{Cf}]+@(?:[^\s@.\p{Cc}\p{Cf}]+\.)+[^\s@.\p{Cc}\p{Cf}]+$/u;

/** Whether `email` (already normalised) looks like a deliverable address. */
export function isValidEmail(email: string): boolean {
  return email.length <= MAX_EMAIL_LENGTH && EMAIL_PATTERN.test(email);
}
