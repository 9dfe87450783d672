import type { LinkContext, LinkDescription, LinkInfo, LinkOutcome } from '../../src/spi';
import { maskEmail } from '../verify-email/mask-email';
import type { MagicLinkConfig } from './config';
import { MailState } from './mail-state';
import { LOGIN_ERROR_EVENT, MAGIC_LINK_ERRORS as E, MAGIC_LINK_MESSAGES as M, METHOD } from './messages';

/**
 * A link of this step was confirmed (a POST: the engine has already used the token up, once). It
 * proves control of the address it was sent to, for the account it names. Opened in the browser
 * that asked, the sign-in goes on there; elsewhere, `crossDevice` decides whether the waiting tab
 * goes on (`continue-original`) or the link is refused (`deny`, which also spends it).
 */
export async function onMagicLink(ctx: LinkContext<MagicLinkConfig>): Promise<LinkOutcome> {
  const user = ctx.user;
  const email = ctx.link.data['email'];
  // The account's address changed since (or the flow's user did): the link proves nothing about it.
  if (!user || ctx.link.subject !== user.id || email !== user.email || !user.enabled) {
    await ctx.events.record({ type: LOGIN_ERROR_EVENT, ...(user && { userId: user.id }), error: E.staleLink, details: { method: METHOD } });
    return { type: 'deny', message: M.linkStale };
  }
  if (!ctx.sameBrowser && ctx.config.crossDevice === 'deny') {
    await ctx.events.record({ type: LOGIN_ERROR_EVENT, userId: user.id, error: E.wrongBrowserDenied, details: { method: METHOD } });
    return { type: 'deny', message: M.linkWrongBrowser };
  }
  // The mail is used: its code must not sign in a second time.
  const state = new MailState(ctx.notes);
  state.dropCode();
  state.mail = undefined;
  if (!user.emailVerified) await ctx.users.markEmailVerified(user.id);
  await ctx.bruteForce.recordSuccess(user.id);
  return { type: 'approve' };
}

/** The confirmation page: "Continue signing in as a…@example.com" (masked, for shared screens). */
export function describeMagicLink(link: LinkInfo): LinkDescription {
  const email = typeof link.data['email'] === 'string' ? link.data['email'] : '';
  return { message: M.linkConfirm, params: { email: maskEmail(email) } };
}
