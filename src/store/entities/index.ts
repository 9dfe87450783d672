import { OutboxMessageEntity } from './outbox-message.entity';
import { AdminApiTokenEntity } from './admin-api-token.entity';
import { AdminAuditEntryEntity } from './admin-audit-entry.entity';
import { AuthSessionEntity } from './auth-session.entity';
import { BindingEntity } from './binding.entity';
import { BruteForceRecordEntity } from './brute-force-record.entity';
import { ClientEntity } from './client.entity';
import { ClientSecretEntity } from './client-secret.entity';
import { EventEntity } from './event.entity';
import { ExecutionConfigEntity } from './execution-config.entity';
import { FlowExecutionEntity } from './flow-execution.entity';
import { FlowEntity } from './flow.entity';
import { RealmImportEntity } from './realm-import.entity';
import { RealmEntity } from './realm.entity';
import { SingleUseTokenEntity } from './single-use-token.entity';
import { UserAttributeEntity } from './user-attribute.entity';
import { UserRequiredActionEntity } from './user-required-action.entity';
import { UserSessionEntity } from './user-session.entity';
import { UserEntity } from './user.entity';
import { OidcPayloadEntity } from './oidc-payload.entity';
import { OidcSessionLinkEntity } from './oidc-session-link.entity';
import { OidcSigningKeyEntity } from './oidc-signing-key.entity';
import { KnownDeviceEntity } from './known-device.entity';
import { PasskeyCredentialEntity } from './passkey-credential.entity';
import { RateLimitEntity } from './rate-limit.entity';

export {
  
  
  
  
  
  
  
  
  
  
  
  
  
  
  
  
  
};
export type { ExecutionKind } from './flow-execution.entity';

/**
 * Every entity, listed explicitly: globs break under jest, compiled output and bundlers. Feature
 * modules that own a table (the mail outbox) keep their entity beside their code; it is listed here.
 */
export const ENTITIES = [
  RealmEntity,
  FlowEntity,
  FlowExecutionEntity,
  ExecutionConfigEntity,
  BindingEntity,
  ClientEntity,
  UserEntity,
  UserAttributeEntity,
  UserRequiredActionEntity,
  AuthSessionEntity,
  SingleUseTokenEntity,
  EventEntity,
  OutboxMessageEntity,
  UserSessionEntity,
  BruteForceRecordEntity,
  AdminApiTokenEntity,
  AdminAuditEntryEntity,
  RealmImportEntity,
  ClientSecretEntity,
  OidcPayloadEntity,
  OidcSigningKeyEntity,
  OidcSessionLinkEntity,
  KnownDeviceEntity,
  PasskeyCredentialEntity,
  RateLimitEntity,
];
