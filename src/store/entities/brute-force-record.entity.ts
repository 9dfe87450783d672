import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { REALM_NAME_LENGTH, UUID_LENGTH, timeColumn } from './columns';
import { UserEntity } from './user.entity';

/** A user's failed proofs as the brute-force protector counts them: one row per realm and user, only while there are some. */
@Entity({ name: 'brute_force_records' })
export class BruteForceRecordEntity {
  @PrimaryColumn({ name: 'realm', type: 'varchar', length: REALM_NAME_LENGTH, primaryKeyConstraintName: 'pk_brute_force_records' })
  realm!: string;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: UUID_LENGTH, primaryKeyConstraintName: 'pk_brute_force_records' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_brute_force_records_user' })
  user?: UserEntity;

  /** Failures counted since the last reset. */
  @Column({ name: 'failures', type: 'integer' })
  failures!: number;

  @Column(timeColumn('last_failure_at'))
  lastFailureAt!: number;

  /** When the lockout ends (ms since the epoch); 0 when the user was never locked. */
  @Column(timeColumn('locked_until'))
  lockedUntil!: number;
}
