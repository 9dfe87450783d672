import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Creates the admin API's tables: `admin_api_tokens` (see `AdminApiTokenEntity`),
 * `admin_audit_entries` (see `AdminAuditEntryEntity`) and `realm_imports` (see
 * `RealmImportEntity`). Portable: times are bigint ms, JSON is text.
 */
export class Admin1795800000000 implements MigrationInterface {
  name = 'Admin1795800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'admin_api_tokens',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true, primaryKeyConstraintName: 'pk_admin_api_tokens' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'user_id', type: 'varchar', length: '36' },
          { name: 'token_hash', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'bigint' },
          { name: 'last_used_at', type: 'bigint', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'ux_admin_api_tokens_token_hash', columnNames: ['token_hash'], isUnique: true }),
          new TableIndex({ name: 'ix_admin_api_tokens_user_id', columnNames: ['user_id'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_admin_api_tokens_user',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'admin_audit_entries',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true, primaryKeyConstraintName: 'pk_admin_audit_entries' },
          { name: 'time', type: 'bigint' },
          { name: 'actor_id', type: 'varchar', length: '36' },
          { name: 'actor_email', type: 'varchar', length: '320' },
          { name: 'via', type: 'varchar', length: '16' },
          { name: 'token_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'action', type: 'varchar', length: '64' },
          { name: 'resource', type: 'varchar', length: '512' },
          { name: 'realm', type: 'varchar', length: '100', isNullable: true },
          { name: 'before_state', type: 'text', isNullable: true },
          { name: 'after_state', type: 'text', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'ix_admin_audit_entries_time', columnNames: ['time'] }),
          new TableIndex({ name: 'ix_admin_audit_entries_realm_time', columnNames: ['realm', 'time'] }),
          new TableIndex({ name: 'ix_admin_audit_entries_actor_time', columnNames: ['actor_id', 'time'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'realm_imports',
        columns: [
          { name: 'realm_id', type: 'varchar', length: '36', isPrimary: true, primaryKeyConstraintName: 'pk_realm_imports' },
          { name: 'source_hash', type: 'varchar', length: '64' },
          { name: 'imported_at', type: 'bigint' },
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_realm_imports_realm',
            columnNames: ['realm_id'],
            referencedTableName: 'realms',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('realm_imports');
    await queryRunner.dropTable('admin_audit_entries');
    await queryRunner.dropTable('admin_api_tokens');
  }
}
