import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { REALM_NAME_LENGTH, UUID_LENGTH, timeColumn, uuidPrimary } from './columns';

/**
 * One change made through the admin API: who, what, and the resource before and after. Kept when
 * the actor or the realm is deleted (it is their history), so it has no foreign keys.
 */
@Entity({ name: 'admin_audit_entries' })
@Index('ix_admin_audit_entries_time', ['time'])
@Index('ix_admin_audit_entries_realm_time', ['realm', 'time'])
@Index('ix_admin_audit_entries_actor_time', ['actorId', 'time'])
export class AdminAuditEntryEntity {
  @PrimaryColumn(uuidPrimary('admin_audit_entries'))
  id!: string;

  @Column(timeColumn('time'))
  time!: number;

  @Column({ name: 'actor_id', type: 'varchar', length: UUID_LENGTH })
  actorId!: string;

  /** The actor's email when they made the change. */
  @Column({ name: 'actor_email', type: 'varchar', length: 320 })
  actorEmail!: string;

  /** `session` or `token`. */
  @Column({ name: 'via', type: 'varchar', length: 16 })
  via!: string;

  @Column({ name: 'token_id', type: 'varchar', length: UUID_LENGTH, nullable: true })
  tokenId!: string | null;

  @Column({ name: 'action', type: 'varchar', length: 64 })
  action!: string;

  @Column({ name: 'resource', type: 'varchar', length: 512 })
  resource!: string;

  @Column({ name: 'realm', type: 'varchar', length: REALM_NAME_LENGTH, nullable: true })
  realm!: string | null;

  /** JSON of the resource before the change; `null` for a creation. */
  @Column({ name: 'before_state', type: 'simple-json', nullable: true })
  before!: unknown;

  /** JSON of the resource after the change; `null` for a deletion. */
  @Column({ name: 'after_state', type: 'simple-json', nullable: true })
  after!: unknown;
}
