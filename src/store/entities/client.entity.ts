import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { ClientGrantType, ClientOverrideSlot, ClientTokenLifetimes, ClientType } from '../../engine';
import { UUID_LENGTH, uuidPrimary } from './columns';
import { RealmEntity } from './realm.entity';

/**
 * A client application of a realm. The OpenID Connect options (see `ClientDefinition`) have the
 * realm schema's defaults as column defaults, so the rows written before them read as they did.
 */
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

  @Column({ name: 'client_type', type: 'varchar', length: 16, default: 'public' })
  type!: ClientType;

  @Column({ name: 'post_logout_redirect_uris', type: 'simple-json', default: '[]' })
  postLogoutRedirectUris!: string[];

  @Column({ name: 'web_origins', type: 'simple-json', default: '[]' })
  webOrigins!: string[];

  @Column({ name: 'grant_types', type: 'simple-json', default: '["authorization_code","refresh_token"]' })
  grantTypes!: ClientGrantType[];

  // The SQL literal `false` (SQLite 3.23+ and PostgreSQL), as the migration writes it: typeorm
  // would render `default: false` as `0` on SQLite, which PostgreSQL refuses for a boolean.
  @Column({ name: 'consent_required', type: 'boolean', default: () => 'false' })
  consentRequired!: boolean;

  @Column({ name: 'backchannel_logout_uri', type: 'varchar', length: 2000, nullable: true })
  backchannelLogoutUri!: string | null;

  /** The name of the environment variable with the secret, never the secret. */
  @Column({ name: 'secret_env', type: 'varchar', length: 128, nullable: true })
  secretEnv!: string | null;

  @Column({ name: 'token_lifetimes', type: 'simple-json', default: '{}' })
  tokenLifetimes!: ClientTokenLifetimes;
}
