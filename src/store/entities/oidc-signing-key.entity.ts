import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { nullableTimeColumn, timeColumn } from './columns';

/**
 * A realm's token signing key. The private JWK is sealed under the server secret (AES-GCM), so a
 * copy of the database signs nothing. A key is published from `created_at`, signs from
 * `signs_from` until a newer key signs, and stays published until `retire_at`, when every token it
 * signed has expired.
 */
@Entity({ name: 'oidc_signing_keys' })
@Index('ix_oidc_signing_keys_realm', ['realm'])
export class OidcSigningKeyEntity {
  /** The JWK's `kid`. */
  @PrimaryColumn({ name: 'kid', type: 'varchar', length: 64, primaryKeyConstraintName: 'pk_oidc_signing_keys' })
  kid!: string;

  @Column({ name: 'realm', type: 'varchar', length: 100 })
  realm!: string;

  /** `RS256` or `ES256`. */
  @Column({ name: 'alg', type: 'varchar', length: 16 })
  alg!: string;

  /** The private JWK, sealed (`seal` in src/security/sealed-box.ts). */
  @Column({ name: 'sealed_jwk', type: 'text' })
  sealedJwk!: string;

  @Column(timeColumn('created_at'))
  createdAt!: number;

  @Column(timeColumn('signs_from'))
  signsFrom!: number;

  /** When it leaves the published set; `null` while it is the newest key of its algorithm. */
  @Column(nullableTimeColumn('retire_at'))
  retireAt!: number | null;
}
