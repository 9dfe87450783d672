import path from 'node:path';
import { defineAuthenticator } from '../../src/spi';
import { answerEmail, begin, MailState, resendMail, verifyCode, type MailProof } from '../shared';
import { EMAIL_OTP_CONFIG_SCHEMA, type EmailOtpConfig } from './config';
import { EMAIL_OTP_EMAIL_VIEW, EMAIL_OTP_ERRORS as E, EMAIL_OTP_MESSAGES as M, EMAIL_OTP_TEMPLATE, EMAIL_OTP_VIEW, RESEND_FIELD, RESEND_VALUE } from './messages';
import { codeView } from './views';

/** Plugin id of the email one-time-code authenticator. */
export const EMAIL_OTP_ID = 'email-otp';

/** Name of the per-address send limit (counted per realm, keyed by the normalised address). */
export const SEND_LIMIT_NAME = 'email-otp.send';

/** What email-otp does differently from the other mail step: a code only, of a configurable shape. */
const EMAIL_OTP: MailProof<EmailOtpConfig> = {
  method: EMAIL_OTP_ID,
  template: EMAIL_OTP_TEMPLATE,
  emailView: EMAIL_OTP_EMAIL_VIEW,
  sendLimitName: SEND_LIMIT_NAME,
  messages: M,
  errors: { ...E, expired: E.expiredCode },
  lifetimeSeconds: (config) => config.codeLifetimeSeconds,
  maxAttempts: (config) => config.maxAttempts,
  codeFormat: (config) => ({ length: config.length, alphabet: config.alphabet }),
  waitingView: codeView,
};

/**
 * Proves control of an email address with a one-time code sent to it. The address is the one an
 * earlier step identified (`identify-email`), else this step asks for it. Codes are single use,
 * expire, allow a few tries each, and wrong ones count per user across sign-ins (brute-force
 * protection). Unknown addresses get the same pages (and no mail) unless `forceCreateUser` signs
 * them up, or `revealUnknownEmail` says they are unknown. Success marks the address verified.
 */
export const emailOtpAuthenticator = defineAuthenticator<EmailOtpConfig>({
  id: EMAIL_OTP_ID,
  failureReasons: Object.values(E),
  amr: 'otp',
  displayName: 'Email code',
  helpText: 'Mails a one-time code to the address being signed in and asks for it. Put it after identify-email, or alone (it then asks for the address).',
  requirements: ['REQUIRED', 'ALTERNATIVE', 'DISABLED'],
  requiresUser: false,
  views: [EMAIL_OTP_VIEW, EMAIL_OTP_EMAIL_VIEW],
  templatesDir: path.join(__dirname, 'templates'),
  messagesDir: path.join(__dirname, 'messages'),
  configSchema: EMAIL_OTP_CONFIG_SCHEMA,

  authenticate: (ctx) => begin(ctx, EMAIL_OTP),

  async action(ctx) {
    const state = new MailState(ctx.notes);
    if (state.stage === 'email') return answerEmail(ctx, EMAIL_OTP);
    const email = state.email;
    // Nothing in the notes means a page this step never showed: start it over.
    if (email === undefined) return begin(ctx, EMAIL_OTP);
    if (ctx.form[RESEND_FIELD] === RESEND_VALUE) return resendMail(ctx, EMAIL_OTP, email);
    return verifyCode(ctx, EMAIL_OTP, email);
  },
});
