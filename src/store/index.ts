/** Storage on typeorm: the data source, the schema's migrations and the repositories. */
export { openDatabase, type DatabaseOptions } from './data-source';
export { exclusive, type TransactionOptions } from './connection-lock';
export { storageError, storageErrorCode, type StorageCode } from './storage-errors';
export { StorageHealth, STORAGE_FAILURE_MEMORY_MS } from './storage-health';
export { TypeormAuthSessionStore } from './auth-session.store';
export { EventStore, type EventContext, type EventFilter, type StoredEvent } from './event.store';
export { TypeormRealmStore, type ImportOptions, type ImportResult, type RealmSummary } from './realm.store';
export { TokenStore } from './token.store';
export { UserStore, type RealmUserService } from './user.store';
export { type UserSessionLookup } from './user-session.store';
export { UserSessionStore, type UserSessionRecord, type UserSessionOptions, type NewUserSession } from './user-session.store';
export { KnownDeviceStore, DEVICE_ID_BYTES, type KnownDeviceRecord } from './known-device.store';
export { RealmAdminStore, type AdminRealmSnapshot, type RealmChange } from './realm-admin.store';
export { AdminTokenStore, ADMIN_TOKEN_KEY_PURPOSE, type AdminApiTokenView } from './admin-token.store';
export { AdminAuditStore } from './admin-audit.store';
export { OutboxRepository } from './outbox.repository';
export { OutboxMessageEntity } from './entities/outbox-message.entity';
export { MailOutbox1795321664363 } from './migrations/1795321664363-mail-outbox';
