import { challenge, failureChallenge, hasErrorCode, isKnownDeviceOf } from '../../src/spi';
import { emailView } from './address-steps';
import type { AuthenticatorContext, Outcome } from '../../src/spi';
import type { MailProof, MailProofConfig } from './mail-proof';
import { MailState } from './mail-state';
import { matchesCode, normalizeTypedCode } from './otp-code';
import { accountFor, signInProvedAddress } from './proved-address';

/** The form field of the code, on every page that takes one. */
export const CODE_FIELD = 'code';

/**
 * Checks a code typed on the waiting page. Order matters: nothing typed (asked again, not counted),
 * then no live code (expired, used, killed: nothing to guess; the page says which), then the
 * lockout (a locked user is told exactly what a wrong code is told), then the constant-time
 * comparison, made even when the answer is already no so every refusal costs the same. Every wrong entry counts against the code
 * and, for an account on an unknown device, in the brute-force protector; the `maxAttempts`-th kills the code. A right
 * code is used up (and the plugin's `codeUsed` run) before anything else happens: single use.
 * Submissions of one tab are serialised by the engine's step claim, so two cannot both see it unused.
 */
export async function verifyCode<C extends MailProofConfig>(ctx: AuthenticatorContext<C>, proof: MailProof<C>, email: string): Promise<Outcome> {
  const { config } = ctx;
  const { errors: E, messages: M } = proof;
  const state = new MailState(ctx.notes);
  const mail = state.mail;
  const format = proof.codeFormat(config);
  const typed = format && normalizeTypedCode(ctx.form[CODE_FIELD] ?? '', format.alphabet);
  if (typed === undefined) return challenge(proof.waitingView(config, email, mail, { fieldError: M.codeRequired }));
  if (!mail?.code || ctx.clock.now() >= mail.expiresAt) return refuseDeadCode(ctx, proof, email);

  const user = await accountFor(ctx, email);
  // A known device of the account is neither held by the per-user lockout nor counted in it (#19
  // item 2): strangers' guesses cannot lock the person out there. The per-mail cap still holds.
  const guarded = user !== undefined && !isKnownDeviceOf(ctx.requester, user.id);
  const locked = guarded && (await ctx.bruteForce.status(user.id)).locked;
  const matched = matchesCode(ctx.secrets, typed, mail.code);
  if (!matched || locked || !mail.delivered) {
    const attempts = state.attempts + 1;
    state.attempts = attempts;
    if (guarded && !locked) await ctx.bruteForce.recordFailure(user.id);
    if (attempts >= proof.maxAttempts(config)) {
      state.dropCode('attempts');
      return refuseDeadCode(ctx, proof, email);
    }
    return failureChallenge(locked ? E.locked : E.invalidCode, proof.waitingView(config, email, mail, { fieldError: M.invalidCode }));
  }

  state.spend();
  await proof.codeUsed?.(ctx, email);
  return signInProvedAddress(ctx, email, user, proof.method).catch((error: unknown) => {
    if (!hasErrorCode(error, 'FG_EMAIL_CONFUSABLE')) throw error;
    return refuseConfusable(ctx, proof, email);
  });
}

/**
 * The proved address has no account and looks like another account's (its TR39 skeleton is
 * taken), so none is made for it: the address page again, the refusal at its field. Said only now,
 * to whoever controls the mailbox, never on the address page before: see decisions.md.
 */
function refuseConfusable<C extends MailProofConfig>(ctx: AuthenticatorContext<C>, proof: MailProof<C>, email: string): Outcome {
  new MailState(ctx.notes).stage = 'email';
  return failureChallenge(proof.errors.confusableEmail, emailView(proof, email, proof.messages.confusableEmail));
}

/**
 * The mail's code does not work (any more): says why, for every try that follows as for the one
 * that killed it. Too many wrong codes is said as such, right code or not, so people ask for a new
 * code instead of wondering why it "expired"; else the code ran out of time or there is none.
 * Nothing is counted: a dead code has nothing left to guess.
 */
function refuseDeadCode<C extends MailProofConfig>(ctx: AuthenticatorContext<C>, proof: MailProof<C>, email: string): Outcome {
  const state = new MailState(ctx.notes);
  if (state.mail?.code) state.dropCode('expired');
  const tooMany = state.mail?.codeEnd === 'attempts';
  const [reason, text] = tooMany ? [proof.errors.tooManyAttempts, proof.messages.tooManyAttempts] : [proof.errors.expired, proof.messages.expiredCode];
  return failureChallenge(reason, proof.waitingView(ctx.config, email, state.mail, { messages: [{ kind: 'error', text }] }));
}
