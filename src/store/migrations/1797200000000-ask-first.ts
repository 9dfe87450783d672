import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Adds `flow_executions.ask_first` (see `FlowExecutionEntity.askFirst`): a sub-flow's `askFirst`
 * option. Existing rows get `false`, so stored flows keep running their alternatives in order;
 * a portable boolean on SQLite and PostgreSQL alike.
 */
export class AskFirst1797200000000 implements MigrationInterface {
  name = 'AskFirst1797200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('flow_executions', new TableColumn({ name: 'ask_first', type: 'boolean', default: 'false' }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('flow_executions', 'ask_first');
  }
}
