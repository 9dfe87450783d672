import { ContainerModule } from 'inversify';
import { DEFAULT_SESSION_IDLE_SECONDS, DEFAULT_SESSION_MAX_SECONDS, knownDeviceSeconds } from '../../config/server-config';
import { deriveKey } from '../../security';
import { describeDatabase } from '../../util/database-url';
import {
  CLIENT_SECRET_KEY_PURPOSE,
  createClusterChannel,
  ClientSecretStore,
  EventStore,
  OutboxRepository,
  StorageHealth,
  TokenStore,
  TypeormAuthSessionStore,
  TypeormRealmStore,
  UserStore,
} from '../../store';
import { KnownDeviceStore } from '../../store/known-device.store';
import { PasskeyStore } from '../../store/passkey.store';
import { UserSessionStore } from '../../store/user-session.store';
import { TYPES } from '../tokens';

/** Storage: every repository on the one data source (opened and migrated before anything resolves). */
export const storeModule = new ContainerModule(({ bind }) => {
  bind(TYPES.UserStore).toDynamicValue((c) => new UserStore(c.get(TYPES.DataSource), c.get(TYPES.Clock)));
  bind(TYPES.TokenStore).toDynamicValue((c) => new TokenStore(c.get(TYPES.DataSource), c.get(TYPES.Clock)));
  bind(TYPES.EventStore).toDynamicValue((c) => new EventStore(c.get(TYPES.DataSource), c.get(TYPES.Clock)));
  bind(TYPES.RealmStore).toDynamicValue((c) => new TypeormRealmStore(c.get(TYPES.DataSource), c.get(TYPES.Clock)));
  bind(TYPES.AuthSessionStore).toDynamicValue((c) => new TypeormAuthSessionStore(c.get(TYPES.DataSource), c.get(TYPES.Clock)));
  bind(TYPES.ClientSecrets).toDynamicValue(
    (c) => new ClientSecretStore(c.get(TYPES.DataSource), c.get(TYPES.Clock), deriveKey(c.get(TYPES.ServerSecret), CLIENT_SECRET_KEY_PURPOSE)),
  );
  bind(TYPES.MailOutbox).toDynamicValue((c) => new OutboxRepository(c.get(TYPES.DataSource)));
  bind(TYPES.ClusterChannel).toDynamicValue((c) => createClusterChannel(c.get(TYPES.DataSource), c.get(TYPES.Logger)));
  bind(TYPES.StorageHealth).toDynamicValue((c) => new StorageHealth(c.get(TYPES.DataSource), describeDatabase(c.get(TYPES.Config).database), c.get(TYPES.Clock)));
  bind(TYPES.PasskeyStore).toDynamicValue((c) => new PasskeyStore(c.get(TYPES.DataSource), c.get(TYPES.Clock)));
  bind(TYPES.KnownDeviceStore).toDynamicValue((c) => new KnownDeviceStore(c.get(TYPES.DataSource), c.get(TYPES.Clock), knownDeviceSeconds(c.get(TYPES.Config))));
  bind(TYPES.UserSessionStore).toDynamicValue((c) => {
    const config = c.get(TYPES.Config);
    return new UserSessionStore(c.get(TYPES.DataSource), c.get(TYPES.Clock), {
      idleSeconds: config.sessionIdleSeconds ?? DEFAULT_SESSION_IDLE_SECONDS,
      maxSeconds: config.sessionMaxSeconds ?? DEFAULT_SESSION_MAX_SECONDS,
    });
  });
});
