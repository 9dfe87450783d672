/** The code page (a theme template, and the step id JSON clients see). */
export const EMAIL_OTP_VIEW = 'email-otp';

/** The page asking for the address, when the flow has none yet. */
export const EMAIL_OTP_EMAIL_VIEW = 'email-otp-email';

/** The mail type: `templates/email/email-otp.{html,text}.hbs`, subject `email.emailOtp.subject`. */
export const EMAIL_OTP_TEMPLATE = 'email-otp';

/** Form field of the code. */
export { CODE_FIELD } from '../shared/verify-code';

/** Form field of the address (on the address page only). */
export { EMAIL_FIELD_NAME as EMAIL_FIELD } from '../../src/spi/fields';

/** Form field of the resend button; send `true` to ask for a new code instead of submitting one. */
export const RESEND_FIELD = 'resend';

/** Value of `RESEND_FIELD` that asks for a new code. */
export const RESEND_VALUE = 'true';

/** Event recorded each time a code is mailed. */
export { CODE_SENT_EVENT } from '../shared/send-mail';

/** Reasons recorded on LOGIN_ERROR events (stable, snake_case). */
export const EMAIL_OTP_ERRORS = {
  /** The code typed is not the one sent (also what a locked user is told). */
  invalidCode: 'invalid_code',
  /** The code expired, or there is none any more. */
  expiredCode: 'expired_code',
  /** `maxAttempts` wrong codes: the code no longer works. */
  tooManyAttempts: 'too_many_attempts',
  /** The user is locked out by brute-force protection. */
  locked: 'locked',
  /** The address was sent too many codes this hour. */
  rateLimited: 'rate_limited',
  /** The address typed on the address page is not usable. */
  invalidEmail: 'invalid_email',
  /** No account has this address (only with `revealUnknownEmail`). */
  unknownUser: 'unknown_user',
  /** A proved address without an account looks like another account's (TR39 skeleton): no account is made. */
  confusableEmail: 'confusable_email',
} as const;

/** Message keys this authenticator uses; its messages/ bundles define them. */
export const EMAIL_OTP_MESSAGES = {
  fieldCode: 'emailOtp.field.code',
  fieldEmail: 'emailOtp.field.email',
  /** Info: where the code went (param `email`); worded so it does not tell whether an account exists. */
  sent: 'emailOtp.sent',
  /** Info: the phrase the mail shows (param `phrase`). */
  phrase: 'emailOtp.phrase',
  /** Info after a resend. */
  resent: 'emailOtp.resent',
  /** Warning: wait before resending (param `seconds`). */
  resendWait: 'emailOtp.resendWait',
  /** Field error: nothing typed. */
  codeRequired: 'emailOtp.error.codeRequired',
  /** Field error: wrong code (and what a locked user sees). */
  invalidCode: 'emailOtp.error.invalidCode',
  /** Error: the code expired or is gone. */
  expiredCode: 'emailOtp.error.expiredCode',
  /** Error: too many wrong codes, ask for a new one. */
  tooManyAttempts: 'emailOtp.error.tooManyAttempts',
  /** Error: too many codes sent to this address this hour (param `minutes`). */
  tooManySends: 'emailOtp.error.tooManySends',
  /** Field errors of the address page. */
  emailRequired: 'emailOtp.error.emailRequired',
  invalidEmail: 'emailOtp.error.invalidEmail',
  unknownEmail: 'emailOtp.error.unknownEmail',
  /** Field error: the proved address looks like another account's; asks for another one. */
  confusableEmail: 'emailOtp.error.confusableEmail',
} as const;

