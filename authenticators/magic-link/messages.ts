/** The waiting page ("check your inbox"; a theme template, and the step id JSON clients see). */
export const MAGIC_LINK_VIEW = 'magic-link';

/** The page asking for the address, when the flow has none yet. */
export const MAGIC_LINK_EMAIL_VIEW = 'magic-link-email';

/** The mail type: `templates/email/magic-link.{html,text}.hbs`, subject `email.magicLink.subject`. */
export const MAGIC_LINK_TEMPLATE = 'magic-link';

/** Form field of the code. */
export { CODE_FIELD } from '../shared/verify-code';

/** Form field of the address (on the address page only). */
export { EMAIL_FIELD_NAME as EMAIL_FIELD } from '../../src/spi/fields';

/** Form field of the waiting page's buttons: `resend` asks for a new mail, `continue` says the link was followed. */
export const ACTION_FIELD = 'action';

/** Values of `ACTION_FIELD`. */
export const ACTIONS = { resend: 'resend', continue: 'continue' } as const;

/** Event recorded each time a mail is sent. */
export { CODE_SENT_EVENT } from '../shared/send-mail';

/** Event recorded when a link is refused by this plugin (the engine records the rest). */
export const LOGIN_ERROR_EVENT = 'LOGIN_ERROR';

/** Plugin id of the magic-link authenticator, also the `method` detail of its events. */
export const MAGIC_LINK_ID = 'magic-link';

/** Reasons recorded on LOGIN_ERROR events (stable, snake_case). */
export const MAGIC_LINK_ERRORS = {
  /** The code typed is not the one sent (also what a locked user is told). */
  invalidCode: 'invalid_code',
  /** The code expired, or there is none any more. */
  expired: 'expired',
  /** Five wrong codes: the code no longer works. */
  tooManyAttempts: 'too_many_attempts',
  /** The user is locked out by brute-force protection. */
  locked: 'locked',
  /** The address was sent too many mails this hour. */
  rateLimited: 'rate_limited',
  /** A link opened in another browser with `crossDevice: deny`. */
  wrongBrowserDenied: 'wrong_browser_denied',
  /** A link for an address the account no longer has, or the step no longer proves. */
  staleLink: 'stale_link',
  /** The address typed on the address page is not usable. */
  invalidEmail: 'invalid_email',
  /** No account has this address (only with `revealUnknownEmail`). */
  unknownUser: 'unknown_user',
  /** A proved address without an account looks like another account's (TR39 skeleton): no account is made. */
  confusableEmail: 'confusable_email',
} as const;

/** Message keys this authenticator uses; its messages/ bundles define them. */
export const MAGIC_LINK_MESSAGES = {
  fieldCode: 'magicLink.field.code',
  fieldEmail: 'magicLink.field.email',
  /** Info: where the mail went (param `email`); worded so it does not tell whether an account exists. */
  sent: 'magicLink.sent',
  /** Info: the phrase the mail shows (param `phrase`). */
  phrase: 'magicLink.phrase',
  /** Info after a resend. */
  resent: 'magicLink.resent',
  /** Warning: wait before resending (param `seconds`). */
  resendWait: 'magicLink.resendWait',
  /** Error: "I clicked the link" pressed before the link was confirmed. */
  notYet: 'magicLink.notYet',
  /** Field error: nothing typed. */
  codeRequired: 'magicLink.error.codeRequired',
  /** Field error: wrong code (and what a locked user sees). */
  invalidCode: 'magicLink.error.invalidCode',
  /** Error: the code expired or is gone. */
  expiredCode: 'magicLink.error.expiredCode',
  /** Error: too many wrong codes, ask for a new mail. */
  tooManyAttempts: 'magicLink.error.tooManyAttempts',
  /** Error: too many mails to this address this hour (param `minutes`). */
  tooManySends: 'magicLink.error.tooManySends',
  /** Field errors of the address page. */
  emailRequired: 'magicLink.error.emailRequired',
  invalidEmail: 'magicLink.error.invalidEmail',
  unknownEmail: 'magicLink.error.unknownEmail',
  /** Field error: the proved address looks like another account's; asks for another one. */
  confusableEmail: 'magicLink.error.confusableEmail',
  /** The link's confirmation page (param `email`, masked). */
  linkConfirm: 'magicLink.link.confirm',
  /** A link opened in another browser with `crossDevice: deny`. */
  linkWrongBrowser: 'magicLink.link.wrongBrowser',
  /** A link for an address the account no longer has, or the step no longer proves. */
  linkStale: 'magicLink.link.stale',
  /** A link that would make an account for an address that looks like another account's. */
  linkConfusable: 'magicLink.link.confusable',
} as const;
