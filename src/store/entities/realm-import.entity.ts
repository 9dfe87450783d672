import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { UUID_LENGTH, timeColumn } from './columns';
import { RealmEntity } from './realm.entity';

/**
 * What the flows directory last said about a realm: the hash of the definition imported at boot.
 * A boot whose files say the same leaves the realm alone, so changes made through the admin API
 * since then stand; files that changed are imported over them. Goes with its realm.
 */
@Entity({ name: 'realm_imports' })
export class RealmImportEntity {
  @PrimaryColumn({ name: 'realm_id', type: 'varchar', length: UUID_LENGTH, primaryKeyConstraintName: 'pk_realm_imports' })
  realmId!: string;

  @OneToOne(() => RealmEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'realm_id', foreignKeyConstraintName: 'fk_realm_imports_realm' })
  realm?: RealmEntity;

  /** Hex SHA-256 of the imported definition's canonical JSON. */
  @Column({ name: 'source_hash', type: 'varchar', length: 64 })
  sourceHash!: string;

  @Column(timeColumn('imported_at'))
  importedAt!: number;
}
