import type { ChallengeView } from '../../spi/view';

/** Most fields a submitted form may carry; the rest are dropped. */
export const MAX_FORM_FIELDS = 64;
/** Longest value a field without its own `maxLength` may carry; longer values are cut. */
export const MAX_FORM_VALUE_LENGTH = 4096;

/**
 * The form a plugin's `action` sees: string values only, at most `MAX_FORM_FIELDS` of them, each cut
 * to its field's `maxLength` (or `MAX_FORM_VALUE_LENGTH`). The object has no prototype, so a field
 * named `__proto__` or `constructor` is just a field. Frozen.
 */
export function limitForm(form: Readonly<Record<string, unknown>>, view: ChallengeView | undefined): Readonly<Record<string, string>> {
  const limits = new Map((view?.fields ?? []).map((f) => [f.name, f.maxLength ?? MAX_FORM_VALUE_LENGTH]));
  const limited = Object.create(null) as Record<string, string>;
  let count = 0;
  for (const [name, value] of Object.entries(form)) {
    if (typeof value !== 'string') continue;
    if (++count > MAX_FORM_FIELDS) break;
    limited[name] = value.slice(0, Math.min(limits.get(name) ?? MAX_FORM_VALUE_LENGTH, MAX_FORM_VALUE_LENGTH));
  }
  return Object.freeze(limited);
}
