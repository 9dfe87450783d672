import { challenge, emailField, EMAIL_FIELD_NAME, failureChallenge } from '../../src/spi';
import type { AuthenticatorContext, ChallengeView, Outcome } from '../../src/spi';
import { isValidEmail, MAX_EMAIL_LENGTH, normalizeEmail } from '../../src/spi/email';
import type { MailProof, MailProofConfig } from './mail-proof';
import { MailState } from './mail-state';
import { accountFor } from './proved-address';
import { sendMail } from './send-mail';

/**
 * The step's first call: the address an earlier step identified (else the step's own address
 * page), then the first mail. Back at this step (another way chosen and left), a live mail for the
 * same address is shown again rather than replaced, so switching back and forth sends no mail.
 */
export async function begin<C extends MailProofConfig>(ctx: AuthenticatorContext<C>, proof: MailProof<C>): Promise<Outcome> {
  const state = new MailState(ctx.notes);
  const email = ctx.user?.email ?? plausible(ctx.attemptedIdentifier);
  if (email === undefined) {
    state.stage = 'email';
    return challenge(emailView(proof, plausible(ctx.authSession.loginHint)));
  }
  const mail = state.mail;
  if (state.email === email && mail && ctx.clock.now() < mail.expiresAt) {
    state.stage = 'sent';
    return challenge(proof.waitingView(ctx.config, email, mail));
  }
  return start(ctx, proof, email);
}

/** The address typed on the step's own address page; its account (if any) becomes the flow's user, as identify-email does. */
export async function answerEmail<C extends MailProofConfig>(ctx: AuthenticatorContext<C>, proof: MailProof<C>): Promise<Outcome> {
  const typed = ctx.form[EMAIL_FIELD_NAME] ?? '';
  const email = normalizeEmail(typed);
  if (!isValidEmail(email)) {
    const error = email === '' ? proof.messages.emailRequired : proof.messages.invalidEmail;
    return failureChallenge(proof.errors.invalidEmail, emailView(proof, typed.slice(0, MAX_EMAIL_LENGTH), error));
  }
  ctx.setAttemptedIdentifier(email);
  ctx.setUser(await accountFor(ctx, email));
  return start(ctx, proof, email);
}

/** The first mail for `email`: unless the realm reveals unknown addresses, every address gets the waiting page. */
async function start<C extends MailProofConfig>(ctx: AuthenticatorContext<C>, proof: MailProof<C>, email: string): Promise<Outcome> {
  const state = new MailState(ctx.notes);
  state.changeAddress(email);
  if (ctx.config.revealUnknownEmail && !ctx.config.forceCreateUser && !(await accountFor(ctx, email))) {
    state.stage = 'email';
    return failureChallenge(proof.errors.unknownUser, emailView(proof, email, proof.messages.unknownEmail));
  }
  return sendMail(ctx, proof, email);
}

/** The address page, for flows where nothing asked for the address before this step. */
export function emailView<C extends MailProofConfig>(proof: MailProof<C>, value: string | undefined, fieldError?: string): ChallengeView {
  const view: ChallengeView = { view: proof.emailView, fields: [emailField(proof.messages.fieldEmail, value)] };
  return fieldError === undefined ? view : { ...view, fieldErrors: { [EMAIL_FIELD_NAME]: fieldError } };
}

/** A normalised, valid address from untrusted input (a hint, a typed identifier), else `undefined`. */
function plausible(candidate: string | undefined): string | undefined {
  if (candidate === undefined) return undefined;
  const email = normalizeEmail(candidate);
  return isValidEmail(email) ? email : undefined;
}
