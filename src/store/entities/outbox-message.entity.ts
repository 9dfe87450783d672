import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { REALM_NAME_LENGTH, UUID_LENGTH, nullableTimeColumn, timeColumn, uuidPrimary } from './columns';
import type { OutboxMessage, OutboxStatus } from '../../mail/outbox-message';

/** The persistent mail outbox: every email is written here before anything tries to send it. */
@Entity({ name: 'mail_outbox' })
@Index('ix_mail_outbox_status_next_attempt_at', ['status', 'nextAttemptAt'])
@Index('ix_mail_outbox_realm_created_at', ['realm', 'createdAt'])
export class OutboxMessageEntity implements OutboxMessage {
  @PrimaryColumn(uuidPrimary('mail_outbox'))
  id!: string;

  @Column({ type: 'varchar', length: REALM_NAME_LENGTH })
  realm!: string;

  @Column({ name: 'user_id', type: 'varchar', length: UUID_LENGTH, nullable: true })
  userId!: string | null;

  @Column({ name: 'sender', type: 'varchar', length: 512 })
  from!: string;

  @Column({ name: 'recipient', type: 'varchar', length: 320 })
  to!: string;

  @Column({ type: 'varchar', length: 64 })
  template!: string;

  @Column({ type: 'varchar', length: 35 })
  locale!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ name: 'html_body', type: 'text', nullable: true })
  htmlBody!: string | null;

  @Column({ name: 'text_body', type: 'text', nullable: true })
  textBody!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: OutboxStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column(timeColumn('next_attempt_at'))
  nextAttemptAt!: number;

  @Column(nullableTimeColumn('expires_at'))
  expiresAt!: number | null;

  @Column(nullableTimeColumn('claimed_at'))
  claimedAt!: number | null;

  /** Random per claim: only the worker holding the claim may record the outcome. */
  @Column({ name: 'claim_token', type: 'varchar', length: UUID_LENGTH, nullable: true })
  claimToken!: string | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  transport!: string | null;

  @Column({ name: 'provider_message_id', type: 'text', nullable: true })
  providerMessageId!: string | null;

  @Column(timeColumn('created_at'))
  createdAt!: number;

  @Column(timeColumn('updated_at'))
  updatedAt!: number;

  @Column(nullableTimeColumn('sent_at'))
  sentAt!: number | null;
}
