import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Creates `mail_outbox` (see `OutboxMessageEntity`). Portable: times are bigint ms, ids varchar(36). */
export class MailOutbox1795321664363 implements MigrationInterface {
  name = 'MailOutbox1795321664363';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'mail_outbox',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true, primaryKeyConstraintName: 'pk_mail_outbox' },
          { name: 'realm', type: 'varchar', length: '100' },
          { name: 'user_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'sender', type: 'varchar', length: '512' },
          { name: 'recipient', type: 'varchar', length: '320' },
          { name: 'template', type: 'varchar', length: '64' },
          { name: 'locale', type: 'varchar', length: '35' },
          { name: 'subject', type: 'text' },
          { name: 'html_body', type: 'text', isNullable: true },
          { name: 'text_body', type: 'text', isNullable: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'next_attempt_at', type: 'bigint' },
          { name: 'expires_at', type: 'bigint', isNullable: true },
          { name: 'claimed_at', type: 'bigint', isNullable: true },
          { name: 'claim_token', type: 'varchar', length: '36', isNullable: true },
          { name: 'last_error', type: 'text', isNullable: true },
          { name: 'transport', type: 'varchar', length: '32', isNullable: true },
          { name: 'provider_message_id', type: 'text', isNullable: true },
          { name: 'created_at', type: 'bigint' },
          { name: 'updated_at', type: 'bigint' },
          { name: 'sent_at', type: 'bigint', isNullable: true },
        ],
      }),
    );
    // The worker's "what is due" query, and the admin list (by realm, newest first).
    await queryRunner.createIndex('mail_outbox', new TableIndex({ name: 'ix_mail_outbox_status_next_attempt_at', columnNames: ['status', 'next_attempt_at'] }));
    await queryRunner.createIndex('mail_outbox', new TableIndex({ name: 'ix_mail_outbox_realm_created_at', columnNames: ['realm', 'created_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('mail_outbox');
  }
}
