import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { nullableTimeColumn } from './columns';

/**
 * One row of the OpenID Connect provider's state: a session, interaction, grant, authorization
 * code, access or refresh token, by model name and id (oidc-provider's adapter contract). The
 * payload is the provider's JSON; the columns beside it are what the provider looks rows up by.
 */
@Entity({ name: 'oidc_payloads' })
@Index('ix_oidc_payloads_grant_id', ['grantId'])
@Index('ix_oidc_payloads_uid', ['uid'])
@Index('ix_oidc_payloads_user_code', ['userCode'])
@Index('ix_oidc_payloads_expires_at', ['expiresAt'])
export class OidcPayloadEntity {
  /** The provider's model name, e.g. `AuthorizationCode`. */
  @PrimaryColumn({ name: 'model', type: 'varchar', length: 64, primaryKeyConstraintName: 'pk_oidc_payloads' })
  model!: string;

  @PrimaryColumn({ name: 'id', type: 'varchar', length: 255, primaryKeyConstraintName: 'pk_oidc_payloads' })
  id!: string;

  /** The realm whose provider wrote the row: one realm's provider never reads another's rows. */
  @Column({ name: 'realm', type: 'varchar', length: 100 })
  realm!: string;

  @Column({ name: 'payload', type: 'text' })
  payload!: string;

  @Column({ name: 'grant_id', type: 'varchar', length: 255, nullable: true })
  grantId!: string | null;

  @Column({ name: 'user_code', type: 'varchar', length: 255, nullable: true })
  userCode!: string | null;

  @Column({ name: 'uid', type: 'varchar', length: 255, nullable: true })
  uid!: string | null;

  @Column(nullableTimeColumn('expires_at'))
  expiresAt!: number | null;

  /** Set once, by one conditional UPDATE: a code or refresh token is used at most once. */
  @Column(nullableTimeColumn('consumed_at'))
  consumedAt!: number | null;
}
