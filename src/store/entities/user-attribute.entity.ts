import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UUID_LENGTH, uuidPrimary } from './columns';
import { UserEntity } from './user.entity';

/** One value of a user attribute; a multi-valued attribute is several rows, ordered by `position`. */
@Entity({ name: 'user_attributes' })
@Index('ux_user_attributes_user_name_position', ['userId', 'name', 'position'], { unique: true })
export class UserAttributeEntity {
  @PrimaryColumn(uuidPrimary('user_attributes'))
  id!: string;

  @Column({ name: 'user_id', type: 'varchar', length: UUID_LENGTH })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_user_attributes_user' })
  user?: UserEntity;

  @Column({ name: 'name', type: 'varchar', length: 255 })
  name!: string;

  @Column({ name: 'position', type: 'integer' })
  position!: number;

  @Column({ name: 'value', type: 'text' })
  value!: string;
}
