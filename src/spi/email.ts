import { domainToASCII } from 'node:url';

/**
 * The one place email addresses are normalised and checked, so the identify step, the user store
 * and every authenticator agree on what "the same address" means.
 */

/** RFC 5321 caps a forward path at 256 octets including the angle brackets: 254 for the address. */
export const MAX_EMAIL_LENGTH = 254;

/**
 * Trims, applies Unicode NFKC and lower-cases; the domain then becomes its IDNA ASCII form
 * (`bücher.de` -> `xn--bcher-kva.de`), or nothing when it is no valid IDNA domain (so the address is
 * invalid). NFKC folds compatibility forms such as full-width letters (`ａｎｎ＠ｅｘａｍｐｌｅ．ｃｏｍ`
 * is `ann@example.com`), so they are one account, not a lookalike second one. Case-folding the
 * local part is a deliberate choice: no mainstream provider treats `Ann@x` and `ann@x` as different
 * people, and treating them so lets one person hold two accounts by accident.
 */
export function normalizeEmail(input: string): string {
  const address = input.trim().normalize('NFKC').toLowerCase();
  const at = address.lastIndexOf('@');
  if (at < 0) return address;
  return `${address.slice(0, at)}@${domainToASCII(address.slice(at + 1))}`;
}

// No whitespace, control or invisible formatting characters (zero-width, bidi overrides: lookalikes) anywhere; one @; a non-empty local part; a domain with a dot
// whose labels are non-empty. Pragmatic on purpose: the real check is that mail arrives.
const EMAIL_PATTERN = /^[^\s@\p{Cc}\p{Cf}]+@(?:[^\s@.\p{Cc}\p{Cf}]+\.)+[^\s@.\p{Cc}\p{Cf}]+$/u;

/** Whether `email` (already normalised) looks like a deliverable address. */
export function isValidEmail(email: string): boolean {
  return email.length <= MAX_EMAIL_LENGTH && EMAIL_PATTERN.test(email);
}
