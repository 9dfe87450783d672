import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { FlowgateError } from '../errors';

/*
 * The few hottest statements of a sign-in, written by hand. typeorm's SQLite driver writes every
 * number parameter (times, steps) into the SQL text, so each of those statements was new SQL that
 * better-sqlite3 compiled again, and it builds and hydrates every query through its metadata. Here
 * the SQL text is a constant, so the driver's statement cache compiles it once, and the rows come
 * back as plain objects. The difference between engines lives in this file only: statements are
 * standard SQL with named parameters (`:name`), turned into `?` (SQLite) or `$1…` (PostgreSQL).
 * Everything else (migrations, the admin API, rare queries) stays on typeorm. Statements here hold
 * no `:` other than parameters (no `::` casts, no colons in literals).
 */

/** What a statement did: the rows it returned (a SELECT) and the rows it changed (the others). */
export interface SqlResult<Row> {
  readonly rows: Row[];
  readonly affected: number;
}

interface Compiled {
  readonly text: string;
  readonly names: readonly string[];
}

/** Compiled texts, by engine and statement; the statements are constants in code, so few. */
const compiled = new Map<string, Compiled>();
const MAX_COMPILED = 200;

const NAMED = /:([A-Za-z_][A-Za-z0-9_]*)/g;

function compile(sql: string, positional: boolean): Compiled {
  const key = `${positional ? '$' : '?'}${sql}`;
  let hit = compiled.get(key);
  if (hit === undefined) {
    const names: string[] = [];
    const text = sql.replace(NAMED, (_match, name: string) => {
      names.push(name);
      return positional ? `$${names.length}` : '?';
    });
    hit = { text, names };
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(key, hit);
  }
  return hit;
}

/**
 * Runs `sql` (standard SQL, `:name` parameters from `params`) on the data source's connection, or
 * on the manager's transaction. Booleans are bound as 1/0 and JSON must come stringified. The
 * caller holds `exclusive` (or is inside `inTransaction`), as for any store operation.
 */
export async function runSql<Row = Record<string, unknown>>(on: DataSource | EntityManager, sql: string, params: Record<string, unknown> = {}): Promise<SqlResult<Row>> {
  const dataSource = 'manager' in on ? on : on.connection;
  const { text, names } = compile(sql, dataSource.options.type === 'postgres');
  const values = names.map((name) => {
    if (!(name in params)) throw new FlowgateError('FG_STORE_INVALID_ARGUMENT', `no value for :${name}`);
    const value = params[name];
    return typeof value === 'boolean' ? (value ? 1 : 0) : value;
  });
  const inTransaction = !('manager' in on) ? on.queryRunner : undefined;
  const runner: QueryRunner = inTransaction ?? dataSource.createQueryRunner();
  try {
    const result = (await runner.query(text, values, true)) as { records?: Row[]; affected?: number };
    // Single use and the step check rest on the count: a driver that gives none is a fault, not 0.
    if (result.records === undefined && typeof result.affected !== 'number') throw new FlowgateError('FG_DATABASE_DRIVER', 'no count of affected rows');
    return { rows: result.records ?? [], affected: result.affected ?? 0 };
  } finally {
    if (inTransaction === undefined) await runner.release();
  }
}
