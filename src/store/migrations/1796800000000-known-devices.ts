import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Creates `known_devices` (see `KnownDeviceEntity`, #19 item 2): browsers that signed in as a user
 * and hold its signed device cookie. Portable: times are bigint ms, ids varchar. Rows go with their
 * user (cascade).
 */
export class KnownDevices1796800000000 implements MigrationInterface {
  name = 'KnownDevices1796800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'known_devices',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true, primaryKeyConstraintName: 'pk_known_devices' },
          { name: 'realm', type: 'varchar', length: '100' },
          { name: 'user_id', type: 'varchar', length: '36' },
          { name: 'created_at', type: 'bigint' },
          { name: 'last_used_at', type: 'bigint' },
          { name: 'expires_at', type: 'bigint' },
          { name: 'user_agent', type: 'varchar', length: '512', isNullable: true },
        ],
        indices: [
          // A user's devices (the account page, pruning) and the cascade when a user is deleted.
          new TableIndex({ name: 'ix_known_devices_user_id', columnNames: ['user_id'] }),
          // Purging expired devices.
          new TableIndex({ name: 'ix_known_devices_expires_at', columnNames: ['expires_at'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_known_devices_user',
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
    await queryRunner.dropTable('known_devices');
  }
}
