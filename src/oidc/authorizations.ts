import type { Request, Response } from 'express';
import type { AuthorizationRequests, CompletedSignIn, PendingAuthorization } from '../http/authorization-requests';
import type { OidcDeps } from './oidc-deps';
import type { OidcProviders } from './providers';

/** The interaction fields read here (oidc-provider's `Interaction` model). */
interface InteractionLike {
  uid: string;
  exp: number;
  params: Record<string, unknown>;
  prompt: { name: string; reasons: string[]; details: { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> } };
  grantId?: string;
  session?: { uid?: string; accountId?: string };
  result?: Record<string, unknown>;
  returnTo: string;
  save(ttl: number): Promise<unknown>;
}

/** Why the provider asked for a sign-in that single sign-on may not answer. */
const REAUTHENTICATE_REASONS = new Set(['login_prompt', 'max_age', 'id_token_hint']);

/**
 * Authorization requests of the realms' providers, for the login pages: an interaction is read
 * with the provider's own cookie check (`interactionDetails`), so only the browser that made the
 * request can sign in for it, and it is answered by storing the result and sending the browser to
 * the provider's resume URL.
 */
export class OidcAuthorizationRequests implements AuthorizationRequests {
  constructor(
    private readonly deps: OidcDeps,
    private readonly providers: OidcProviders,
  ) {}

  async pending(req: Request, res: Response, realm: string, uid: string): Promise<PendingAuthorization | undefined> {
    const provider = await this.providers.get(realm);
    let interaction: InteractionLike;
    try {
      interaction = (await provider.interactionDetails(req, res)) as unknown as InteractionLike;
    } catch {
      return undefined; // no cookie, expired, or its session ended
    }
    if (interaction.uid !== uid) return undefined;
    const params = interaction.params;
    const text = (name: string): string | undefined => (typeof params[name] === 'string' && params[name] !== '' ? (params[name] as string) : undefined);
    const loginHint = text('login_hint');
    const requestedAction = text('kc_action');
    return {
      uid,
      clientId: String(params.client_id),
      redirectUri: String(params.redirect_uri),
      slot: interaction.prompt.name === 'create' ? 'registration' : 'browser',
      ...(loginHint !== undefined && { loginHint }),
      uiLocales: (text('ui_locales') ?? '').split(' ').filter((l) => l !== ''),
      ...(requestedAction !== undefined && { requestedAction }),
      reauthenticate: interaction.prompt.reasons.some((r) => REAUTHENTICATE_REASONS.has(r)),
      ...(interaction.prompt.name === 'consent' && { consent: { scopes: interaction.prompt.details.missingOIDCScope ?? [] } }),
    };
  }

  async decideConsent(req: Request, res: Response, realm: string, uid: string, allow: boolean): Promise<string | undefined> {
    const provider = await this.providers.get(realm);
    let interaction: InteractionLike;
    try {
      interaction = (await provider.interactionDetails(req, res)) as unknown as InteractionLike;
    } catch {
      return undefined;
    }
    const accountId = interaction.session?.accountId;
    if (interaction.uid !== uid || interaction.prompt.name !== 'consent' || accountId === undefined) return undefined;
    if (!allow) return provider.interactionResult(req, res, { error: 'access_denied', error_description: 'the person did not allow it' }, { mergeWithLastSubmission: false });
    const grant = (interaction.grantId !== undefined ? await provider.Grant.find(interaction.grantId) : undefined) ?? new provider.Grant({ accountId, clientId: String(interaction.params.client_id) });
    const { missingOIDCScope = [], missingOIDCClaims = [] } = interaction.prompt.details;
    if (missingOIDCScope.length > 0) grant.addOIDCScope(missingOIDCScope.join(' '));
    if (missingOIDCClaims.length > 0) grant.addOIDCClaims(missingOIDCClaims);
    for (const [resource, scopes] of Object.entries(interaction.prompt.details.missingResourceScopes ?? {})) grant.addResourceScope(resource, scopes.join(' '));
    const grantId = await grant.save();
    return provider.interactionResult(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  async complete(realm: string, uid: string, signIn: CompletedSignIn): Promise<string | undefined> {
    const provider = await this.providers.get(realm);
    const interaction = (await provider.Interaction.find(uid)) as unknown as InteractionLike | undefined;
    if (!interaction) return undefined;
    // The provider session the request started in may belong to someone else, or have ended with
    // the Flowgate session this sign-in replaced: the session that counts is the one just made,
    // which the provider mirrors when the browser resumes (session-sync.ts).
    const previous = interaction.session;
    if (previous?.uid !== undefined && previous.accountId !== signIn.userId) await this.deps.adapters.delete(realm, { model: 'Session', uid: previous.uid });
    delete interaction.session;
    interaction.result = {
      // Keycloak's levels: `1` when the person proved who they are now, `0` for single sign-on.
      login: { accountId: signIn.userId, ts: Math.floor(signIn.authTime / 1000), amr: [...signIn.amr], acr: signIn.fresh ? '1' : '0', remember: true },
      flowgate: { sessionId: signIn.sessionId, ...(signIn.kcActionStatus !== undefined && { kcActionStatus: signIn.kcActionStatus }) },
      // `prompt=create` is answered by the registration flow that just ran.
      ...(interaction.prompt.name === 'create' && { create: {} }),
    };
    await interaction.save(Math.max(1, interaction.exp - Math.floor(Date.now() / 1000)));
    return interaction.returnTo;
  }
}
