import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { timeColumn } from './columns';

/**
 * Ties the OpenID Connect provider's session (by its `uid`) to the Flowgate user session it
 * mirrors, so that ending one ends the other: signing out, revoking a session or disabling a user
 * ends the provider's session and its grants.
 */
@Entity({ name: 'oidc_session_links' })
@Index('ix_oidc_session_links_user_session', ['userSessionId'])
export class OidcSessionLinkEntity {
  @PrimaryColumn({ name: 'session_uid', type: 'varchar', length: 255, primaryKeyConstraintName: 'pk_oidc_session_links' })
  sessionUid!: string;

  @Column({ name: 'realm', type: 'varchar', length: 100 })
  realm!: string;

  @Column({ name: 'user_session_id', type: 'varchar', length: 36 })
  userSessionId!: string;

  @Column(timeColumn('created_at'))
  createdAt!: number;
}
