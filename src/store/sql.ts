import { QueryFailedError, type DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { FlowgateError } from '../errors';

/*
 * The statements of a sign-in, written by hand. typeorm's SQLite driver writes every number
 * parameter (times, steps) into the SQL text, so each of those statements was new SQL that
 * better-sqlite3 compiled again, and it builds and hydrates every query through its metadata. Here
 * the SQL text is a constant and the rows come back as plain objects. The difference between
 * engines lives in this file only: statements are standard SQL with named parameters (`:name`),
 * turned into `?` (SQLite) or `$1…` (PostgreSQL). Everything else (migrations, the admin API, rare
 * queries) stays on typeorm. Statements here hold no `:` other than parameters (no `::` casts, no
 * colons in literals).
 *
 * On SQLite the statement runs on the driver's one better-sqlite3 connection, prepared once per
 * connection and kept: typeorm's query runner around it (logging and subscriber broadcasts, four
 * awaits, a FIFO statement cache that typeorm's own inlined-number SQL keeps evicting) cost more
 * than the statement itself. It is the connection typeorm's transactions run on, and callers hold
 * `exclusive` or run inside `inTransaction` (src/store/connection-lock.ts), so a statement runs in
 * the transaction of its caller exactly as through the query runner. PostgreSQL has no such single
 * connection: there the statement goes through the transaction's query runner, or a pooled one.
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

/** The parts of a better-sqlite3 statement used here. */
interface SqliteStatement {
  readonly reader: boolean;
  all(...values: unknown[]): unknown[];
  run(...values: unknown[]): { changes: number };
}

/** The parts of a better-sqlite3 connection used here. */
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}

interface Prepared extends Compiled {
  readonly statement: SqliteStatement;
}

/** Statements are constants in code, so these caches stay small; the bound is a safety net. */
const MAX_CACHED = 200;

/** Compiled texts for PostgreSQL, by statement. */
const compiledPositional = new Map<string, Compiled>();

/** Prepared statements per SQLite connection (a closed connection's go with it). */
const preparedBy = new WeakMap<SqliteConnection, Map<string, Prepared>>();

const NAMED = /:([A-Za-z_][A-Za-z0-9_]*)/g;

function compile(sql: string, positional: boolean): Compiled {
  const names: string[] = [];
  const text = sql.replace(NAMED, (_match, name: string) => {
    names.push(name);
    return positional ? `$${names.length}` : '?';
  });
  return { text, names };
}

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, value);
  return value;
}

function bind(names: readonly string[], params: Record<string, unknown>): unknown[] {
  return names.map((name) => {
    if (!(name in params)) throw new FlowgateError('FG_STORE_INVALID_ARGUMENT', `no value for :${name}`);
    const value = params[name];
    return typeof value === 'boolean' ? (value ? 1 : 0) : value;
  });
}

/**
 * Runs `sql` (standard SQL, `:name` parameters from `params`) on the data source's connection, or
 * on the manager's transaction. Booleans are bound as 1/0 and JSON must come stringified. The
 * caller holds `exclusive` (or is inside `inTransaction`), as for any store operation. A failing
 * statement throws typeorm's `QueryFailedError` (the driver's error as `driverError`) on both
 * engines, as everything in src/store expects.
 */
export async function runSql<Row = Record<string, unknown>>(on: DataSource | EntityManager, sql: string, params: Record<string, unknown> = {}): Promise<SqlResult<Row>> {
  const dataSource = 'manager' in on ? on : on.connection;
  const connection = directConnection(dataSource);
  if (connection !== undefined) return runOnSqlite<Row>(connection, sql, params);
  const { text, names } = compiledPositional.get(sql) ?? remember(compiledPositional, sql, compile(sql, dataSource.options.type === 'postgres'));
  const values = bind(names, params);
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

/**
 * The better-sqlite3 connection to run on directly, or `undefined` to go through typeorm: another
 * engine, a data source not connected, or statement logging switched on (typeorm's logger then
 * shows these statements too).
 */
function directConnection(dataSource: DataSource): SqliteConnection | undefined {
  if (dataSource.options.type !== 'better-sqlite3' || dataSource.options.logging) return undefined;
  return (dataSource.driver as unknown as { databaseConnection?: SqliteConnection }).databaseConnection;
}

function runOnSqlite<Row>(connection: SqliteConnection, sql: string, params: Record<string, unknown>): Promise<SqlResult<Row>> {
  let cache = preparedBy.get(connection);
  if (cache === undefined) {
    cache = new Map();
    preparedBy.set(connection, cache);
  }
  const prepared = cache.get(sql);
  const { text, names } = prepared ?? compile(sql, false);
  // A missing parameter throws before anything is compiled or run.
  const values = bind(names, params);
  try {
    const statement = prepared?.statement ?? remember(cache, sql, { text, names, statement: connection.prepare(text) }).statement;
    if (statement.reader) return Promise.resolve({ rows: statement.all(...values) as Row[], affected: 0 });
    return Promise.resolve({ rows: [], affected: statement.run(...values).changes });
  } catch (err) {
    return Promise.reject(new QueryFailedError(text, values, err as Error));
  }
}
