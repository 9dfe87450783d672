import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { RealmSettings, RequiredActionSettings, UserProfileConfig } from '../../engine';
import { REALM_NAME_LENGTH, timeColumn, uuidPrimary } from './columns';

/**
 * What the `settings` column holds: the realm's settings and, beside them, the realm sections that
 * are configuration without relations of their own (required actions, user profile). Absent
 * sections mean the realm has none (and the default profile).
 */
export interface RealmSettingsColumn extends RealmSettings {
  readonly requiredActions?: readonly RequiredActionSettings[];
  readonly userProfile?: UserProfileConfig;
}

/** A realm: its settings and a version that changes whenever its definition does. */
@Entity({ name: 'realms' })
@Index('ux_realms_name', ['name'], { unique: true })
export class RealmEntity {
  @PrimaryColumn(uuidPrimary('realms'))
  id!: string;

  /** The realm's stable name (`main`); other tables refer to realms by it or by `id`. */
  @Column({ name: 'name', type: 'varchar', length: REALM_NAME_LENGTH })
  name!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 255 })
  displayName!: string;

  /** The realm's settings, defaults filled in, with its required actions and user profile; JSON so new sections need no migration. */
  @Column({ name: 'settings', type: 'simple-json' })
  settings!: RealmSettingsColumn;

  /** Bumped whenever anything of the realm changes, so caches can tell they are stale. */
  @Column({ name: 'version', type: 'integer' })
  version!: number;

  @Column(timeColumn('created_at'))
  createdAt!: number;

  @Column(timeColumn('updated_at'))
  updatedAt!: number;
}
