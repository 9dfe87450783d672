/** The screen this authenticator shows (a theme template, and the step id JSON clients see). */
export const IDENTIFY_EMAIL_VIEW = 'identify-email';

/** Form field the address is submitted under. */
export { EMAIL_FIELD_NAME as EMAIL_FIELD } from '../../src/spi/fields';

/** Reason recorded on the LOGIN_ERROR event when the submitted address is not usable. */
export const INVALID_EMAIL_ERROR = 'invalid_email';

/** Message keys this authenticator uses; the plugin's own messages/ bundles define them. */
export const IDENTIFY_EMAIL_MESSAGES = {
  /** Label of the email field. */
  fieldEmail: 'field.email',
  /** Field error: the form was sent without an address. */
  emailRequired: 'error.emailRequired',
  /** Field error: what was typed is not an email address. */
  invalidEmail: 'error.invalidEmail',
} as const;
