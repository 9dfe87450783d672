import { createHash } from 'node:crypto';
import { domainToUnicode } from 'node:url';
import unhomoglyph from 'unhomoglyph';

/**
 * The Unicode TR39 skeleton of `text`: NFD, each character replaced by its prototype from the
 * Unicode confusables table (`unhomoglyph`'s copy of confusables.txt), NFD again. Two strings that
 * look alike have the same skeleton (`pаypal` with a Cyrillic а and `paypal`; also `rn` and `m`).
 * It is for comparing, never for showing.
 */
export function confusableSkeleton(text: string): string {
  return unhomoglyph(text.normalize('NFD')).normalize('NFD');
}

/**
 * What `users.email_skeleton` holds for a normalised address (`normalizeEmail`): the SHA-256 (hex)
 * of the skeleton of the address with its domain in Unicode again, so a Cyrillic lookalike domain
 * (stored as `xn--…`) meets the Latin one it imitates. Hashed so the column has one fixed length
 * that any database indexes, however much the skeleton grows.
 */
export function emailSkeleton(normalizedEmail: string): string {
  const at = normalizedEmail.lastIndexOf('@');
  const unicode = at < 0 ? normalizedEmail : `${normalizedEmail.slice(0, at)}@${domainToUnicode(normalizedEmail.slice(at + 1)) || normalizedEmail.slice(at + 1)}`;
  return createHash('sha256').update(confusableSkeleton(unicode), 'utf8').digest('hex');
}
