import type { Response } from 'express';
import { secureCookies } from '../../security';
import type { AppDeps } from '../app-deps';
import { issueBrowserId } from '../middleware/browser';
import { stateOf } from '../request-state';

/**
 * Gives the browser a new `fg_browser` id when someone signs in (#19 item 5), so an id that someone
 * else knows (one they planted: the cookie can be written from a sibling subdomain, and the planter
 * may hold a validly signed id of their own) stops working at the moment it would start to matter.
 * CSRF tokens are bound to the id, so every form rendered before the sign-in is refused afterwards
 * (403 `FG_CSRF_INVALID`, "reload the page"): accepting the old id's tokens would keep exactly the
 * planter's tokens valid.
 *
 * The browser's other tabs follow it to the new id only when carrying them cannot help a planter
 * sign this browser in as someone else:
 * - tabs nobody has been identified in yet (they still need the person to identify and prove
 *   themselves, so a planter's gains nothing), and
 * - tabs of the very person who signed in, in this realm (this one included: its back button
 *   still says "already finished"; a tab waiting for a link keeps polling, and a link opened later
 *   still counts as "this browser").
 * A tab identified as someone else, or in another realm, stays with the old id: it may be a
 * planter's sign-in of their own account (approved from their phone) that they could otherwise
 * finish in this browser with a navigation. Such a tab of the person's own (two accounts signing in
 * at once in one browser, which is rare) answers "sign-in not found" and is started again.
 */
export async function rotateBrowserId(res: Response, deps: AppDeps, signedIn: { readonly realm: string; readonly userId: string }): Promise<void> {
  const old = stateOf(res).browserId;
  const fresh = issueBrowserId(res, { key: deps.browserKey, secure: secureCookies(deps.config.publicUrl) });
  if (old === undefined) return;
  const tabs = await deps.authSessions.listByRoot(old);
  const carried = tabs.filter((tab) => tab.userId === undefined || (tab.realm === signedIn.realm && tab.userId === signedIn.userId));
  await deps.authSessions.moveToRoot(carried.map((tab) => tab.id), old, fresh);
}
