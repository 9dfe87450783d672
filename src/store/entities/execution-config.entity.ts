import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UUID_LENGTH, uuidPrimary } from './columns';
import { FlowExecutionEntity } from './flow-execution.entity';

/**
 * The config of an authenticator or condition execution, as written in the flow file (defaults not
 * applied). No row means no config was given, which is not the same as `{}`.
 */
@Entity({ name: 'execution_configs' })
@Index('ux_execution_configs_execution', ['executionId'], { unique: true })
export class ExecutionConfigEntity {
  @PrimaryColumn(uuidPrimary('execution_configs'))
  id!: string;

  @Column({ name: 'execution_id', type: 'varchar', length: UUID_LENGTH })
  executionId!: string;

  // Many-to-one in typeorm's terms: a one-to-one would add a second, unnamed unique constraint
  // next to `ux_execution_configs_execution`.
  @ManyToOne(() => FlowExecutionEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'execution_id', foreignKeyConstraintName: 'fk_execution_configs_execution' })
  execution?: FlowExecutionEntity;

  @Column({ name: 'config', type: 'simple-json' })
  config!: Record<string, unknown>;
}
