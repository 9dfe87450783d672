import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * OpenID Connect: the provider's rows (`oidc_payloads`), the realms' signing keys
 * (`oidc_signing_keys`), the ties between provider and Flowgate sessions (`oidc_session_links`),
 * and what a user session proved (`user_sessions.amr`). Portable: times are bigint ms, JSON is text.
 */
export class Oidc1796700000000 implements MigrationInterface {
  name = 'Oidc1796700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'oidc_payloads',
        columns: [
          { name: 'model', type: 'varchar', length: '64', isPrimary: true, primaryKeyConstraintName: 'pk_oidc_payloads' },
          { name: 'id', type: 'varchar', length: '255', isPrimary: true, primaryKeyConstraintName: 'pk_oidc_payloads' },
          { name: 'realm', type: 'varchar', length: '100' },
          { name: 'payload', type: 'text' },
          { name: 'grant_id', type: 'varchar', length: '255', isNullable: true },
          { name: 'user_code', type: 'varchar', length: '255', isNullable: true },
          { name: 'uid', type: 'varchar', length: '255', isNullable: true },
          { name: 'expires_at', type: 'bigint', isNullable: true },
          { name: 'consumed_at', type: 'bigint', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'ix_oidc_payloads_grant_id', columnNames: ['grant_id'] }),
          new TableIndex({ name: 'ix_oidc_payloads_uid', columnNames: ['uid'] }),
          new TableIndex({ name: 'ix_oidc_payloads_user_code', columnNames: ['user_code'] }),
          new TableIndex({ name: 'ix_oidc_payloads_expires_at', columnNames: ['expires_at'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'oidc_signing_keys',
        columns: [
          { name: 'kid', type: 'varchar', length: '64', isPrimary: true, primaryKeyConstraintName: 'pk_oidc_signing_keys' },
          { name: 'realm', type: 'varchar', length: '100' },
          { name: 'alg', type: 'varchar', length: '16' },
          { name: 'sealed_jwk', type: 'text' },
          { name: 'created_at', type: 'bigint' },
          { name: 'signs_from', type: 'bigint' },
          { name: 'retire_at', type: 'bigint', isNullable: true },
        ],
        indices: [new TableIndex({ name: 'ix_oidc_signing_keys_realm', columnNames: ['realm'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'oidc_session_links',
        columns: [
          { name: 'session_uid', type: 'varchar', length: '255', isPrimary: true, primaryKeyConstraintName: 'pk_oidc_session_links' },
          { name: 'realm', type: 'varchar', length: '100' },
          { name: 'user_session_id', type: 'varchar', length: '36' },
          { name: 'created_at', type: 'bigint' },
        ],
        indices: [new TableIndex({ name: 'ix_oidc_session_links_user_session', columnNames: ['user_session_id'] })],
      }),
    );
    await queryRunner.addColumn('user_sessions', new TableColumn({ name: 'amr', type: 'varchar', length: '255', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('user_sessions', 'amr');
    await queryRunner.dropTable('oidc_session_links');
    await queryRunner.dropTable('oidc_signing_keys');
    await queryRunner.dropTable('oidc_payloads');
  }
}
