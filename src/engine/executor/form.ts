import type { ChallengeView } from '../../spi/view';

/** Most fields a submitted form may carry; the rest are dropped. */
const MAX_FORM_FIELDS = 64;
/** Longest value any field may carry; longer values are cut. */
const MAX_FORM_VALUE_LENGTH = 4096;

/**
 * The form a plugin's `action` sees: string values only, at most `MAX_FORM_FIELDS` of them, each cut
 * to ONE MORE than its field's `maxLength` (and never past `MAX_FORM_VALUE_LENGTH`): bounded in size,
 * yet a value that is too long still looks too long to the plugin, which refuses it with a field
 * error instead of silently saving a shortened value. The object has no prototype, so a field
 * named `__proto__` or `constructor` is just a field. Frozen.
 */
export function limitForm(form: Readonly<Record<string, unknown>>, view: ChallengeView | undefined): Readonly<Record<string, string>> {
  const limits = new Map((view?.fields ?? []).map((f) => [f.name, f.maxLength === undefined ? MAX_FORM_VALUE_LENGTH : f.maxLength + 1]));
  const limited = Object.create(null) as Record<string, string>;
  let count = 0;
  for (const [name, value] of Object.entries(form)) {
    if (typeof value !== 'string') continue;
    if (++count > MAX_FORM_FIELDS) break;
    limited[name] = value.slice(0, Math.min(limits.get(name) ?? MAX_FORM_VALUE_LENGTH, MAX_FORM_VALUE_LENGTH));
  }
  return Object.freeze(limited);
}
