import { ContainerModule } from 'inversify';
import { endLinkedProviderSessions, OidcAuthorizationRequests, OidcProviders, protocolRoutes, type OidcDeps } from '../../oidc';
import { deriveKey } from '../../security';
import { OidcAdapterStore } from '../../store/oidc-adapter.store';
import { SigningKeyStore } from '../../store/signing-key.store';
import { token, TYPES } from '../tokens';

const OIDC_DEPS = token<OidcDeps>('OidcDeps');

/**
 * OpenID Connect: the provider's storage and keys, one provider per realm, the login pages' view
 * of pending authorization requests, and the protocol's routes. Ending Flowgate sessions ends the
 * provider sessions tied to them (registered on the user-session store here).
 */
export const oidcModule = new ContainerModule(({ bind }) => {
  bind(TYPES.OidcAdapterStore).toDynamicValue((c) => new OidcAdapterStore(c.get(TYPES.DataSource), c.get(TYPES.Clock)));
  bind(TYPES.SigningKeyStore).toDynamicValue((c) => new SigningKeyStore(c.get(TYPES.DataSource), c.get(TYPES.Clock), deriveKey(c.get(TYPES.ServerSecret), 'oidc-signing-keys')));
  bind(OIDC_DEPS).toDynamicValue((c) => ({
    config: c.get(TYPES.Config),
    logger: c.get(TYPES.Logger),
    realms: c.get(TYPES.RealmStore),
    users: c.get(TYPES.UserStore),
    userSessions: c.get(TYPES.UserSessionStore),
    events: c.get(TYPES.EventStore),
    adapters: c.get(TYPES.OidcAdapterStore),
    keys: c.get(TYPES.SigningKeyStore),
    clientSecrets: c.get(TYPES.ClientSecrets),
    cookieKey: deriveKey(c.get(TYPES.ServerSecret), 'oidc-cookies'),
    env: process.env,
    renderer: c.get(TYPES.PageRenderer),
    bundles: c.get(TYPES.MessageBundles),
  }));
  bind(TYPES.OidcProviders).toDynamicValue((c) => {
    const deps = c.get(OIDC_DEPS);
    const providers = new OidcProviders(deps);
    deps.userSessions.onSessionsEnded(endLinkedProviderSessions(deps, providers));
    return providers;
  });
  bind(TYPES.OidcAuthorizations).toDynamicValue((c) => new OidcAuthorizationRequests(c.get(OIDC_DEPS), c.get(TYPES.OidcProviders)));
  bind(TYPES.OidcRoutes).toDynamicValue((c) => protocolRoutes(c.get(TYPES.OidcProviders), c.get(TYPES.RealmStore), c.get(TYPES.Config).publicUrl));
});
