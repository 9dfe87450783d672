import path from 'node:path';
import { challenge, defineAuthenticator, failureChallenge } from '../../src/spi';
import type { AuthenticatorContext, Outcome } from '../../src/spi';
import { isValidEmail, MAX_EMAIL_LENGTH, normalizeEmail } from '../../src/util/email';
import { CodeState } from './code-state';
import { EMAIL_OTP_CONFIG_SCHEMA, type EmailOtpConfig } from './config';
import { EMAIL_FIELD, EMAIL_OTP_EMAIL_VIEW, EMAIL_OTP_ERRORS as E, EMAIL_OTP_MESSAGES as M, EMAIL_OTP_VIEW, RESEND_FIELD, RESEND_VALUE } from './messages';
import { accountFor, resendCode, sendCode } from './send-code';
import { verifyCode } from './verify-code';
import { codeView, emailView } from './views';

/** Plugin id of the email one-time-code authenticator. */
export const EMAIL_OTP_ID = 'email-otp';

type Ctx = AuthenticatorContext<EmailOtpConfig>;

/**
 * Proves control of an email address with a one-time code sent to it. The address is the one an
 * earlier step identified (`identify-email`), else this step asks for it. Codes are single use,
 * expire, allow a few tries each, and wrong ones count per user across sign-ins (brute-force
 * protection). Unknown addresses get the same pages (and no mail) unless `forceCreateUser` signs
 * them up, or `revealUnknownEmail` says they are unknown. Success marks the address verified.
 */
export const emailOtpAuthenticator = defineAuthenticator<EmailOtpConfig>({
  id: EMAIL_OTP_ID,
  displayName: 'Email code',
  helpText: 'Mails a one-time code to the address being signed in and asks for it. Put it after identify-email, or alone (it then asks for the address).',
  requirements: ['REQUIRED', 'ALTERNATIVE', 'DISABLED'],
  requiresUser: false,
  views: [EMAIL_OTP_VIEW, EMAIL_OTP_EMAIL_VIEW],
  templatesDir: path.join(__dirname, 'templates'),
  messagesDir: path.join(__dirname, 'messages'),
  configSchema: EMAIL_OTP_CONFIG_SCHEMA,

  authenticate: begin,

  async action(ctx) {
    const state = new CodeState(ctx.notes);
    if (state.stage === 'email') return answerEmail(ctx);
    const email = state.email;
    // Nothing in the notes means a page this step never showed: start it over.
    if (email === undefined) return begin(ctx);
    if (ctx.form[RESEND_FIELD] === RESEND_VALUE) return resendCode(ctx, email);
    return verifyCode(ctx, email);
  },
});

/** The step's first call: the address from the flow (else the address page), then the code page. */
async function begin(ctx: Ctx): Promise<Outcome> {
  const state = new CodeState(ctx.notes);
  const email = ctx.user?.email ?? plausible(ctx.attemptedIdentifier);
  if (email === undefined) {
    state.stage = 'email';
    return challenge(emailView(plausible(ctx.authSession.loginHint)));
  }
  // Back at this step (another way chosen and left): a live code for the same address is shown
  // again rather than replaced, so switching back and forth sends no mail.
  const code = state.code;
  if (state.email === email && code && ctx.clock.now() < code.expiresAt) {
    state.stage = 'code';
    return challenge(codeView(ctx.config, email, code));
  }
  return start(ctx, email);
}

/** The address typed on this step's own address page. */
async function answerEmail(ctx: Ctx): Promise<Outcome> {
  const typed = ctx.form[EMAIL_FIELD] ?? '';
  const email = normalizeEmail(typed);
  if (!isValidEmail(email)) {
    return failureChallenge(E.invalidEmail, emailView(typed.slice(0, MAX_EMAIL_LENGTH), email === '' ? M.emailRequired : M.invalidEmail));
  }
  ctx.setAttemptedIdentifier(email);
  ctx.setUser(await accountFor(ctx, email));
  return start(ctx, email);
}

/** First code for `email`: unless the realm reveals unknown addresses, every address gets the code page. */
async function start(ctx: Ctx, email: string): Promise<Outcome> {
  const state = new CodeState(ctx.notes);
  if (state.email !== email) state.clearCode();
  state.email = email;
  if (ctx.config.revealUnknownEmail && !ctx.config.forceCreateUser && !(await accountFor(ctx, email))) {
    state.stage = 'email';
    return failureChallenge(E.unknownUser, emailView(email, M.unknownEmail));
  }
  return sendCode(ctx, email);
}

/** A normalised, valid address from untrusted input (a hint, a typed identifier), else `undefined`. */
function plausible(candidate: string | undefined): string | undefined {
  if (candidate === undefined) return undefined;
  const email = normalizeEmail(candidate);
  return isValidEmail(email) ? email : undefined;
}
