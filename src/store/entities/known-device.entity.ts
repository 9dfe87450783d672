import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { REALM_NAME_LENGTH, UUID_LENGTH, timeColumn } from './columns';
import { UserEntity } from './user.entity';

/**
 * A known device: a browser that signed in as a user, remembered by the realm's signed device
 * cookie (`fg_device_<realm>`), which holds this row's id. The row decides whether the cookie still
 * counts: deleting it (the person revoking the device on the account page) makes the cookie worthless.
 * Deleted with its user.
 */
@Entity({ name: 'known_devices' })
@Index('ix_known_devices_user_id', ['userId'])
@Index('ix_known_devices_expires_at', ['expiresAt'])
export class KnownDeviceEntity {
  /** A random 16-byte id, base64url (22 characters); the device cookie signs it. */
  @PrimaryColumn({ name: 'id', type: 'varchar', length: UUID_LENGTH, primaryKeyConstraintName: 'pk_known_devices' })
  id!: string;

  @Column({ name: 'realm', type: 'varchar', length: REALM_NAME_LENGTH })
  realm!: string;

  @Column({ name: 'user_id', type: 'varchar', length: UUID_LENGTH })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_known_devices_user' })
  user?: UserEntity;

  /** When the browser first signed in as the user. */
  @Column(timeColumn('created_at'))
  createdAt!: number;

  /** Its last sign-in as the user. */
  @Column(timeColumn('last_used_at'))
  lastUsedAt!: number;

  /** When it stops counting unless it signs in again (each sign-in pushes this back). */
  @Column(timeColumn('expires_at'))
  expiresAt!: number;

  /** The browser's User-Agent at its last sign-in, cut to 512 characters, to name it on the account page. */
  @Column({ name: 'user_agent', type: 'varchar', length: 512, nullable: true })
  userAgent!: string | null;
}
