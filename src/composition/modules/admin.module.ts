import { ContainerModule } from 'inversify';
import { ADMIN_TOKEN_KEY_PURPOSE, AdminAuditStore, AdminTokenStore, RealmAdminStore } from '../../store';
import { deriveKey } from '../../security';
import { TYPES } from '../tokens';

/** The admin API: versioned realm edits, API tokens, the audit, and what the route groups are built with. */
export const adminModule = new ContainerModule(({ bind }) => {
  bind(TYPES.RealmAdmin).toDynamicValue((c) => new RealmAdminStore(c.get(TYPES.DataSource), c.get(TYPES.Clock)));
  bind(TYPES.AdminTokens).toDynamicValue((c) => new AdminTokenStore(c.get(TYPES.DataSource), c.get(TYPES.Clock), deriveKey(c.get(TYPES.ServerSecret), ADMIN_TOKEN_KEY_PURPOSE)));
  bind(TYPES.AdminAudit).toDynamicValue((c) => new AdminAuditStore(c.get(TYPES.DataSource), c.get(TYPES.Clock)));
  bind(TYPES.AdminApiDeps).toDynamicValue((c) => ({
    config: c.get(TYPES.Config),
    logger: c.get(TYPES.Logger),
    clock: c.get(TYPES.Clock),
    dataSource: c.get(TYPES.DataSource),
    realms: c.get(TYPES.RealmStore),
    realmAdmin: c.get(TYPES.RealmAdmin),
    registry: c.get(TYPES.PluginRegistry),
    users: c.get(TYPES.UserStore),
    userSessions: c.get(TYPES.UserSessionStore),
    events: c.get(TYPES.EventStore),
    outbox: c.get(TYPES.MailOutbox),
    audit: c.get(TYPES.AdminAudit),
    tokens: c.get(TYPES.TokenStore),
    apiTokens: c.get(TYPES.AdminTokens),
    clientSecrets: c.get(TYPES.ClientSecrets),
    signingKeys: c.get(TYPES.SigningKeyStore),
    passkeys: c.get(TYPES.PasskeyStore),
    storage: c.get(TYPES.StorageHealth),
    keysRotated: (realm: string) => c.get(TYPES.OidcProviders).invalidate(realm),
    bundles: c.get(TYPES.MessageBundles),
    csrfKey: c.get(TYPES.CsrfKey),
  }));
});
