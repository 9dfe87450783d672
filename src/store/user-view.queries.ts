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
 * A user's attributes (by name, then position) followed by its required actions (by creation,
 * then id): the first branch's rows have no action id, the second's nothing else.
 */
const DETAILS = `SELECT 0 AS kind, name, position, value, NULL AS created_at, NULL AS action_id FROM user_attributes WHERE user_id = :id
  UNION ALL SELECT 1, NULL, NULL, NULL, created_at, action_id FROM user_required_actions WHERE user_id = :id
  ORDER BY kind, name, position, created_at, action_id`;

/**
 * One user of `realm` by id or (normalized) email, with attributes and required actions: two
 * indexed queries. A sign-in reads its user several times, so this is constant SQL through
 * `runSql` rather than typeorm's query building and hydration.
 */
export async function findUserView(manager: EntityManager, realm: string, where: { id: string } | { email: string }): Promise<UserView | undefined> {
  const [by, key] = 'id' in where ? ['id = :key', where.id] : ['email = :key', where.email];
  const { rows } = await runSql<UserRow>(manager, `SELECT id, realm, email, email_verified, enabled, created_at FROM users WHERE realm = :realm AND ${by}`, { realm, key });
  const user = rows[0];
  if (user === undefined) return undefined;
  // Attributes and required actions in one statement (each branch by its user_id index).
  const { rows: details } = await runSql<{ name: string | null; value: string | null; action_id: string | null }>(manager, DETAILS, { id: user.id });
  const byName: Record<string, string[]> = {};
  const requiredActions: string[] = [];
  for (const row of details) {
    if (row.action_id !== null) requiredActions.push(row.action_id);
    else (byName[row.name!] ??= []).push(row.value!);
  }
  return {
    id: user.id,
    realm: user.realm,
    email: user.email,
    // SQLite gives 0/1 and PostgreSQL booleans; bigint times may come back as text.
    emailVerified: Boolean(Number(user.email_verified)),
    enabled: Boolean(Number(user.enabled)),
    attributes: byName,
    requiredActions,
    createdAt: Number(user.created_at),
  };
}
