import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { REALM_NAME_LENGTH, timeColumn, uuidPrimary } from './columns';

/** An audit event (LOGIN, LOGIN_ERROR, CODE_SENT, ...). Never holds secrets. */
@Entity({ name: 'events' })
@Index('ix_events_realm_time', ['realm', 'time'])
@Index('ix_events_realm_type', ['realm', 'type'])
@Index('ix_events_realm_user', ['realm', 'userId'])
export class EventEntity {
  @PrimaryColumn(uuidPrimary('events'))
  id!: string;

  @Column({ name: 'realm', type: 'varchar', length: REALM_NAME_LENGTH })
  realm!: string;

  @Column({ name: 'type', type: 'varchar', length: 64 })
  type!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 64, nullable: true })
  userId!: string | null;

  @Column({ name: 'client_id', type: 'varchar', length: 255, nullable: true })
  clientId!: string | null;

  /** Long enough for any IPv6 text form, including a zone id. */
  @Column({ name: 'ip', type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ name: 'error', type: 'varchar', length: 255, nullable: true })
  error!: string | null;

  @Column({ name: 'details', type: 'simple-json', nullable: true })
  details!: Record<string, unknown> | null;

  @Column(timeColumn('time'))
  time!: number;
}
