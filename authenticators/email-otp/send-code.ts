import { defineRateLimit } from '../../src/ratelimit';
import { challenge, failureChallenge } from '../../src/spi';
import type { AuthenticatorContext, Outcome, UserView } from '../../src/spi';
import { CodeState, type StoredCode } from './code-state';
import type { EmailOtpConfig } from './config';
import { CODE_SENT_EVENT, EMAIL_OTP_ERRORS as E, EMAIL_OTP_MESSAGES as M, EMAIL_OTP_TEMPLATE } from './messages';
import { hashCode, newCode } from './otp-code';
import { newSecurityPhrase } from './security-phrase';
import { codeView } from './views';

type Ctx = AuthenticatorContext<EmailOtpConfig>;

/** Name of the per-address send limit (counted per realm, keyed by the normalised address). */
export const SEND_LIMIT_NAME = 'email-otp.send';

/**
 * The enabled account with `email`, if any: the identified user when it has that address, else a
 * lookup. A disabled account counts as none, so it is never mailed.
 */
export async function accountFor(ctx: Ctx, email: string): Promise<UserView | undefined> {
  const user = ctx.user?.email === email ? ctx.user : await ctx.users.findByEmail(email);
  return user?.enabled ? user : undefined;
}

/**
 * Makes a new code for `email`, replacing the current one, and mails it when there is someone to
 * mail: an account, or anyone with `forceCreateUser`. Whatever happens the answer is the code page,
 * the same for a known, an unknown or a locked account: only the mail (or its absence) differs, and
 * that goes through the outbox, not this request. The count of wrong entries is kept (a resend must
 * not reset it) unless the replaced code had used them all up.
 */
export async function sendCode(ctx: Ctx, email: string, resent = false): Promise<Outcome> {
  const config = ctx.config;
  const state = new CodeState(ctx.notes);
  state.stage = 'code';
  const limit = defineRateLimit({ name: SEND_LIMIT_NAME, max: config.maxSendsPerHour, windowSeconds: 3600 });
  const allowed = await ctx.rateLimits.consume(limit, email);
  if (!allowed.allowed) {
    // The current code (if any) keeps working: only no new one is made.
    return failureChallenge(E.rateLimited, codeView(config, email, state.code, { messages: [{ kind: 'error', text: M.tooManySends }] }));
  }
  if (state.attempts >= config.maxAttempts) state.attempts = 0;

  const user = await accountFor(ctx, email);
  const locked = user !== undefined && (await ctx.bruteForce.status(user.id)).locked;
  const deliver = !locked && (user !== undefined || config.forceCreateUser);
  const now = ctx.clock.now();
  const code = newCode(config.length, config.alphabet);
  const stored: StoredCode = {
    ...hashCode(ctx.secrets, code),
    expiresAt: now + config.codeLifetimeSeconds * 1000,
    sentAt: now,
    delivered: deliver,
    ...(config.securityPhrase && { phrase: newSecurityPhrase() }),
  };
  state.code = stored;
  state.sentAt = now;
  if (deliver) {
    await ctx.mail.send({
      to: email,
      template: EMAIL_OTP_TEMPLATE,
      model: {
        code,
        minutes: Math.ceil(config.codeLifetimeSeconds / 60),
        ...(stored.phrase !== undefined && { securityPhrase: stored.phrase }),
      },
      ...(user && { userId: user.id }),
      expiresAt: stored.expiresAt,
    });
    await ctx.events.record({
      type: CODE_SENT_EVENT,
      ...(user && { userId: user.id }),
      details: { method: 'email-otp', resend: resent, newUser: user === undefined },
    });
  }
  const view = codeView(config, email, stored, resent ? { messages: [{ kind: 'success', text: M.resent }] } : {});
  // A locked user gets the very same page; only the event tells the admin.
  return locked ? failureChallenge(E.locked, view) : challenge(view);
}

/** A resend: refused (with the seconds to wait) during the cooldown, else a new code. */
export async function resendCode(ctx: Ctx, email: string): Promise<Outcome> {
  const state = new CodeState(ctx.notes);
  const current = state.code;
  const sentAt = state.sentAt;
  const availableAt = sentAt === undefined ? 0 : sentAt + ctx.config.resendCooldownSeconds * 1000;
  const now = ctx.clock.now();
  if (now < availableAt) {
    const seconds = Math.ceil((availableAt - now) / 1000);
    return challenge(codeView(ctx.config, email, current, { messages: [{ kind: 'warning', text: M.resendWait, params: { seconds } }] }));
  }
  return sendCode(ctx, email, true);
}
