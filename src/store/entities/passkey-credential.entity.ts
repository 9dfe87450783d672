import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { REALM_NAME_LENGTH, UUID_LENGTH, nullableTimeColumn, timeColumn, uuidPrimary } from './columns';
import { UserEntity } from './user.entity';

/** Longest stored credential id, base64url: WebAuthn allows ids of up to 1023 bytes. */
export const CREDENTIAL_ID_LENGTH = 1400;

/**
 * A passkey (WebAuthn credential) of a user (#21): what a verified registration produced. The
 * credential id is unique across the server, so an assertion names one row; lookups are still
 * scoped by realm, so another realm's passkey is unknown here. Deleted with its user.
 */
@Entity({ name: 'passkey_credentials' })
@Index('ux_passkey_credentials_credential_id', ['credentialId'], { unique: true })
@Index('ix_passkey_credentials_user_id', ['userId'])
export class PasskeyCredentialEntity {
  @PrimaryColumn(uuidPrimary('passkey_credentials'))
  id!: string;

  @Column({ name: 'realm', type: 'varchar', length: REALM_NAME_LENGTH })
  realm!: string;

  @Column({ name: 'user_id', type: 'varchar', length: UUID_LENGTH })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_passkey_credentials_user' })
  user?: UserEntity;

  /** base64url of the raw credential id. */
  @Column({ name: 'credential_id', type: 'varchar', length: CREDENTIAL_ID_LENGTH })
  credentialId!: string;

  /** base64url of the COSE public key. */
  @Column({ name: 'public_key', type: 'text' })
  publicKey!: string;

  /** The signature counter at the last use; below 2^53, so read back as a number. */
  @Column(timeColumn('sign_counter'))
  counter!: number;

  @Column({ name: 'transports', type: 'simple-json' })
  transports!: string[];

  @Column({ name: 'aaguid', type: 'varchar', length: 36 })
  aaguid!: string;

  @Column({ name: 'backed_up', type: 'boolean' })
  backedUp!: boolean;

  @Column({ name: 'multi_device', type: 'boolean' })
  multiDevice!: boolean;

  @Column({ name: 'label', type: 'varchar', length: 64 })
  label!: string;

  @Column(timeColumn('created_at'))
  createdAt!: number;

  @Column(nullableTimeColumn('last_used_at'))
  lastUsedAt!: number | null;
}
