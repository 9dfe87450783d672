import { challenge, failureChallenge } from '../../src/spi';
import type { AuthenticatorContext, Outcome } from '../../src/spi';
import { signInProvedAddress } from './proved-address';
import { CodeState } from './code-state';
import type { EmailOtpConfig } from './config';
import { CODE_FIELD, EMAIL_OTP_ERRORS as E, EMAIL_OTP_MESSAGES as M } from './messages';
import { matchesCode, normalizeTypedCode } from './otp-code';
import { accountFor } from './send-code';
import { codeView } from './views';

type Ctx = AuthenticatorContext<EmailOtpConfig>;

/**
 * Checks a submitted code. Order matters: no code or an expired one first (nothing to guess), then
 * the lockout (a locked user is told exactly what a wrong code is told, and the code is not even
 * compared), then the constant-time comparison. Every wrong entry counts against the code and, for
 * an account, against the user in the brute-force protector; the `maxAttempts`-th kills the code.
 * A right code is used up before anything else happens: single use. Submissions of one tab are
 * serialised by the engine's step claim, so two cannot both see the code unused.
 */
export async function verifyCode(ctx: Ctx, email: string): Promise<Outcome> {
  const config = ctx.config;
  const state = new CodeState(ctx.notes);
  const code = state.code;
  const typed = normalizeTypedCode(ctx.form[CODE_FIELD] ?? '', config.alphabet);
  if (typed === undefined) return challenge(codeView(config, email, code, { fieldError: M.codeRequired }));
  if (!code) return failureChallenge(E.expiredCode, codeView(config, email, undefined, { messages: [{ kind: 'error', text: M.expiredCode }] }));
  if (ctx.clock.now() >= code.expiresAt) {
    state.clearCode();
    return failureChallenge(E.expiredCode, codeView(config, email, undefined, { messages: [{ kind: 'error', text: M.expiredCode }] }));
  }

  const user = await accountFor(ctx, email);
  const locked = user !== undefined && (await ctx.bruteForce.status(user.id)).locked;
  // Compared even when locked or undeliverable, so every refusal costs the same.
  const matched = matchesCode(ctx.secrets, typed, code);
  const right = matched && !locked && code.delivered;
  if (!right) {
    const attempts = state.attempts + 1;
    state.attempts = attempts;
    if (user && !locked) await ctx.bruteForce.recordFailure(user.id);
    if (attempts >= config.maxAttempts) {
      state.code = undefined;
      return failureChallenge(E.tooManyAttempts, codeView(config, email, undefined, { messages: [{ kind: 'error', text: M.tooManyAttempts }] }));
    }
    return failureChallenge(locked ? E.locked : E.invalidCode, codeView(config, email, code, { fieldError: M.invalidCode }));
  }

  state.clearCode();
  return signInProvedAddress(ctx, email, user, 'email-otp');
}
