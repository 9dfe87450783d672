/**
 * An address shown on a page or a confirmation: the first character of the local part, an
 * ellipsis, and the domain (`ann@example.com` -> `a…@example.com`). Enough for the person to
 * recognise their own address, not enough to learn someone else's from a shared screen.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '…';
  return `${email.slice(0, 1)}…${email.slice(at)}`;
}
