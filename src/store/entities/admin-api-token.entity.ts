import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UUID_LENGTH, nullableTimeColumn, timeColumn, uuidPrimary } from './columns';
import { UserEntity } from './user.entity';

/**
 * An admin API token (`Authorization: Bearer fgat_…`). Only a keyed hash of the secret is stored
 * (HMAC under a key derived from the server secret), so neither a copy of the database nor one of
 * the secret file alone yields a usable token. It acts as the admin who made it and goes with them.
 */
@Entity({ name: 'admin_api_tokens' })
@Index('ux_admin_api_tokens_token_hash', ['tokenHash'], { unique: true })
@Index('ix_admin_api_tokens_user_id', ['userId'])
export class AdminApiTokenEntity {
  @PrimaryColumn(uuidPrimary('admin_api_tokens'))
  id!: string;

  /** What it is for, as its creator named it (`ci deploy`). */
  @Column({ name: 'name', type: 'varchar', length: 100 })
  name!: string;

  /** The admin (a user of realm `admin`) it acts as. */
  @Column({ name: 'user_id', type: 'varchar', length: UUID_LENGTH })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_admin_api_tokens_user' })
  user?: UserEntity;

  /** The secret's keyed hash, base64url. */
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  @Column(timeColumn('created_at'))
  createdAt!: number;

  /** Last time it authenticated a call, to the minute (writes are throttled). */
  @Column(nullableTimeColumn('last_used_at'))
  lastUsedAt!: number | null;
}
