/**
 * Keycloak's endpoint layout under a realm's issuer (`<publicUrl>/realms/<realm>`), so an app
 * configured for Keycloak works by changing only the host. Discovery stays at the standard
 * `/.well-known/openid-configuration` under the issuer, as in Keycloak.
 */
export const PROTOCOL_PREFIX = '/protocol/openid-connect';

export const KEYCLOAK_ROUTES = {
  authorization: `${PROTOCOL_PREFIX}/auth`,
  token: `${PROTOCOL_PREFIX}/token`,
  userinfo: `${PROTOCOL_PREFIX}/userinfo`,
  jwks: `${PROTOCOL_PREFIX}/certs`,
  end_session: `${PROTOCOL_PREFIX}/logout`,
  introspection: `${PROTOCOL_PREFIX}/token/introspect`,
  revocation: `${PROTOCOL_PREFIX}/revoke`,
} as const;

/** Keycloak's registration entry: the authorization endpoint with `prompt=create`. */
export const REGISTRATIONS_PATH = `${PROTOCOL_PREFIX}/registrations`;

/** Where the provider sends a browser to sign in: the realm's login pages, by interaction uid. */
export function interactionPath(realm: string, uid: string): string {
  return `/realms/${encodeURIComponent(realm)}/login-actions/oidc/${encodeURIComponent(uid)}`;
}
