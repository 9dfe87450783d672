/** The screen this action shows (a theme template, and the step id JSON clients see). */
export const VERIFY_EMAIL_VIEW = 'verify-email';

/** The email it sends (`templates/email/verify-email.html.hbs` + `.text.hbs`). */
export const VERIFY_EMAIL_TEMPLATE = 'verify-email';

/** Message keys of its page, its email and its link; its bundles in `messages/` define them. */
export const VERIFY_EMAIL_MESSAGES = {
  /** Page heading. */
  title: 'page.verifyEmail.title',
  /** "We sent a link to {email}"; params `{ email }` (masked). */
  sent: 'page.verifyEmail.sent',
  /** What to do with the mail; params `{ lifetime }` (e.g. "12 hours"). */
  instructions: 'page.verifyEmail.instructions',
  /** The "I've verified, continue" button. */
  continue: 'page.verifyEmail.continue',
  /** The "send it again" button. */
  resend: 'page.verifyEmail.resend',
  /** Shown after a resend. */
  resent: 'page.verifyEmail.resent',
  /** A resend asked for too soon; params `{ seconds }`. */
  resendWait: 'page.verifyEmail.resendWait',
  /** "Continue" pressed before the link was followed. */
  notYet: 'page.verifyEmail.notYet',
  /** The link's confirmation page; params `{ email }` (masked). */
  linkConfirm: 'page.verifyEmail.linkConfirm',
  /** A link for another address than the account has now. */
  linkStale: 'page.verifyEmail.linkStale',
  /** Lifetimes: `{ count }` hours or minutes. */
  hours: 'verifyEmail.lifetime.hours',
  minutes: 'verifyEmail.lifetime.minutes',
} as const;
