import type { EntityManager } from 'typeorm';
import type { UserView } from '../spi/services';
import { runSql } from './sql';

/** A `users` row as `runSql` returns it. */
interface UserRow {
  readonly id: string;
  readonly realm: string;
  readonly email: string;
  readonly email_verified: number | boolean;
  readonly enabled: number | boolean;
  readonly created_at: number | string;
}

/**
 * One user of `realm` by id or (normalized) email, with attributes and required actions: three
 * indexed queries. A sign-in reads its user several times, so this is constant SQL through
 * `runSql` rather than typeorm's query building and hydration.
 */
export async function findUserView(manager: EntityManager, realm: string, where: { id: string } | { email: string }): Promise<UserView | undefined> {
  const [by, key] = 'id' in where ? ['id = :key', where.id] : ['email = :key', where.email];
  const { rows } = await runSql<UserRow>(manager, `SELECT id, realm, email, email_verified, enabled, created_at FROM users WHERE realm = :realm AND ${by}`, { realm, key });
  const user = rows[0];
  if (user === undefined) return undefined;
  const attributes = await runSql<{ name: string; value: string }>(manager, 'SELECT name, value FROM user_attributes WHERE user_id = :id ORDER BY name, position', { id: user.id });
  const actions = await runSql<{ action_id: string }>(manager, 'SELECT action_id FROM user_required_actions WHERE user_id = :id ORDER BY created_at, action_id', { id: user.id });
  const byName: Record<string, string[]> = {};
  for (const row of attributes.rows) (byName[row.name] ??= []).push(row.value);
  return {
    id: user.id,
    realm: user.realm,
    email: user.email,
    // SQLite gives 0/1 and PostgreSQL booleans; bigint times may come back as text.
    emailVerified: Boolean(Number(user.email_verified)),
    enabled: Boolean(Number(user.enabled)),
    attributes: byName,
    requiredActions: actions.rows.map((r) => r.action_id),
    createdAt: Number(user.created_at),
  };
}
