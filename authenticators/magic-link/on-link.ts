import { hasErrorCode, type CrossBrowserLink, type LinkContext, type LinkDescription, type LinkInfo, type LinkOutcome } from '../../src/spi';
import { maskEmail } from '../verify-email/mask-email';
import { accountFor, MailState, proveAddress } from '../shared';
import type { MagicLinkConfig } from './config';
import { LOGIN_ERROR_EVENT, MAGIC_LINK_ERRORS as E, MAGIC_LINK_ID, MAGIC_LINK_MESSAGES as M } from './messages';

/** The `data` of a magic link: the address it was mailed to, and the account it names, if any then. */
export interface MagicLinkData {
  readonly email: string;
  readonly userId?: string;
}

/** What a magic link's token carries (its subject is the address, so a resend revokes every earlier link to it). */
export function linkData(email: string, userId: string | undefined): MagicLinkData {
  return { email, ...(userId !== undefined && { userId }) };
}

/**
 * A link of this step was confirmed (a POST: the engine has already used the token up, once). It
 * proves control of the address it was mailed to. It must still be the address this step proves,
 * and the account it named (if it named one) must still have it; a link mailed to an address
 * without an account signs up that address under `forceCreateUser` (or signs in to the account
 * someone made for it meanwhile).
 *
 * Opened in the browser that asked, the sign-in goes on there. Elsewhere, `crossDevice` decides:
 * the waiting tab goes on (`continue-original`), the sign-in moves to this browser
 * (`sign-in-here`), or the link is refused (`deny`, which also spends it).
 */
export async function onMagicLink(ctx: LinkContext<MagicLinkConfig>): Promise<LinkOutcome> {
  const { email, userId } = ctx.link.data as Partial<MagicLinkData>;
  const state = new MailState(ctx.notes);
  const account = typeof email === 'string' ? await accountFor(ctx, email) : undefined;
  const current =
    typeof email === 'string' &&
    email === ctx.link.subject &&
    email === state.email &&
    (ctx.user === undefined || ctx.user.email === email) &&
    (userId === undefined ? account !== undefined || ctx.config.forceCreateUser : account?.id === userId);
  if (!current) {
    await ctx.events.record({ type: LOGIN_ERROR_EVENT, ...(account && { userId: account.id }), error: E.staleLink, details: { method: MAGIC_LINK_ID } });
    return { type: 'deny', message: M.linkStale };
  }
  if (!ctx.sameBrowser && ctx.config.crossDevice === 'deny') {
    await ctx.events.record({ type: LOGIN_ERROR_EVENT, ...(account && { userId: account.id }), error: E.wrongBrowserDenied, details: { method: MAGIC_LINK_ID } });
    return { type: 'deny', message: M.linkWrongBrowser };
  }
  // The mail is used: its code must not sign in a second time.
  state.spend();
  try {
    ctx.setUser(await proveAddress(ctx, email, account, MAGIC_LINK_ID));
  } catch (error) {
    // No account for an address that looks like another account's (said only to whoever proved it).
    if (!hasErrorCode(error, 'FG_EMAIL_CONFUSABLE')) throw error;
    await ctx.events.record({ type: LOGIN_ERROR_EVENT, error: E.confusableEmail, details: { method: MAGIC_LINK_ID } });
    return { type: 'deny', message: M.linkConfusable };
  }
  return { type: 'approve', ...(ctx.config.crossDevice === 'sign-in-here' && { continueHere: true }) };
}

/** The confirmation page: "Continue signing in as a…@example.com" (masked, for shared screens). */
export function describeMagicLink(link: LinkInfo): LinkDescription {
  const email = typeof link.data['email'] === 'string' ? link.data['email'] : '';
  return { message: M.linkConfirm, params: { email: maskEmail(email) } };
}

/**
 * `crossDevice` as the engine needs it before a link is used: `continue-original` approves the
 * waiting tab (the engine then asks for its number), `sign-in-here` moves the sign-in, `deny` refuses.
 */
export function crossBrowserLink(config: MagicLinkConfig): CrossBrowserLink {
  if (config.crossDevice === 'sign-in-here') return 'continue-here';
  return config.crossDevice === 'deny' ? 'refuse' : 'approve-waiting';
}
