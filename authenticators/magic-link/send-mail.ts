import { defineRateLimit } from '../../src/ratelimit';
import { challenge, failureChallenge } from '../../src/spi';
import type { AuthenticatorContext, Outcome, UserView } from '../../src/spi';
import { hashCode, newCode } from '../email-otp/otp-code';
import { newSecurityPhrase } from '../email-otp/security-phrase';
import { mailsCode, type MagicLinkConfig } from './config';
import { MailState, type SentMail } from './mail-state';
import { CODE_SENT_EVENT, MAGIC_LINK_ERRORS as E, MAGIC_LINK_MESSAGES as M, MAGIC_LINK_TEMPLATE, METHOD } from './messages';
import { CODE_LENGTH, waitingView } from './views';

type Ctx = AuthenticatorContext<MagicLinkConfig>;

/** Name of the per-address send limit (counted per realm, keyed by the normalised address). */
export const SEND_LIMIT_NAME = 'magic-link.send';

/**
 * The enabled account with `email`, if any: the identified user when it has that address, else a
 * lookup. A disabled account counts as none, so it is never mailed.
 */
export async function accountFor(ctx: Ctx, email: string): Promise<UserView | undefined> {
  const user = ctx.user?.email === email ? ctx.user : await ctx.users.findByEmail(email);
  return user?.enabled ? user : undefined;
}

/**
 * Sends a new mail to `email`, replacing the current one (its link and code stop working), when
 * there is someone to mail: an account, or anyone with `forceCreateUser`. Whatever happens the answer
 * is the waiting page, the same for a known, an unknown or a locked account: only the mail (or its
 * absence) differs, and that goes through the outbox, not this request.
 *
 * The link names the account, so an account is set as this flow's user now (its approval must have
 * someone to sign in); the flow cannot go past this step before the mail is used. An address
 * without an account gets only the code: the account is created when the code is typed.
 */
export async function sendMail(ctx: Ctx, email: string, resent = false): Promise<Outcome> {
  const config = ctx.config;
  const state = new MailState(ctx.notes);
  state.stage = 'sent';
  const limit = defineRateLimit({ name: SEND_LIMIT_NAME, max: config.maxSendsPerHour, windowSeconds: 3600 });
  const allowed = await ctx.rateLimits.consume(limit, email);
  if (!allowed.allowed) {
    // The current mail (if any) keeps working: only no new one is sent.
    const minutes = Math.max(1, Math.ceil(allowed.retryAfterSeconds / 60));
    return failureChallenge(E.rateLimited, waitingView(config, email, state.mail, { messages: [{ kind: 'error', text: M.tooManySends, params: { minutes } }] }));
  }

  const user = await accountFor(ctx, email);
  if (user && ctx.user?.id !== user.id) ctx.setUser(user);
  const locked = user !== undefined && (await ctx.bruteForce.status(user.id)).locked;
  const deliver = !locked && (user !== undefined || config.forceCreateUser);
  const now = ctx.clock.now();
  const code = mailsCode(config) ? newCode(CODE_LENGTH, 'digits') : undefined;
  const mail: SentMail = {
    expiresAt: now + config.linkLifetimeSeconds * 1000,
    sentAt: now,
    delivered: deliver,
    ...(code !== undefined && { code: hashCode(ctx.secrets, code) }),
    ...(config.securityPhrase && { phrase: newSecurityPhrase() }),
  };
  // A new mail replaces the old one: its code is gone, and so are the links below.
  state.mail = mail;
  state.attempts = 0;
  state.sentAt = now;
  if (user) await ctx.links.revokeAll(user.id);
  if (deliver) {
    const link = user ? await ctx.links.issue({ ttlSeconds: config.linkLifetimeSeconds, subject: user.id, data: { email } }) : undefined;
    await ctx.mail.send({
      to: email,
      template: MAGIC_LINK_TEMPLATE,
      model: {
        ...(link && { link: link.url }),
        ...(code !== undefined && { code }),
        minutes: Math.ceil(config.linkLifetimeSeconds / 60),
        ...(mail.phrase !== undefined && { securityPhrase: mail.phrase }),
      },
      ...(user && { userId: user.id }),
      expiresAt: mail.expiresAt,
    });
    await ctx.events.record({
      type: CODE_SENT_EVENT,
      ...(user && { userId: user.id }),
      details: { method: METHOD, resend: resent, newUser: user === undefined },
    });
  }
  const view = waitingView(config, email, mail, resent ? { messages: [{ kind: 'success', text: M.resent }] } : {});
  // A locked user gets the very same page; only the event tells the admin.
  return locked ? failureChallenge(E.locked, view) : challenge(view);
}

/** A resend: refused (with the seconds to wait) during the cooldown, else a new mail. */
export async function resendMail(ctx: Ctx, email: string): Promise<Outcome> {
  const state = new MailState(ctx.notes);
  const sentAt = state.sentAt;
  const availableAt = sentAt === undefined ? 0 : sentAt + ctx.config.resendCooldownSeconds * 1000;
  const now = ctx.clock.now();
  if (now < availableAt) {
    const seconds = Math.ceil((availableAt - now) / 1000);
    return challenge(waitingView(ctx.config, email, state.mail, { messages: [{ kind: 'warning', text: M.resendWait, params: { seconds } }] }));
  }
  return sendMail(ctx, email, true);
}
