import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Requirement } from '../../spi/context';
import { UUID_LENGTH, uuidPrimary } from './columns';
import { FlowEntity } from './flow.entity';

/** What an execution runs. */
export type ExecutionKind = 'authenticator' | 'condition' | 'flow';

/**
 * One execution of a top-level flow's resolved tree. Every row belongs to its top-level flow
 * (`flow_id`); `parent_id` is the sub-flow execution it sits in (`null` at the top level). A row of
 * kind `flow` carries its sub-flow's alias and description itself, so an expanded reference to
 * another flow is a copy under this flow, with the execution ids the loader gave it.
 */
@Entity({ name: 'flow_executions' })
@Index('ux_flow_executions_flow_path', ['flowId', 'path'], { unique: true })
@Index('ix_flow_executions_parent', ['parentId'])
export class FlowExecutionEntity {
  @PrimaryColumn(uuidPrimary('flow_executions'))
  id!: string;

  @Column({ name: 'flow_id', type: 'varchar', length: UUID_LENGTH })
  flowId!: string;

  @ManyToOne(() => FlowEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'flow_id', foreignKeyConstraintName: 'fk_flow_executions_flow' })
  flow?: FlowEntity;

  @Column({ name: 'parent_id', type: 'varchar', length: UUID_LENGTH, nullable: true })
  parentId!: string | null;

  @ManyToOne(() => FlowExecutionEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'fk_flow_executions_parent' })
  parent?: FlowExecutionEntity | null;

  /** Order among its siblings, from 0. */
  @Column({ name: 'position', type: 'integer' })
  position!: number;

  /** The execution id of the model: a path such as `browser/forms/identify-email`. */
  @Column({ name: 'path', type: 'varchar', length: 1000 })
  path!: string;

  @Column({ name: 'kind', type: 'varchar', length: 16 })
  kind!: ExecutionKind;

  @Column({ name: 'requirement', type: 'varchar', length: 16 })
  requirement!: Requirement;

  /** Plugin id of an authenticator or condition; `null` for sub-flows. */
  @Column({ name: 'provider_id', type: 'varchar', length: 255, nullable: true })
  providerId!: string | null;

  /** Alias of the sub-flow (kind `flow` only). */
  @Column({ name: 'sub_flow_alias', type: 'varchar', length: 255, nullable: true })
  subFlowAlias!: string | null;

  /** Description of the sub-flow (kind `flow` only), `null` when it has none. */
  @Column({ name: 'sub_flow_description', type: 'text', nullable: true })
  subFlowDescription!: string | null;

  /** The sub-flow's `askFirst` (kind `flow` only; `false` for the others). */
  // A function default: a plain `false` would be rendered as `0` on SQLite, which PostgreSQL refuses for a boolean.
  @Column({ name: 'ask_first', type: 'boolean', default: () => 'false' })
  askFirst!: boolean;
}
