import type { ClientDefinition } from '../engine';
import { LIFETIME_METADATA } from './lifetimes';

/** Flowgate's own client metadata, beside RFC 7591's (declared to the provider as `extraClientMetadata`). */
export const EXTRA_CLIENT_METADATA = ['flowgate_web_origins', 'flowgate_consent_required', ...Object.values(LIFETIME_METADATA)];

/** The token endpoint authentication of a confidential client (oidc-provider accepts exactly the registered one). */
const CONFIDENTIAL_AUTH_METHOD = 'client_secret_basic';

/**
 * A realm's client as oidc-provider's client metadata (RFC 7591 names). Public clients
 * authenticate with nothing (`none`), so the provider requires PKCE of them; confidential ones
 * with their secret. `undefined` for a confidential client whose secret is missing: it cannot be
 * used until an admin gives it one.
 */
export function clientMetadata(client: ClientDefinition, secret: string | undefined): Record<string, unknown> | undefined {
  const confidential = client.type === 'confidential';
  if (confidential && secret === undefined) return undefined;
  const grants = client.grantTypes.filter((g) => confidential || g !== 'client_credentials');
  return {
    client_id: client.clientId,
    ...(confidential ? { client_secret: secret, token_endpoint_auth_method: CONFIDENTIAL_AUTH_METHOD } : { token_endpoint_auth_method: 'none' }),
    redirect_uris: [...client.redirectUris],
    post_logout_redirect_uris: [...client.postLogoutRedirectUris],
    grant_types: grants,
    // Only the code flow: tokens never travel in a URL.
    response_types: grants.includes('authorization_code') ? ['code'] : [],
    // Keycloak always says when the person signed in; apps use it for their own max age.
    require_auth_time: true,
    ...(client.backchannelLogoutUri !== undefined && { backchannel_logout_uri: client.backchannelLogoutUri, backchannel_logout_session_required: true }),
    flowgate_web_origins: [...client.webOrigins],
    flowgate_consent_required: client.consentRequired,
    ...Object.fromEntries(
      (Object.keys(LIFETIME_METADATA) as (keyof typeof LIFETIME_METADATA)[]).flatMap((kind) => {
        const seconds = client.tokenLifetimes[kind];
        return seconds === undefined ? [] : [[LIFETIME_METADATA[kind], seconds]];
      }),
    ),
  };
}
