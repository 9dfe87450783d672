import { Table, TableForeignKey, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Creates `brute_force_records` (see `BruteForceRecordEntity`): failed proofs per realm and user.
 * Portable: times are bigint ms. Rows go with their user (cascade).
 */
export class BruteForce1795600000000 implements MigrationInterface {
  name = 'BruteForce1795600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'brute_force_records',
        columns: [
          { name: 'realm', type: 'varchar', length: '100', isPrimary: true, primaryKeyConstraintName: 'pk_brute_force_records' },
          { name: 'user_id', type: 'varchar', length: '36', isPrimary: true, primaryKeyConstraintName: 'pk_brute_force_records' },
          { name: 'failures', type: 'integer' },
          { name: 'last_failure_at', type: 'bigint' },
          { name: 'locked_until', type: 'bigint' },
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_brute_force_records_user',
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
    await queryRunner.dropTable('brute_force_records');
  }
}
