import { QueryFailedError } from 'typeorm';

/**
 * Whether `err` is a unique-constraint violation, on SQLite (`SQLITE_CONSTRAINT_UNIQUE`, or
 * `_PRIMARYKEY`) or PostgreSQL (`23505`). Callers rely on the constraint, not on a check before
 * the insert, because two concurrent inserts both pass such a check.
 */
export function isUniqueViolation(err: unknown): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const code = (err.driverError as { code?: unknown } | undefined)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
