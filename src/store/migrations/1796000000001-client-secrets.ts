import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Creates `client_secrets` (see `ClientSecretEntity`): one sealed secret per realm and client.
 * Portable: times are bigint ms; no foreign key, since client rows are rewritten on every realm
 * change (the admin API removes a secret with its client or realm).
 */
export class ClientSecrets1796000000001 implements MigrationInterface {
  name = 'ClientSecrets1796000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'client_secrets',
        columns: [
          { name: 'realm', type: 'varchar', length: '100', isPrimary: true, primaryKeyConstraintName: 'pk_client_secrets' },
          { name: 'client_id', type: 'varchar', length: '255', isPrimary: true, primaryKeyConstraintName: 'pk_client_secrets' },
          { name: 'sealed_secret', type: 'varchar', length: '512' },
          { name: 'created_at', type: 'bigint' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('client_secrets');
  }
}
