import path from 'node:path';
import { attempted, challenge, defineAuthenticator, failureChallenge, success } from '../../src/spi';
import type { AuthenticatorContext, Outcome } from '../../src/spi';
import { authenticationOptions, PASSKEY_AMR, verifyAssertion } from './ceremony';
import { PASSKEY_CONFIG_SCHEMA, type PasskeyConfig } from './config';
import { CREDENTIAL_FIELD, PASSKEY_ERRORS as E, PASSKEY_ID, PASSKEY_MESSAGES as M, PASSKEY_VIEW } from './messages';
import { conditionalOffer, signInView } from './views';

/**
 * Signs in with a passkey (a WebAuthn discoverable credential). As a first step (nobody identified
 * yet) any passkey of the realm will do and names its user: no address typed, no mail. After a step
 * that identified someone, it asks for that person's passkeys and is skipped (attempted) for people
 * without one, so the mail methods beside it take over; with `allowCredentialsForKnownUser` off it
 * asks anyone and checks the passkey is theirs. Every failure looks the same to the person.
 */
export const passkeyAuthenticator = defineAuthenticator<PasskeyConfig>({
  id: PASSKEY_ID,
  failureReasons: [E.malformed, E.invalidChallenge, E.wrongOrigin, E.wrongRpId, E.unknownCredential, E.wrongUser, E.invalidSignature, E.counterRegressed],
  amr: PASSKEY_AMR,
  displayName: 'Passkey',
  helpText: 'Signs in with a passkey: first (any passkey names its user, no email typed) or after identify-email (that person\'s passkeys; skipped for people without one). Pair it with the register-passkey required action.',
  requirements: ['REQUIRED', 'ALTERNATIVE', 'DISABLED'],
  requiresUser: false,
  views: [PASSKEY_VIEW],
  templatesDir: path.join(__dirname, 'templates', 'sign-in'),
  messagesDir: path.join(__dirname, 'messages'),
  configSchema: PASSKEY_CONFIG_SCHEMA,

  async authenticate(ctx) {
    const known = ctx.user !== undefined || ctx.attemptedIdentifier !== undefined;
    if (known && ctx.config.allowCredentialsForKnownUser) {
      // An address without an account looks exactly like an account without a passkey.
      const passkeys = ctx.user ? await ctx.passkeys.listForUser(ctx.user.id) : [];
      if (passkeys.length === 0) return attempted();
      return challenge(signInView(await authenticationOptions(ctx, ctx.config, passkeys)));
    }
    return challenge(signInView(await authenticationOptions(ctx, ctx.config)));
  },

  // Conditional UI: on the page where nobody is identified yet (identify-email), the same offer for
  // everyone, so it says nothing about accounts; the answer comes to `action` as from this page.
  async offer(ctx) {
    if (ctx.user !== undefined || ctx.attemptedIdentifier !== undefined) return undefined;
    return conditionalOffer(await authenticationOptions(ctx, ctx.config));
  },

  async action(ctx) {
    const result = await verifyAssertion(ctx, ctx.form[CREDENTIAL_FIELD], ctx.config, ctx.user);
    if (!result.ok) return retry(ctx, result.reason);
    ctx.setUser(result.user);
    ctx.setAttemptedIdentifier(result.user.email);
    return success();
  },
});

/** The same page again with a fresh challenge and the one message every failure gets. */
async function retry(ctx: AuthenticatorContext<PasskeyConfig>, reason: string): Promise<Outcome> {
  const passkeys = ctx.user && ctx.config.allowCredentialsForKnownUser ? await ctx.passkeys.listForUser(ctx.user.id) : [];
  return failureChallenge(reason, signInView(await authenticationOptions(ctx, ctx.config, passkeys), [{ kind: 'error', text: M.failed }]));
}
