/**
 * Who sent the request a plugin is handling, as far as budgets need to know: which browser, which
 * network, and whether the browser is a known device of a user. Mail steps count their sends by
 * these (#19 item 2), so that traffic from strangers cannot use up the budget of the person whose
 * address they type.
 */

/**
 * A browser that signed in as a user before and still holds the realm's device cookie (signed by
 * the server, long-lived, naming a server-side record the person can revoke on the account page).
 */
export interface KnownDevice {
  /** The device record's id: stable across sign-ins of that browser, until revoked or expired. Not a secret. */
  readonly id: string;
  /** The user it signed in as. */
  readonly userId: string;
}

/** The requester of the current call: opaque keys for rate limits, and the known device, if any. */
export interface Requester {
  /**
   * An opaque key of the requesting browser (a keyed hash of its `fg_browser` id), or `unknown`
   * when the request carried none. The id changes at every sign-in; a stranger gets a new one per
   * request, so a budget keyed by it alone binds only browsers that keep their cookie.
   */
  readonly browser: string;
  /**
   * The requesting network: the client address's /24 for IPv4 (IPv4-mapped IPv6 included), its
   * /56 for IPv6, or `unknown`. Behind a proxy it is only right when the server's `trustProxy` is.
   */
  readonly network: string;
  /** The known device the request comes from, if its cookie is valid and its record still exists. */
  readonly knownDevice: KnownDevice | undefined;
}

/** Whether `requester` is a known device of the user with id `userId` (`false` for no user). */
export function isKnownDeviceOf(requester: Requester, userId: string | undefined): boolean {
  return userId !== undefined && requester.knownDevice?.userId === userId;
}
