import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { REALM_NAME_LENGTH, UUID_LENGTH, nullableTimeColumn, timeColumn, uuidPrimary } from './columns';
import { UserEntity } from './user.entity';

/**
 * A signed-in browser (an SSO session). The browser holds a random token in a cookie; only its
 * SHA-256 is stored here, so a copy of the database signs no one in. Deleted with its user.
 */
@Entity({ name: 'user_sessions' })
@Index('ux_user_sessions_token_hash', ['tokenHash'], { unique: true })
@Index('ix_user_sessions_user_id', ['userId'])
@Index('ix_user_sessions_idle_expires_at', ['idleExpiresAt'])
export class UserSessionEntity {
  @PrimaryColumn(uuidPrimary('user_sessions'))
  id!: string;

  @Column({ name: 'realm', type: 'varchar', length: REALM_NAME_LENGTH })
  realm!: string;

  @Column({ name: 'user_id', type: 'varchar', length: UUID_LENGTH })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_user_sessions_user' })
  user?: UserEntity;

  /** Lower-case hex SHA-256 of the cookie's token. */
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  @Column(timeColumn('created_at'))
  createdAt!: number;

  /** Last time the session was used, to the minute (writes are throttled). */
  @Column(timeColumn('last_seen_at'))
  lastSeenAt!: number;

  /** Ends the session after inactivity; slides with use, never past `maxExpiresAt`. */
  @Column(timeColumn('idle_expires_at'))
  idleExpiresAt!: number;

  /** Ends the session however active it is. */
  @Column(timeColumn('max_expires_at'))
  maxExpiresAt!: number;

  @Column(nullableTimeColumn('revoked_at'))
  revokedAt!: number | null;

  @Column({ name: 'ip', type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 512, nullable: true })
  userAgent!: string | null;

  /** How the person signed in, e.g. the flow's alias. */
  @Column({ name: 'auth_method', type: 'varchar', length: 255, nullable: true })
  authMethod!: string | null;

  /** The `amr` values the sign-in proved (space-separated), for the ID tokens of apps it signs in. */
  @Column({ name: 'amr', type: 'varchar', length: 255, nullable: true })
  amr!: string | null;
}
