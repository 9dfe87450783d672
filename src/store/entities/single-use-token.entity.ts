import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { REALM_NAME_LENGTH, nullableTimeColumn, timeColumn, uuidPrimary } from './columns';

/** A single-use secret sent by email. Only the SHA-256 of the secret is stored, never the secret. */
@Entity({ name: 'single_use_tokens' })
@Index('ux_single_use_tokens_hash', ['hash'], { unique: true })
@Index('ix_single_use_tokens_purpose_subject', ['purpose', 'subject'])
@Index('ix_single_use_tokens_expires_at', ['expiresAt'])
export class SingleUseTokenEntity {
  @PrimaryColumn(uuidPrimary('single_use_tokens'))
  id!: string;

  @Column({ name: 'realm', type: 'varchar', length: REALM_NAME_LENGTH })
  realm!: string;

  @Column({ name: 'purpose', type: 'varchar', length: 64 })
  purpose!: string;

  @Column({ name: 'subject', type: 'varchar', length: 255 })
  subject!: string;

  /** Lower-case hex SHA-256 of the secret. */
  @Column({ name: 'hash', type: 'varchar', length: 64 })
  hash!: string;

  @Column({ name: 'data', type: 'simple-json' })
  data!: Record<string, unknown>;

  @Column(timeColumn('expires_at'))
  expiresAt!: number;

  @Column(nullableTimeColumn('consumed_at'))
  consumedAt!: number | null;

  @Column(timeColumn('created_at'))
  createdAt!: number;
}
