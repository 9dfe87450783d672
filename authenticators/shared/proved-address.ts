import { hasErrorCode, success, type AuthenticatorContext, type Outcome, type PluginContext, type UserView } from '../../src/spi';

/** The options of a step that proves an address by mail and may create the account (email-otp, magic-link). */
export interface ProvedAddressConfig {
  readonly forceCreateUser: boolean;
  readonly updateProfileOnCreate: boolean;
}

/** What proving an address needs from a context: an authenticator's, or a link's (`onLink`). */
export type ProvedAddressContext = Pick<PluginContext<ProvedAddressConfig>, 'config' | 'users' | 'events' | 'bruteForce'>;

/** Event recorded when a proved address creates an account (`forceCreateUser`). */
export const REGISTER_EVENT = 'REGISTER';
/** The required action made pending on created accounts with `updateProfileOnCreate`. */
export const UPDATE_PROFILE_ACTION = 'update-profile';

/**
 * The enabled account with `email`, if any. A disabled account counts as none, so it is never
 * mailed and never signed in. Always a fresh lookup, even when the flow's user has the address: the
 * view may be stale, and a request for a known address must not skip the query one for an unknown
 * address makes (that difference in time would tell who has an account).
 */
export async function accountFor(ctx: Pick<PluginContext<unknown>, 'users'>, email: string): Promise<UserView | undefined> {
  const user = await ctx.users.findByEmail(email);
  return user?.enabled ? user : undefined;
}

/**
 * The account of whoever proved `email` (they used the code or the link sent to it): `user`, or an
 * account created for the address under `forceCreateUser` (verified; REGISTER recorded with
 * `method`; `update-profile` added with `updateProfileOnCreate`). The address is marked verified
 * and the user's brute-force count cleared. The caller makes it the flow's user.
 */
export async function proveAddress(ctx: ProvedAddressContext, email: string, user: UserView | undefined, method: string): Promise<UserView> {
  const account = user ?? (await createAccount(ctx, email, method));
  if (!account.emailVerified) await ctx.users.markEmailVerified(account.id);
  await ctx.bruteForce.recordSuccess(account.id);
  return account;
}

/** `proveAddress`, then the account is the flow's user and the step succeeds. */
export async function signInProvedAddress(ctx: AuthenticatorContext<ProvedAddressConfig>, email: string, user: UserView | undefined, method: string): Promise<Outcome> {
  ctx.setUser(await proveAddress(ctx, email, user, method));
  return success();
}

async function createAccount(ctx: ProvedAddressContext, email: string, method: string): Promise<UserView> {
  // Codes and links only prove unknown addresses with forceCreateUser; anything else is a bug.
  if (!ctx.config.forceCreateUser) throw new Error('a mail to an unknown address was used without forceCreateUser');
  let user: UserView;
  try {
    user = await ctx.users.create({ email, emailVerified: true });
  } catch (error) {
    // Someone created it meanwhile (another tab, the admin): the proved address signs in to it.
    if (!hasErrorCode(error, 'FG_USER_EXISTS')) throw error;
    const existing = await ctx.users.findByEmail(email);
    if (!existing) throw error;
    return existing;
  }
  if (ctx.config.updateProfileOnCreate) await ctx.users.addRequiredAction(user.id, UPDATE_PROFILE_ACTION);
  await ctx.events.record({ type: REGISTER_EVENT, userId: user.id, details: { method } });
  return user;
}
