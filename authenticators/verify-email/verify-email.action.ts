import * as path from 'node:path';
import { challenge, defineRequiredAction, success } from '../../src/spi';
import type { ChallengeView, RequiredActionContext, RequiredActionOutcome, UserView, ViewMessage } from '../../src/spi';
import { maskEmail } from './mask-email';
import { VERIFY_EMAIL_MESSAGES as M, VERIFY_EMAIL_TEMPLATE, VERIFY_EMAIL_VIEW } from './messages';

// The runner only runs actions for an identified user; without one there is nothing to do.
const UNKNOWN_USER = 'unknown_user';

/** Plugin id of the verify-email required action (also its `kc_action` value). */
export const VERIFY_EMAIL_ID = 'verify-email';

/** The realm's config of the action (`requiredActions[].config`). */
export interface VerifyEmailConfig {
  /** Seconds the emailed link works. */
  readonly linkLifetimeSeconds: number;
  /** Seconds before "send it again" may send another mail. */
  readonly resendCooldownSeconds: number;
}

/**
 * Seconds between the waiting page's checks of the sign-in's status endpoint, so it moves on once
 * the link is followed elsewhere (it reloads only when the status changed).
 */
export const VERIFY_EMAIL_POLL_SECONDS = 3;

// Notes: when the last mail went out, and to which address.
const SENT_AT = 'sentAt';
// The form's buttons: `action=resend` or `action=continue`.
const ACTION_FIELD = 'action';

/**
 * Keycloak's VERIFY_EMAIL. When enabled in a realm, everyone whose address is not verified must
 * follow a single-use link mailed to it before they are signed in. The link leads back into this
 * sign-in: confirmed in the same browser, the sign-in goes on at once; confirmed on another device,
 * the waiting page moves on by itself (it reloads every few seconds) or on "I've verified".
 */
export const verifyEmailAction = defineRequiredAction<VerifyEmailConfig>({
  id: VERIFY_EMAIL_ID,
  failureReasons: [UNKNOWN_USER],
  eventType: 'VERIFY_EMAIL',
  displayName: 'Verify email',
  helpText: 'Mails a single-use link to people whose email address is not verified yet, and signs them in once they follow it.',
  views: [VERIFY_EMAIL_VIEW],
  templatesDir: path.join(__dirname, 'templates'),
  messagesDir: path.join(__dirname, 'messages'),
  configSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      linkLifetimeSeconds: {
        type: 'integer',
        title: 'Link lifetime (seconds)',
        description: 'How long the emailed link works. Default 43200 (12 hours); at least 300. Shorten it when mailboxes may be shared.',
        default: 43200,
        minimum: 300,
        maximum: 604800,
      },
      resendCooldownSeconds: {
        type: 'integer',
        title: 'Resend cooldown (seconds)',
        description: 'Seconds before "send it again" sends another mail (earlier links then stop working). Default 60.',
        default: 60,
        minimum: 0,
        maximum: 3600,
      },
    },
  },

  // Enabling the action in a realm is the switch: every unverified address must be verified.
  async evaluateTriggers(ctx) {
    if (ctx.user && !ctx.user.emailVerified) await ctx.require();
  },

  async challenge(ctx) {
    const user = ctx.user;
    if (!user) return { type: 'failure', error: UNKNOWN_USER };
    // Verified meanwhile (another sign-in's link, an admin): nothing left to do.
    if (user.emailVerified) return success();
    // One mail per sign-in: a reload of the page must not send another.
    if (ctx.notes.get<number>(SENT_AT) === undefined) await sendLink(ctx, user);
    return challenge(waitingView(ctx, user));
  },

  async process(ctx): Promise<RequiredActionOutcome> {
    const current = ctx.user && (await ctx.users.findById(ctx.user.id));
    if (!current) return { type: 'failure', error: UNKNOWN_USER };
    if (current.emailVerified) return success();
    if (ctx.form[ACTION_FIELD] === 'resend') {
      const wait = secondsUntilResend(ctx);
      if (wait > 0) return challenge(waitingView(ctx, current, { kind: 'warning', text: M.resendWait, params: { seconds: wait } }));
      // A new link makes the earlier ones useless: only the newest mail works.
      await ctx.links.revokeAll(current.id);
      await sendLink(ctx, current);
      return challenge(waitingView(ctx, current, { kind: 'success', text: M.resent }));
    }
    return challenge(waitingView(ctx, current, { kind: 'error', text: M.notYet }));
  },

  async onLink(ctx) {
    const user = ctx.user;
    // The link proves control of the address it was sent to; if the account's address changed since, it proves nothing.
    if (!user || ctx.link.subject !== user.id || ctx.link.data['email'] !== user.email) return { type: 'deny', message: M.linkStale };
    if (!user.emailVerified) await ctx.users.markEmailVerified(user.id);
    return { type: 'approve' };
  },

  describeLink(link) {
    const email = typeof link.data['email'] === 'string' ? link.data['email'] : '';
    return { message: M.linkConfirm, params: { email: maskEmail(email) } };
  },
});

async function sendLink(ctx: RequiredActionContext<VerifyEmailConfig>, user: UserView): Promise<void> {
  const lifetime = ctx.config.linkLifetimeSeconds;
  const link = await ctx.links.issue({ ttlSeconds: lifetime, subject: user.id, data: { email: user.email } });
  const { key, count } = lifetimeText(lifetime);
  await ctx.mail.send({
    to: user.email,
    template: VERIFY_EMAIL_TEMPLATE,
    model: { link: link.url, lifetimeKey: key, lifetimeCount: count },
    userId: user.id,
    expiresAt: link.expiresAt,
  });
  ctx.notes.set(SENT_AT, ctx.clock.now());
}

function secondsUntilResend(ctx: RequiredActionContext<VerifyEmailConfig>): number {
  const sentAt = ctx.notes.get<number>(SENT_AT);
  if (sentAt === undefined) return 0;
  return Math.max(0, Math.ceil((sentAt + ctx.config.resendCooldownSeconds * 1000 - ctx.clock.now()) / 1000));
}

/** "12 hours" or "30 minutes", as a message key and its count. */
function lifetimeText(seconds: number): { key: string; count: number } {
  return seconds >= 7200 ? { key: M.hours, count: Math.floor(seconds / 3600) } : { key: M.minutes, count: Math.floor(seconds / 60) };
}

function waitingView(ctx: RequiredActionContext<VerifyEmailConfig>, user: UserView, notice?: ViewMessage): ChallengeView {
  const { key, count } = lifetimeText(ctx.config.linkLifetimeSeconds);
  return {
    view: VERIFY_EMAIL_VIEW,
    model: {
      email: maskEmail(user.email),
      lifetimeKey: key,
      lifetimeCount: count,
      resendInSeconds: secondsUntilResend(ctx),
      pollSeconds: VERIFY_EMAIL_POLL_SECONDS,
    },
    fields: [],
    messages: [{ kind: 'info', text: M.sent, params: { email: maskEmail(user.email) } }, ...(notice ? [notice] : [])],
  };
}
