import { MAX_EMAIL_LENGTH } from './email';
import type { FormField } from './view';

/** The form key an email address is asked under, by every step that asks for one. */
export const EMAIL_FIELD_NAME = 'email';

/**
 * The email-address field every step that asks for an address uses, so they all get the same
 * keyboard, autofill and length limit: `label` is its message key, `value` what to pre-fill.
 */
export function emailField(label: string, value?: string): FormField {
  return {
    name: EMAIL_FIELD_NAME,
    type: 'email',
    label,
    required: true,
    autocomplete: 'email',
    inputMode: 'email',
    maxLength: MAX_EMAIL_LENGTH,
    ...(value ? { value } : {}),
  };
}
