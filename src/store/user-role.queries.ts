import type { DataSource } from 'typeorm';
import { exclusive } from './connection-lock';
import { UserAttributeEntity } from './entities/user-attribute.entity';
import { UserEntity } from './entities/user.entity';

/**
 * The enabled users of `realm` whose attribute `attribute` holds `value` (one indexed join), oldest
 * first: e.g. the administrators of the admin realm (`roles` holding `admin`).
 */
export function usersWithAttributeValue(dataSource: DataSource, realm: string, attribute: string, value: string): Promise<Array<{ id: string; email: string }>> {
  return exclusive(dataSource, async () => {
    const rows = await dataSource.manager
      .createQueryBuilder(UserEntity, 'u')
      .innerJoin(UserAttributeEntity, 'a', 'a.user_id = u.id')
      .where('u.realm = :realm AND u.enabled = :enabled AND a.name = :attribute AND a.value = :value', { realm, enabled: true, attribute, value })
      .orderBy('u.created_at', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .getMany();
    return rows.map((u) => ({ id: u.id, email: u.email }));
  });
}
