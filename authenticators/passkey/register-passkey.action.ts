import path from 'node:path';
import { challenge, defineRequiredAction, failure, ignore, success } from '../../src/spi';
import type { RequiredActionContext, RequiredActionOutcome, UserView } from '../../src/spi';
import { PASSKEY_AMR, registrationOptions, verifyRegistration } from './ceremony';
import { REGISTER_PASSKEY_CONFIG_SCHEMA, type RegisterPasskeyConfig } from './config';
import { ACTION_FIELD, ACTIONS, CREDENTIAL_FIELD, LABEL_FIELD, PASSKEY_ERRORS as E, PASSKEY_MESSAGES as M, REGISTER_PASSKEY_ID, REGISTER_PASSKEY_VIEW } from './messages';
import { registerView } from './views';

// Marks that the person was offered a passkey (`when: once`): skipping then is final. Reserved, so
// no profile form can set or clear it.
import { PASSKEY_OFFERED_ATTRIBUTE } from '../../src/spi';

/**
 * Offers a passkey after a sign-in, typically one by mail: the page asks the browser to make a
 * discoverable credential for the account, names it after the device, and stores it, so the next
 * sign-in is one tap. Offered to everyone without a passkey (`when: until-registered`, the default)
 * or once per person (`when: once`); `skippable` (default) lets people sign in without one.
 * Keycloak's `webauthn-register-passwordless`; an application may ask for it with `kc_action`.
 */
export const registerPasskeyAction = defineRequiredAction<RegisterPasskeyConfig>({
  id: REGISTER_PASSKEY_ID,
  failureReasons: [E.unknownUser],
  eventType: 'UPDATE_CREDENTIAL',
  displayName: 'Register a passkey',
  helpText: 'After a sign-in, offers to create a passkey on this device so the next sign-in needs no email. Skippable by default.',
  views: [REGISTER_PASSKEY_VIEW],
  templatesDir: path.join(__dirname, 'templates', 'register'),
  messagesDir: path.join(__dirname, 'messages'),
  configSchema: REGISTER_PASSKEY_CONFIG_SCHEMA,

  async evaluateTriggers(ctx) {
    const user = ctx.user;
    if (!user || user.requiredActions.includes(REGISTER_PASSKEY_ID)) return;
    // Offered after a sign-in that proved something other than a passkey (a mail, a code), not after
    // single sign-on, which proves nothing new and would ask at every visit.
    if (!ctx.amr.some((value) => value !== PASSKEY_AMR)) return;
    if (ctx.config.when === 'once' && user.attributes[PASSKEY_OFFERED_ATTRIBUTE]?.[0] === 'true') return;
    if ((await ctx.passkeys.listForUser(user.id)).length > 0) return;
    await ctx.require();
  },

  async challenge(ctx) {
    if (!ctx.user) return failure(E.unknownUser);
    return offer(ctx, ctx.user, '');
  },

  async process(ctx) {
    const user = ctx.user;
    if (!user) return failure(E.unknownUser);
    if (ctx.form[ACTION_FIELD] === ACTIONS.skip) {
      if (!ctx.config.skippable) return offer(ctx, user, '');
      await markOffered(ctx, user);
      // Left pending under `until-registered`, so the offer comes back at the next sign-in.
      if (ctx.config.when === 'once') return success();
      return ignore();
    }
    const label = ctx.form[LABEL_FIELD] ?? '';
    const result = await verifyRegistration(ctx, ctx.form[CREDENTIAL_FIELD], user, label, ctx.config);
    if (!result.ok) {
      await ctx.events.record({ type: 'UPDATE_CREDENTIAL_ERROR', userId: user.id, error: result.reason, details: { credentialType: 'passkey' } });
      return offer(ctx, user, label, result.reason === E.exists ? M.exists : M.registrationFailed);
    }
    await markOffered(ctx, user);
    return success();
  },
});

async function offer(ctx: RequiredActionContext<RegisterPasskeyConfig>, user: UserView, label: string, error?: string): Promise<RequiredActionOutcome> {
  const options = await registrationOptions(ctx, user, ctx.config);
  return challenge(registerView(options, ctx.config.skippable, label, error ? [{ kind: 'error', text: error }] : []));
}

async function markOffered(ctx: RequiredActionContext<RegisterPasskeyConfig>, user: UserView): Promise<void> {
  if (ctx.config.when === 'once' && user.attributes[PASSKEY_OFFERED_ATTRIBUTE]?.[0] !== 'true') await ctx.users.setAttribute(user.id, PASSKEY_OFFERED_ATTRIBUTE, ['true']);
}
