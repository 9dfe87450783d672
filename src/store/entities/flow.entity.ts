import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UUID_LENGTH, timeColumn, uuidPrimary } from './columns';
import { RealmEntity } from './realm.entity';

/**
 * A top-level flow of a realm. Its whole resolved tree (inline sub-flows and expanded references)
 * lives in `flow_executions` under it; sub-flows are not rows of this table.
 */
@Entity({ name: 'flows' })
@Index('ux_flows_realm_alias', ['realmId', 'alias'], { unique: true })
export class FlowEntity {
  @PrimaryColumn(uuidPrimary('flows'))
  id!: string;

  @Column({ name: 'realm_id', type: 'varchar', length: UUID_LENGTH })
  realmId!: string;

  @ManyToOne(() => RealmEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'realm_id', foreignKeyConstraintName: 'fk_flows_realm' })
  realm?: RealmEntity;

  @Column({ name: 'alias', type: 'varchar', length: 255 })
  alias!: string;

  @Column({ name: 'description', type: 'text', nullable: true })
  description!: string | null;

  /** Shipped in the flows directory (replaced on import, read-only in the admin) or admin-made. */
  @Column({ name: 'built_in', type: 'boolean' })
  builtIn!: boolean;

  /** Bumped whenever the flow's tree changes. */
  @Column({ name: 'version', type: 'integer' })
  version!: number;

  @Column(timeColumn('created_at'))
  createdAt!: number;

  @Column(timeColumn('updated_at'))
  updatedAt!: number;
}
