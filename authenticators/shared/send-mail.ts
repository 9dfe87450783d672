import { randomUUID } from 'node:crypto';
import { challenge, failureChallenge, isKnownDeviceOf } from '../../src/spi';
import type { AuthenticatorContext, Outcome } from '../../src/spi';
import type { MailProof, MailProofConfig } from './mail-proof';
import { MailState, type SentMail } from './mail-state';
import { hashCode, newCode } from './otp-code';
import { accountFor } from './proved-address';
import { newSecurityPhrase } from './security-phrase';
import { spendSendBudget } from './send-budget';

/** Event recorded each time a mail is sent. */
export const CODE_SENT_EVENT = 'CODE_SENT';

/**
 * Sends a new mail to `email`, replacing the current one (its code and link stop working), when
 * there is someone to mail: an account, or anyone with `forceCreateUser`. Whatever happens the
 * answer is the waiting page, the same for a known, an unknown or a locked account.
 *
 * Enumeration: the request does the same work for every address (one lookup, the send budgets, the
 * code, the plugin's `prepareMail`, which issues a magic link for unknown addresses too, the mail
 * rendered and written to the outbox, one event), and nothing in it waits on SMTP. The only
 * difference is invisible from outside: a mail for nobody is stored as withheld (never delivered)
 * and its event is LOGIN_ERROR with the plugin's unknown-user reason instead of CODE_SENT. The
 * `bench/enumeration-timing.ts` script measures what is left.
 *
 * The count of wrong codes is kept (a new mail must not buy new guesses) unless the replaced code
 * had used them all up.
 */
export async function sendMail<C extends MailProofConfig>(ctx: AuthenticatorContext<C>, proof: MailProof<C>, email: string, resent = false): Promise<Outcome> {
  const config = ctx.config;
  const state = new MailState(ctx.notes);
  state.stage = 'sent';
  const account = await accountFor(ctx, email);
  const allowed = await spendSendBudget(ctx, proof.sendLimitName, email, account);
  if (!allowed.allowed) {
    // The current mail (if any) keeps working: only no new one is sent.
    const minutes = Math.max(1, Math.ceil(allowed.retryAfterSeconds / 60));
    const messages = [{ kind: 'error' as const, text: proof.messages.tooManySends, params: { minutes } }];
    return failureChallenge(proof.errors.rateLimited, proof.waitingView(config, email, state.mail, { messages }));
  }
  if (state.attempts >= proof.maxAttempts(config)) state.attempts = 0;

  // The lockout read runs for unknown addresses too (for an id no account has), so it costs both alike.
  const lockout = await ctx.bruteForce.status(account?.id ?? randomUUID());
  // The lockout holds unknown devices only: strangers' wrong guesses must not stop the person's own.
  const locked = account !== undefined && lockout.locked && !isKnownDeviceOf(ctx.requester, account.id);
  const deliver = !locked && (account !== undefined || config.forceCreateUser);
  const now = ctx.clock.now();
  const format = proof.codeFormat(config);
  const code = format && newCode(format.length, format.alphabet);
  const mail: SentMail = {
    sentAt: now,
    expiresAt: now + proof.lifetimeSeconds(config) * 1000,
    delivered: deliver,
    ...(code !== undefined && { code: hashCode(ctx.secrets, code) }),
    ...(config.securityPhrase && { phrase: newSecurityPhrase() }),
  };
  state.mail = mail;
  state.sentAt = now;
  const extra = (await proof.prepareMail?.(ctx, email, account, mail)) ?? {};
  await ctx.mail.send({
    to: email,
    template: proof.template,
    model: {
      ...extra,
      ...(code !== undefined && { code }),
      minutes: Math.ceil(proof.lifetimeSeconds(config) / 60),
      ...(mail.phrase !== undefined && { securityPhrase: mail.phrase }),
      // The mail names the realm as people know it, not by its id.
      realmDisplayName: ctx.authSession.realmDisplayName ?? ctx.authSession.realm,
    },
    ...(account && { userId: account.id }),
    expiresAt: mail.expiresAt,
    withhold: !deliver,
  });
  const view = proof.waitingView(config, email, mail, resent ? { messages: [{ kind: 'success', text: proof.messages.resent }] } : {});
  // A locked user and an unknown address get the very same page; only the event tells the admin.
  if (locked) return failureChallenge(proof.errors.locked, view);
  if (!deliver) return failureChallenge(proof.errors.unknownUser, view);
  await ctx.events.record({
    type: CODE_SENT_EVENT,
    ...(account && { userId: account.id }),
    details: { method: proof.method, resend: resent, newUser: account === undefined },
  });
  return challenge(view);
}

/** A resend: refused (with the seconds to wait) during the cooldown, else a new mail. */
export async function resendMail<C extends MailProofConfig>(ctx: AuthenticatorContext<C>, proof: MailProof<C>, email: string): Promise<Outcome> {
  const state = new MailState(ctx.notes);
  const sentAt = state.sentAt;
  const availableAt = sentAt === undefined ? 0 : sentAt + ctx.config.resendCooldownSeconds * 1000;
  const now = ctx.clock.now();
  if (now < availableAt) {
    const seconds = Math.ceil((availableAt - now) / 1000);
    return challenge(proof.waitingView(ctx.config, email, state.mail, { messages: [{ kind: 'warning', text: proof.messages.resendWait, params: { seconds } }] }));
  }
  return sendMail(ctx, proof, email, true);
}
