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
}

/** Facts about the request that confirms a link (its known device too, passed on like any request's). */
export interface ConfirmLinkInput extends RequestInfo {
  /** The confirming browser's id (`fg_browser`); the sign-in continues at once when it is the one signing in. */
  readonly browserId?: string;
  readonly ip?: string;
  /** The confirming browser's user-session cookie value, passed on like any request's. */
  readonly browserSessionToken?: string;
}




/** The message key of the confirmation page when the plugin does not describe its links. */
export const GENERIC_LINK_MESSAGE = 'page.linkConfirm.generic';

export type { ApprovedElsewhereResult, ConfirmLinkResult, LinkDeniedResult } from '../../spi/results';
