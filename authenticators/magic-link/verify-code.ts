import { challenge, failureChallenge } from '../../src/spi';
import type { AuthenticatorContext, Outcome } from '../../src/spi';
import { signInProvedAddress } from '../email-otp/proved-address';
import { matchesCode, normalizeTypedCode } from '../email-otp/otp-code';
import type { MagicLinkConfig } from './config';
import { MailState } from './mail-state';
import { CODE_FIELD, MAGIC_LINK_ERRORS as E, MAGIC_LINK_MESSAGES as M, METHOD } from './messages';
import { accountFor } from './send-mail';
import { waitingView } from './views';

type Ctx = AuthenticatorContext<MagicLinkConfig>;

/** Wrong entries after which a code stops working (as email-otp's default). */
export const MAX_CODE_ATTEMPTS = 5;

/**
 * Checks a code typed on the waiting page, with email-otp's rules: nothing to guess first (no code,
 * expired), then the lockout (told exactly what a wrong code is told), then the constant-time
 * comparison. Every wrong entry counts against the code and, for an account, in the brute-force
 * protector; the fifth kills the code. A right code is used up (and the mail's link revoked) before
 * anything else happens: single use.
 */
export async function verifyCode(ctx: Ctx, email: string): Promise<Outcome> {
  const config = ctx.config;
  const state = new MailState(ctx.notes);
  const mail = state.mail;
  const typed = normalizeTypedCode(ctx.form[CODE_FIELD] ?? '', 'digits');
  if (typed === undefined) return challenge(waitingView(config, email, mail, { fieldError: M.codeRequired }));
  const expired = { messages: [{ kind: 'error' as const, text: M.expiredCode }] };
  if (!mail?.code) return failureChallenge(E.expired, waitingView(config, email, mail, expired));
  if (ctx.clock.now() >= mail.expiresAt) {
    state.dropCode();
    return failureChallenge(E.expired, waitingView(config, email, state.mail, expired));
  }

  const user = await accountFor(ctx, email);
  const locked = user !== undefined && (await ctx.bruteForce.status(user.id)).locked;
  // Compared even when locked or undelivered, so every refusal costs the same.
  const matched = matchesCode(ctx.secrets, typed, mail.code);
  if (!matched || locked || !mail.delivered) {
    const attempts = state.attempts + 1;
    state.attempts = attempts;
    if (user && !locked) await ctx.bruteForce.recordFailure(user.id);
    if (attempts >= MAX_CODE_ATTEMPTS) {
      state.dropCode();
      return failureChallenge(E.tooManyAttempts, waitingView(config, email, state.mail, { messages: [{ kind: 'error', text: M.tooManyAttempts }] }));
    }
    return failureChallenge(locked ? E.locked : E.invalidCode, waitingView(config, email, mail, { fieldError: M.invalidCode }));
  }

  state.dropCode();
  state.mail = undefined;
  if (user) await ctx.links.revokeAll(user.id);
  return signInProvedAddress(ctx, email, user, METHOD);
}
