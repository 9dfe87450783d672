import type { LinkDescription } from '../../spi/context';
import type { RequestInfo } from '../../spi/results';

/** What the confirmation page of a link shows (from `inspectLink`, which changes nothing). */
export interface LinkPreview {
  readonly realm: string;
  /** The plugin that issued it. */
  readonly plugin: string;
  /** The plugin's description of the link (`describeLink`), or the generic one. */
  readonly description: LinkDescription;
  /** When it stops working (ms since the epoch). */
  readonly expiresAt: number;
  /**
   * The locale of the sign-in the link was mailed in (one of the realm's), for its pages: the
   * person reads the mail and the page in one language, whatever their browser says. Absent for a
   * link issued before links kept it.
   */
  readonly locale?: string;
  /** The client's redirect URI of that sign-in: confirming the link can finish the sign-in there. */
  readonly redirectUri?: string;
  /**
   * Opened in another browser than the one signing in: where and when that sign-in started, so the
   * person can tell whether it is theirs ("This wasn't me" ends it). Absent in the same browser.
   */
  readonly origin?: LinkOrigin;
  /**
   * The numbers to pick from (one of them is the number the waiting tab shows), when confirming
   * here approves that tab (`approve-waiting`, another browser). The confirmation must name it.
   */
  readonly choices?: readonly number[];
}

/** Where and when the sign-in of a link started. */
export interface LinkOrigin {
  /** When it started (ms since the epoch). */
  readonly startedAt: number;
  /** The User-Agent of the browser that started it, when it sent one. */
  readonly userAgent?: string;
  /** The coarse place it started from, when the server has a local database for that. */
  readonly place?: { readonly country?: string; readonly city?: string };
}

/** Facts about the request that confirms a link (its known device too, passed on like any request's). */
export interface ConfirmLinkInput extends RequestInfo {
  /** The confirming browser's id (`fg_browser`); the sign-in continues at once when it is the one signing in. */
  readonly browserId?: string;
  readonly ip?: string;
  /** The confirming browser's user-session cookie value, passed on like any request's. */
  readonly browserSessionToken?: string;
  /** The number picked on the link's page (another browser, `approve-waiting`); as posted, unchecked. */
  readonly choice?: string;
}

/** The message key of the confirmation page when the plugin does not describe its links. */
export const GENERIC_LINK_MESSAGE = 'page.linkConfirm.generic';

export type { ApprovedElsewhereResult, ConfirmLinkResult, LinkDeniedResult } from '../../spi/results';
