import { Column, Entity, PrimaryColumn } from 'typeorm';
import { REALM_NAME_LENGTH, timeColumn } from './columns';

/**
 * The secret Flowgate generated for a confidential client, sealed (AES-256-GCM under a key derived
 * from the server secret, bound to the realm and client): the OpenID Connect provider needs the
 * secret itself, so it cannot be hashed, and a copy of the database alone reveals none. Keyed by
 * realm name and client id, not by the client row, which is rewritten whenever a realm changes.
 */
@Entity({ name: 'client_secrets' })
export class ClientSecretEntity {
  @PrimaryColumn({ name: 'realm', type: 'varchar', length: REALM_NAME_LENGTH, primaryKeyConstraintName: 'pk_client_secrets' })
  realm!: string;

  @PrimaryColumn({ name: 'client_id', type: 'varchar', length: 255, primaryKeyConstraintName: 'pk_client_secrets' })
  clientId!: string;

  /** `seal(key, secret, 'client-secret:<realm>/<clientId>')`. */
  @Column({ name: 'sealed_secret', type: 'varchar', length: 512 })
  sealedSecret!: string;

  @Column(timeColumn('created_at'))
  createdAt!: number;
}
