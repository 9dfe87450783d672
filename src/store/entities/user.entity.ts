import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { REALM_NAME_LENGTH, timeColumn, uuidPrimary } from './columns';

/**
 * A person's account. `realm` is the realm's name, not a foreign key: users are runtime data that
 * the user store reaches by realm name in one indexed query, and realm names never change.
 */
@Entity({ name: 'users' })
@Index('ux_users_realm_email', ['realm', 'email'], { unique: true })
@Index('ux_users_realm_email_skeleton', ['realm', 'emailSkeleton'], { unique: true })
export class UserEntity {
  @PrimaryColumn(uuidPrimary('users'))
  id!: string;

  @Column({ name: 'realm', type: 'varchar', length: REALM_NAME_LENGTH })
  realm!: string;

  /** Normalised (`normalizeEmail`); unique per realm. */
  @Column({ name: 'email', type: 'varchar', length: 254 })
  email!: string;

  /**
   * `emailSkeleton(email)`: unique per realm, so no new account's address looks like another's
   * (`FG_EMAIL_CONFUSABLE`). `null` only for an account whose address already looked like an older
   * one's when the column was added: it keeps its account, and the older one holds the skeleton.
   */
  @Column({ name: 'email_skeleton', type: 'varchar', length: 64, nullable: true })
  emailSkeleton!: string | null;

  @Column({ name: 'email_verified', type: 'boolean' })
  emailVerified!: boolean;

  @Column({ name: 'enabled', type: 'boolean' })
  enabled!: boolean;

  @Column(timeColumn('created_at'))
  createdAt!: number;
}
