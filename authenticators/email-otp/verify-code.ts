import { FlowgateError, isFlowgateError } from '../../src/errors';
import { challenge, failureChallenge, success } from '../../src/spi';
import type { AuthenticatorContext, Outcome, UserView } from '../../src/spi';
import { CodeState } from './code-state';
import type { EmailOtpConfig } from './config';
import { CODE_FIELD, EMAIL_OTP_ERRORS as E, EMAIL_OTP_MESSAGES as M, REGISTER_EVENT, UPDATE_PROFILE_ACTION } from './messages';
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
  const account = user ?? (await createAccount(ctx, email));
  if (!account.emailVerified) await ctx.users.markEmailVerified(account.id);
  await ctx.bruteForce.recordSuccess(account.id);
  ctx.setUser(account);
  return success();
}

/** The account for a proved address nobody had (`forceCreateUser`): created verified, REGISTER recorded. */
async function createAccount(ctx: Ctx, email: string): Promise<UserView> {
  // Codes are only delivered to unknown addresses with forceCreateUser; anything else is a bug.
  if (!ctx.config.forceCreateUser) throw new FlowgateError('FG_PLUGIN_ERROR', 'a code for an unknown address was accepted');
  let user: UserView;
  try {
    user = await ctx.users.create({ email, emailVerified: true });
  } catch (error) {
    // Someone created it meanwhile (another tab, the admin): the proved address signs in to it.
    if (!isFlowgateError(error, 'FG_USER_EXISTS')) throw error;
    const existing = await ctx.users.findByEmail(email);
    if (!existing) throw error;
    return existing;
  }
  if (ctx.config.updateProfileOnCreate) await ctx.users.addRequiredAction(user.id, UPDATE_PROFILE_ACTION);
  await ctx.events.record({ type: REGISTER_EVENT, userId: user.id, details: { method: 'email-otp' } });
  return user;
}
