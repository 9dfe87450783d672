/**
 * OpenID Connect for applications: one oidc-provider per realm at Keycloak's URLs, whose
 * interaction is a Flowgate sign-in (see docs/oidc.md).
 */
export { OidcAuthorizationRequests } from './authorizations';
export type { ClientSecretSource, OidcDeps } from './oidc-deps';
export { protocolRoutes } from './protocol.routes';
export { OidcProviders } from './providers';
export { endLinkedProviderSessions } from './session-end';
