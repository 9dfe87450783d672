import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UUID_LENGTH, timeColumn, uuidPrimary } from './columns';
import { UserEntity } from './user.entity';

/** A required action still pending for a user; at most one row per user and action. */
@Entity({ name: 'user_required_actions' })
@Index('ux_user_required_actions_user_action', ['userId', 'actionId'], { unique: true })
export class UserRequiredActionEntity {
  @PrimaryColumn(uuidPrimary('user_required_actions'))
  id!: string;

  @Column({ name: 'user_id', type: 'varchar', length: UUID_LENGTH })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_user_required_actions_user' })
  user?: UserEntity;

  @Column({ name: 'action_id', type: 'varchar', length: 255 })
  actionId!: string;

  @Column(timeColumn('created_at'))
  createdAt!: number;
}
