import type { Provider as ProviderInstance } from 'oidc-provider';
import { oidcProviderLib, type Configuration, type KoaContextWithOIDC } from './provider-lib';
import type { RealmKeys } from '../store/signing-key.store';
import { realmAdapterFactory } from './adapter';
import { SCOPE_CLAIMS, userClaims } from './claims';
import { EXTRA_CLIENT_METADATA } from './client-metadata';
import { recordProviderEvents } from './events';
import { interactionPath, KEYCLOAK_ROUTES } from './keycloak-routes';
import { AUTHORIZATION_CODE_SECONDS, lifetimeOf } from './lifetimes';
import type { OidcDeps } from './oidc-deps';
import { providerPages } from './provider-pages';
import { grantResourceScopes, resourceIndicators } from './resource-servers';
import { sessionSyncPrompt } from './session-sync';

/** Names of the provider's cookies: Flowgate's prefix, so they are recognisable and never clash with an app's. */
const COOKIE_NAMES = { session: 'fg_oidc_session', interaction: 'fg_oidc_interaction', resume: 'fg_oidc_resume' };

/** Application-initiated actions (Keycloak's parameter) travel through the authorization request. */
const EXTRA_PARAMS = ['kc_action'];

/**
 * The OpenID Connect provider of one realm, built from the server config and the realm's keys.
 * Clients, users and sessions are read at use, so an admin's change to a client applies without a
 * rebuild; the keys are fixed per build (`OidcProviders` rebuilds when they change).
 */
export function buildProvider(deps: OidcDeps, realm: string, keys: RealmKeys): ProviderInstance {
  const issuer = `${deps.config.publicUrl.replace(/\/+$/, '')}/realms/${encodeURIComponent(realm)}`;
  async function findAccount(_ctx: KoaContextWithOIDC, sub: string) {
    const user = await deps.users.forRealm(realm).findById(sub);
    if (!user?.enabled) return undefined;
    return { accountId: user.id, claims: async () => userClaims(user) as { sub: string } };
  }
  // First-party clients (no consent required) are granted what they ask for; the others go
  // through the consent prompt.
  async function loadExistingGrant(ctx: KoaContextWithOIDC) {
    const { oidc } = ctx;
    const client = oidc.client!;
    const accountId = oidc.session?.accountId;
    const grantId = (oidc.result as { consent?: { grantId?: string } } | undefined)?.consent?.grantId ?? oidc.session?.grantIdFor(client.clientId);
    const existing = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
    if ((client as unknown as Record<string, unknown>).flowgate_consent_required === true || accountId === undefined) return existing;
    const grant = existing ?? new oidc.provider.Grant({ clientId: client.clientId, accountId });
    const scopes = [...(oidc.requestParamOIDCScopes ?? [])].join(' ');
    if (scopes !== '') grant.addOIDCScope(scopes);
    await grantResourceScopes(deps.realms, realm, ctx, grant);
    await grant.save();
    return grant;
  }
  const { interactionPolicy, Provider } = oidcProviderLib();
  const pages = providerPages(deps, realm);
  const policy = interactionPolicy.base();
  policy.add(sessionSyncPrompt(deps, realm, { findAccount, loadExistingGrant }), 0);
  policy.add(createPrompt(), 1);
  policy.get('login')!.checks.push(kcActionCheck());

  const configuration: Configuration = {
    adapter: realmAdapterFactory(deps, realm) as unknown as Configuration['adapter'],
    clients: [],
    jwks: { keys: keys.keys.map((k) => ({ ...k.jwk })) as NonNullable<Configuration['jwks']>['keys'] },
    routes: KEYCLOAK_ROUTES,
    scopes: ['openid', 'offline_access', ...Object.keys(SCOPE_CLAIMS).filter((s) => s !== 'openid')],
    // Claims of the scopes. `openid` also releases how the person signed in (`amr`, the methods of
    // the steps that ran) and its level (`acr`), which only ID tokens carry.
    claims: { sid: null, ...Object.fromEntries(Object.entries(SCOPE_CLAIMS).map(([scope, claims]) => [scope, scope === 'openid' ? [...claims, 'amr', 'acr'] : [...claims]])) },
    // The claims of the granted scopes go into the ID token too (an app reads the names from it).
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    extraParams: EXTRA_PARAMS,
    extraClientMetadata: { properties: EXTRA_CLIENT_METADATA },
    cookies: {
      names: COOKIE_NAMES,
      keys: [deps.cookieKey.toString('base64url')],
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    interactions: {
      policy,
      url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) => interactionPath(realm, interaction.uid),
    },
    findAccount,
    loadExistingGrant,
    pkce: { required: (_ctx, client) => client.clientAuthMethod === 'none' },
    rotateRefreshToken: () => true,
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    clientBasedCORS: (_ctx, origin, client) => {
      const origins = (client as unknown as Record<string, unknown>).flowgate_web_origins;
      return Array.isArray(origins) && origins.includes(origin);
    },
    ttl: {
      AccessToken: (_ctx, _token, client) => lifetimeOf(client, 'accessTokenSeconds'),
      ClientCredentials: (_ctx, _token, client) => lifetimeOf(client, 'accessTokenSeconds'),
      IdToken: (_ctx, _token, client) => lifetimeOf(client, 'idTokenSeconds'),
      RefreshToken: (_ctx, _token, client) => lifetimeOf(client, 'refreshTokenSeconds'),
      AuthorizationCode: AUTHORIZATION_CODE_SECONDS,
      Interaction: 30 * 60,
      Session: deps.config.sessionMaxSeconds ?? 36_000,
      Grant: deps.config.sessionMaxSeconds ?? 36_000,
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true, ...pages.logout },
      backchannelLogout: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      clientCredentials: { enabled: true },
      resourceIndicators: resourceIndicators(deps.realms, realm),
    },
    renderError: pages.renderError,
  };
  const provider = new Provider(issuer, configuration);
  // Behind the public URL: the provider reads the scheme and host the mount hands it (see protocol.routes.ts).
  provider.proxy = true;
  recordProviderEvents(provider, deps, realm);
  return provider;
}

/**
 * OpenID Connect's registration initiation (`prompt=create`, and Keycloak's `registrations`
 * path): the interaction runs the realm's `registration` binding instead of its `browser` one.
 */
function createPrompt() {
  // A requestable prompt is requested by its own name (`create_prompt` check) until answered.
  return new (oidcProviderLib().interactionPolicy.Prompt)({ name: 'create', requestable: true });
}

/**
 * Keycloak's application-initiated actions: `kc_action` always leads to the login pages (single
 * sign-on still answers the sign-in itself), where the action runs before the app gets its code.
 */
function kcActionCheck() {
  const { Check } = oidcProviderLib().interactionPolicy;
  return new Check('kc_action', 'the application asked for a required action', (ctx: KoaContextWithOIDC) => {
    const asked = typeof (ctx.oidc.params as Record<string, unknown>).kc_action === 'string';
    return asked && (ctx.oidc.result as { login?: unknown } | undefined)?.login === undefined ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
  });
}
