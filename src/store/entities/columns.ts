import type { ColumnOptions, QueryDeepPartialEntity, ValueTransformer } from 'typeorm';

/**
 * Column shapes shared by every entity, so the same entities and migrations run on SQLite and,
 * later, PostgreSQL: no engine-specific types, times as integers, ids generated in code.
 */

/** Length of a `crypto.randomUUID()` id. */
export const UUID_LENGTH = 36;

export { REALM_NAME_LENGTH } from '../../engine';

/**
 * `bigint` comes back as a string from PostgreSQL (it may exceed 2^53); times in ms since the epoch
 * never do, so they are read back as numbers everywhere.
 */
const epochMillis: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? value : Number(value)),
};

/** A required time column (ms since the epoch). */
export function timeColumn(name: string): ColumnOptions {
  return { name, type: 'bigint', transformer: epochMillis };
}

/** An optional time column (ms since the epoch), `null` when unset. */
export function nullableTimeColumn(name: string): ColumnOptions {
  return { name, type: 'bigint', nullable: true, transformer: epochMillis };
}

/** A random UUID primary key, set in code (`crypto.randomUUID()`) so no engine has to generate it. */
export function uuidPrimary(table: string): ColumnOptions & { nullable?: false } {
  return { name: 'id', type: 'varchar', length: UUID_LENGTH, primaryKeyConstraintName: `pk_${table}` };
}

/**
 * typeorm's insert/update typing recurses into JSON columns and rejects `unknown` inside them; a
 * complete row (or set of fields) typed as the entity is what those calls need, so this only
 * restates its type.
 */
export function asRow<T>(row: T): QueryDeepPartialEntity<T> {
  return row as unknown as QueryDeepPartialEntity<T>;
}
