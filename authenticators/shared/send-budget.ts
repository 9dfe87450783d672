import { defineRateLimit, isKnownDeviceOf } from '../../src/spi';
import type { AuthenticatorContext, ConfigProperty, RateLimitDecision, UserView } from '../../src/spi';

/**
 * The send budgets of the steps that prove an address by mail (#19 item 2, decision 22). Anyone
 * can type someone's address, so a budget counted by the address alone is one strangers can spend
 * for them. Sends are counted instead per (address, browser) and per (address, network), under a
 * per-address ceiling well above both, which bounds the mail one mailbox gets; a known device of the
 * account (a browser that signed in as it before) has a budget of its own and is held by none of
 * the others, so whatever strangers do, the person still gets mail there.
 */

/** The budget options every mail step has; `SEND_BUDGET_PROPERTIES` documents them. */
export interface SendBudgetConfig {
  readonly maxSendsPerHour: number;
  readonly maxSendsPerBrowserPerHour: number;
  readonly maxSendsPerNetworkPerHour: number;
  readonly maxSendsPerKnownDevicePerHour: number;
}

/** Every budget refills over an hour (GCRA: the burst, then one more every hour / max). */
const WINDOW_SECONDS = 3600;

/** The budget options' schema, declared once for every mail step's config schema. */
export const SEND_BUDGET_PROPERTIES: Readonly<Record<keyof SendBudgetConfig, ConfigProperty>> = {
  maxSendsPerHour: {
    type: 'integer',
    title: 'Mails per address per hour',
    description:
      'The ceiling: most mails sent to one address per hour from all unknown devices together, across sign-ins, so nobody can flood a mailbox. Default 30; between 1 and 1000. Keep it well above the per-browser and per-network budgets: a stranger on a few networks can use it up, and then only the person\'s known devices still get mail.',
    default: 30,
    minimum: 1,
    maximum: 1000,
  },
  maxSendsPerBrowserPerHour: {
    type: 'integer',
    title: 'Mails per address per browser per hour',
    description: 'Most mails one browser may have sent to one address per hour. Default 5; between 1 and 100.',
    default: 5,
    minimum: 1,
    maximum: 100,
  },
  maxSendsPerNetworkPerHour: {
    type: 'integer',
    title: 'Mails per address per network per hour',
    description:
      'Most mails sent to one address per hour on behalf of one network (an IPv4 /24, an IPv6 /56), whatever the browsers: a stranger who discards cookies is held here. Default 10; between 1 and 1000. Raise it when many people share one address (a company NAT).',
    default: 10,
    minimum: 1,
    maximum: 1000,
  },
  maxSendsPerKnownDevicePerHour: {
    type: 'integer',
    title: 'Mails per known device per hour',
    description:
      'Most mails sent to an account\'s address per hour on behalf of one of its known devices (a browser that signed in as it before and still holds its device cookie). This budget is the device\'s own: what unknown devices spend never reduces it, and it is not counted against the ceiling. Default 10; between 1 and 100.',
    default: 10,
    minimum: 1,
    maximum: 100,
  },
};

/**
 * Spends one send to `email` (of `account`, if it has one) from the requester's budgets, named
 * `<limitName>.device`, `.browser`, `.network` and `.address`. A known device of the account spends
 * its own only. Anyone else spends the narrow budgets first, so a refused request leaves the wider
 * ones untouched: the ceiling is spent only by sends the browser and network budgets allowed.
 * Returns the refusing decision, or the last allowing one.
 */
export async function spendSendBudget(ctx: AuthenticatorContext<SendBudgetConfig>, limitName: string, email: string, account: UserView | undefined): Promise<RateLimitDecision> {
  const { config, requester, rateLimits } = ctx;
  const budget = (kind: string, max: number) => defineRateLimit({ name: `${limitName}.${kind}`, max, windowSeconds: WINDOW_SECONDS });
  // Keys pair the address with the requester; a NUL never occurs in a valid address.
  const key = (part: string): string => `${email}\u0000${part}`;
  const device = requester.knownDevice;
  if (device && isKnownDeviceOf(requester, account?.id)) return rateLimits.consume(budget('device', config.maxSendsPerKnownDevicePerHour), key(device.id));
  const browser = await rateLimits.consume(budget('browser', config.maxSendsPerBrowserPerHour), key(requester.browser));
  if (!browser.allowed) return browser;
  const network = await rateLimits.consume(budget('network', config.maxSendsPerNetworkPerHour), key(requester.network));
  if (!network.allowed) return network;
  return rateLimits.consume(budget('address', config.maxSendsPerHour), email);
}
