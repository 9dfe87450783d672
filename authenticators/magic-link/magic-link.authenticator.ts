import path from 'node:path';
import { challenge, defineAuthenticator, failureChallenge } from '../../src/spi';
import type { AuthenticatorContext, Outcome } from '../../src/spi';
import { isValidEmail, MAX_EMAIL_LENGTH, normalizeEmail } from '../../src/util/email';
import { MAGIC_LINK_CONFIG_SCHEMA, type MagicLinkConfig } from './config';
import { MailState } from './mail-state';
import { ACTION_FIELD, ACTIONS, EMAIL_FIELD, MAGIC_LINK_EMAIL_VIEW, MAGIC_LINK_ERRORS as E, MAGIC_LINK_MESSAGES as M, MAGIC_LINK_VIEW } from './messages';
import { describeMagicLink, onMagicLink } from './on-link';
import { accountFor, resendMail, sendMail } from './send-mail';
import { verifyCode } from './verify-code';
import { emailView, waitingView } from './views';

/** Plugin id of the magic-link authenticator. */
export const MAGIC_LINK_ID = 'magic-link';

type Ctx = AuthenticatorContext<MagicLinkConfig>;

/**
 * Signs in with a link mailed to the address (and, optionally, a code in the same mail). The address
 * is the one an earlier step identified (`identify-email`), else this step asks for it. Following the
 * link shows a confirmation page and changes nothing (mail scanners follow links); only its POST uses
 * the link up. In the browser that asked, the sign-in goes on at once; from another browser the
 * waiting tab goes on (or, with `crossDevice: deny`, the link is refused). The flow continues after
 * this step, so later steps (a second factor) still run. Unknown addresses get the same page and no
 * mail unless `forceCreateUser` signs them up; the account is then made only when the mail is used.
 */
export const magicLinkAuthenticator = defineAuthenticator<MagicLinkConfig>({
  id: MAGIC_LINK_ID,
  displayName: 'Magic link',
  helpText: 'Mails a single-use sign-in link (and a code) to the address being signed in. Put it after identify-email, or alone (it then asks for the address).',
  requirements: ['REQUIRED', 'ALTERNATIVE', 'DISABLED'],
  requiresUser: false,
  views: [MAGIC_LINK_VIEW, MAGIC_LINK_EMAIL_VIEW],
  templatesDir: path.join(__dirname, 'templates'),
  messagesDir: path.join(__dirname, 'messages'),
  configSchema: MAGIC_LINK_CONFIG_SCHEMA,

  authenticate: begin,

  async action(ctx) {
    const state = new MailState(ctx.notes);
    if (state.stage === 'email') return answerEmail(ctx);
    const email = state.email;
    // Nothing in the notes means a page this step never showed: start it over.
    if (email === undefined) return begin(ctx);
    const action = ctx.form[ACTION_FIELD];
    if (action === ACTIONS.resend) return resendMail(ctx, email);
    // "I clicked the link": an approval would have moved the tab on before this was called.
    if (action === ACTIONS.continue) return challenge(waitingView(ctx.config, email, state.mail, { messages: [{ kind: 'warning', text: M.notYet }] }));
    return verifyCode(ctx, email);
  },

  onLink: onMagicLink,
  describeLink: describeMagicLink,
});

/** The step's first call: the address from the flow (else the address page), then the mail. */
async function begin(ctx: Ctx): Promise<Outcome> {
  const state = new MailState(ctx.notes);
  const email = ctx.user?.email ?? plausible(ctx.attemptedIdentifier);
  if (email === undefined) {
    state.stage = 'email';
    return challenge(emailView(plausible(ctx.authSession.loginHint)));
  }
  // Back at this step (another way chosen and left): a live mail for the same address is shown
  // again rather than replaced, so switching back and forth sends no mail.
  const mail = state.mail;
  if (state.email === email && mail && ctx.clock.now() < mail.expiresAt) {
    state.stage = 'sent';
    return challenge(waitingView(ctx.config, email, mail));
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
  return start(ctx, email);
}

/** First mail for `email`: unless the realm reveals unknown addresses, every address gets the waiting page. */
async function start(ctx: Ctx, email: string): Promise<Outcome> {
  const state = new MailState(ctx.notes);
  if (state.email !== email) {
    state.mail = undefined;
    state.attempts = 0;
  }
  state.email = email;
  if (ctx.config.revealUnknownEmail && !ctx.config.forceCreateUser && !(await accountFor(ctx, email))) {
    state.stage = 'email';
    return failureChallenge(E.unknownUser, emailView(email, M.unknownEmail));
  }
  return sendMail(ctx, email);
}

/** A normalised, valid address from untrusted input (a hint, a typed identifier), else `undefined`. */
function plausible(candidate: string | undefined): string | undefined {
  if (candidate === undefined) return undefined;
  const email = normalizeEmail(candidate);
  return isValidEmail(email) ? email : undefined;
}
