import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Creates `rate_limits` (see `RateLimitEntity`): the GCRA state of rate-limited keys, so that
 * nodes sharing a database share their limits. Additive: older releases never read it.
 */
export class RateLimits1797000000000 implements MigrationInterface {
  name = 'RateLimits1797000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'rate_limits',
        columns: [
          { name: 'key', type: 'varchar', length: '128', isPrimary: true, primaryKeyConstraintName: 'pk_rate_limits' },
          { name: 'tat', type: 'bigint' },
        ],
        indices: [{ name: 'ix_rate_limits_tat', columnNames: ['tat'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rate_limits');
  }
}
