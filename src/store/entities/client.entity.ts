import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { ClientOverrideSlot } from '../../engine';
import { UUID_LENGTH, uuidPrimary } from './columns';
import { RealmEntity } from './realm.entity';

/** A client application of a realm. */
@Entity({ name: 'clients' })
@Index('ux_clients_realm_client_id', ['realmId', 'clientId'], { unique: true })
export class ClientEntity {
  @PrimaryColumn(uuidPrimary('clients'))
  id!: string;

  @Column({ name: 'realm_id', type: 'varchar', length: UUID_LENGTH })
  realmId!: string;

  @ManyToOne(() => RealmEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'realm_id', foreignKeyConstraintName: 'fk_clients_realm' })
  realm?: RealmEntity;

  @Column({ name: 'client_id', type: 'varchar', length: 255 })
  clientId!: string;

  /** Order of the client in the realm definition, so a definition reads back as it was written. */
  @Column({ name: 'position', type: 'integer' })
  position!: number;

  /** Exact-match allow-list. */
  @Column({ name: 'redirect_uris', type: 'simple-json' })
  redirectUris!: string[];

  /** Slot to flow alias. */
  @Column({ name: 'flow_overrides', type: 'simple-json' })
  flowOverrides!: Partial<Record<ClientOverrideSlot, string>>;
}
