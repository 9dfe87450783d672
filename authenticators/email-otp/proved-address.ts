import { FlowgateError, isFlowgateError } from '../../src/errors';
import { success, type AuthenticatorContext, type Outcome, type UserView } from '../../src/spi';

/** The options of a step that proves an address by mail and may create the account (email-otp, magic-link). */
export interface ProvedAddressConfig {
  readonly forceCreateUser: boolean;
  readonly updateProfileOnCreate: boolean;
}

/** Event recorded when a proved address creates an account (`forceCreateUser`). */
export const REGISTER_EVENT = 'REGISTER';
/** The required action made pending on created accounts with `updateProfileOnCreate`. */
export const UPDATE_PROFILE_ACTION = 'update-profile';

/**
 * Signs in whoever proved `email` (they used the code or link sent to it): `user`, or an account
 * created for the address under `forceCreateUser` (verified; REGISTER recorded with `method`;
 * `update-profile` added with `updateProfileOnCreate`). The address is marked verified and the
 * user's brute-force count cleared. Shared by the steps that prove an address by mail.
 */
export async function signInProvedAddress(
  ctx: AuthenticatorContext<ProvedAddressConfig>,
  email: string,
  user: UserView | undefined,
  method: string,
): Promise<Outcome> {
  const account = user ?? (await createAccount(ctx, email, method));
  if (!account.emailVerified) await ctx.users.markEmailVerified(account.id);
  await ctx.bruteForce.recordSuccess(account.id);
  ctx.setUser(account);
  return success();
}

async function createAccount(ctx: AuthenticatorContext<ProvedAddressConfig>, email: string, method: string): Promise<UserView> {
  // Codes and mails only reach unknown addresses with forceCreateUser; anything else is a bug.
  if (!ctx.config.forceCreateUser) throw new FlowgateError('FG_PLUGIN_ERROR', 'a code for an unknown address was accepted');
  let user: UserView;
  try {
    user = await ctx.users.create({ email, emailVerified: true });
  } catch (error) {
    // Someone created it meanwhile (another tab, the admin): the proved address signs in to it.
    if (!isFlowgateError(error, 'FG_USER_EXISTS')) throw error;
    const existing = await ctx.users.findByEmail(email);
    if (!existing) throw error;
    return existing;
  }
  if (ctx.config.updateProfileOnCreate) await ctx.users.addRequiredAction(user.id, UPDATE_PROFILE_ACTION);
  await ctx.events.record({ type: REGISTER_EVENT, userId: user.id, details: { method } });
  return user;
}
