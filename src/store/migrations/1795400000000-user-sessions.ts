import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Creates `user_sessions` (see `UserSessionEntity`). Portable: times are bigint ms, ids varchar(36).
 * Like every migration it spells its columns out rather than importing the entity's column functions: it
 * records the schema as of this release.
 */
export class UserSessions1795400000000 implements MigrationInterface {
  name = 'UserSessions1795400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'user_sessions',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true, primaryKeyConstraintName: 'pk_user_sessions' },
          { name: 'realm', type: 'varchar', length: '100' },
          { name: 'user_id', type: 'varchar', length: '36' },
          { name: 'token_hash', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'bigint' },
          { name: 'last_seen_at', type: 'bigint' },
          { name: 'idle_expires_at', type: 'bigint' },
          { name: 'max_expires_at', type: 'bigint' },
          { name: 'revoked_at', type: 'bigint', isNullable: true },
          { name: 'ip', type: 'varchar', length: '64', isNullable: true },
          { name: 'user_agent', type: 'varchar', length: '512', isNullable: true },
          { name: 'auth_method', type: 'varchar', length: '255', isNullable: true },
        ],
        indices: [
          // Lookup by the cookie's token, and no two sessions with one token.
          new TableIndex({ name: 'ux_user_sessions_token_hash', columnNames: ['token_hash'], isUnique: true }),
          // A user's sessions (list, revoke all) and the cascade when a user is deleted.
          new TableIndex({ name: 'ix_user_sessions_user_id', columnNames: ['user_id'] }),
          // Purging: a session's idle expiry never passes its max expiry, so this one column finds every expired row.
          new TableIndex({ name: 'ix_user_sessions_idle_expires_at', columnNames: ['idle_expires_at'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_user_sessions_user',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('user_sessions');
  }
}
