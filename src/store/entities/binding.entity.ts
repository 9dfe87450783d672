import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { BindingSlot } from '../../engine';
import { UUID_LENGTH, uuidPrimary } from './columns';
import { RealmEntity } from './realm.entity';

/**
 * Which top-level flow a realm runs for a slot. By alias, not by foreign key: importing replaces
 * flow rows, and a binding must not disappear with them.
 */
@Entity({ name: 'bindings' })
@Index('ux_bindings_realm_slot', ['realmId', 'slot'], { unique: true })
export class BindingEntity {
  @PrimaryColumn(uuidPrimary('bindings'))
  id!: string;

  @Column({ name: 'realm_id', type: 'varchar', length: UUID_LENGTH })
  realmId!: string;

  @ManyToOne(() => RealmEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'realm_id', foreignKeyConstraintName: 'fk_bindings_realm' })
  realm?: RealmEntity;

  @Column({ name: 'slot', type: 'varchar', length: 64 })
  slot!: BindingSlot;

  @Column({ name: 'flow_alias', type: 'varchar', length: 255 })
  flowAlias!: string;
}
