import { createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { openDatabase } from '../../src/store/data-source';
import { MIGRATIONS } from '../../src/store/migrations';

/*
 * The one place tests get a database. With FLOWGATE_TEST_POSTGRES set (a URL of a PostgreSQL
 * server, e.g. from scripts/pg-cluster.sh) each call gives a fresh PostgreSQL database of its
 * own, copied from a template migrated once per set of migrations; otherwise an in-memory SQLite
 * database. So every test that touches storage runs on whichever engine the run is for.
 */

/** The PostgreSQL server the tests run on, or `undefined` for SQLite. */
export const TEST_POSTGRES: string | undefined = process.env.FLOWGATE_TEST_POSTGRES?.trim() || undefined;

/** The engine this test run uses. */
export const TEST_ENGINE: 'postgres' | 'sqlite' = TEST_POSTGRES ? 'postgres' : 'sqlite';

// Read from globalThis: this module is also loaded outside jest (the benchmark), where `it` is not defined.
const jestIt = (globalThis as { it?: jest.It }).it;
/** `it` on SQLite only: for what PostgreSQL has no equivalent of (pragmas, files, page limits). */
export const itOnSqlite = (TEST_POSTGRES ? jestIt?.skip : jestIt) as jest.It;
/** `it` on PostgreSQL only. */
export const itOnPostgres = (TEST_POSTGRES ? jestIt : jestIt?.skip) as jest.It;

/** `TEST_POSTGRES` pointing at database `name` instead. */
export function postgresUrl(name: string): string {
  const url = new URL(TEST_POSTGRES ?? 'postgres://localhost/');
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs `sql` on the server's maintenance database (the one in `TEST_POSTGRES`), on a connection of its own. */
export async function adminQuery<T = unknown>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: TEST_POSTGRES });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

// One template per set of migrations, so a branch that adds one never copies a stale schema.
const TEMPLATE = `flowgate_tpl_${createHash('sha256')
  .update(MIGRATIONS.map((m) => m.name).join(','))
  .digest('hex')
  .slice(0, 12)}`;

let templateReady: Promise<void> | undefined;

/** Creates the migrated template once per server: suites in parallel wait on an advisory lock. */
async function ensureTemplate(): Promise<void> {
  const client = new Client({ connectionString: TEST_POSTGRES });
  await client.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(hashtext('flowgate:test-template'))`);
    const { rows } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [TEMPLATE]);
    if (rows.length > 0) return;
    const building = `${TEMPLATE}_building`;
    await client.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${building}`);
    const ds = await openDatabase({ database: postgresUrl(building) });
    await ds.destroy();
    // Renamed only once complete, so a run killed while building leaves no half-made template.
    await client.query(`ALTER DATABASE ${building} RENAME TO ${TEMPLATE}`);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database, ready for `openDatabase`/`FLOWGATE_DATABASE`: a new, migrated PostgreSQL
 * database (its URL) or `:memory:`. `drop()` deletes the PostgreSQL one; call it after closing.
 */
export async function freshDatabase(): Promise<{ database: string; drop(): Promise<void> }> {
  if (!TEST_POSTGRES) return { database: ':memory:', drop: async () => undefined };
  templateReady ??= ensureTemplate();
  await templateReady;
  const name = `flowgate_t_${randomBytes(6).toString('hex')}`;
  // FILE_COPY: for a small database much quicker than PostgreSQL 15's default WAL_LOG.
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE} STRATEGY = FILE_COPY`);
  return { database: postgresUrl(name), drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined) };
}

/**
 * A fresh, migrated database opened as a data source (see `freshDatabase`). Destroying it also
 * drops the PostgreSQL database, so suites leave nothing behind.
 */
export async function openTestDatabase(): Promise<DataSource> {
  const { database, drop } = await freshDatabase();
  const ds = await openDatabase({ database, poolSize: 4 });
  const destroy = ds.destroy.bind(ds);
  ds.destroy = async () => {
    await destroy();
    await drop();
  };
  return ds;
}

/**
 * Runs raw SQL written with `?` placeholders on either engine (PostgreSQL numbers them: `$1`).
 * For tests that look under the stores; the stores themselves use typeorm's query builder.
 */
export function sql<T = Record<string, unknown>>(ds: DataSource | EntityManager, text: string, params: unknown[] = []): Promise<T[]> {
  const postgres = ('driver' in ds ? ds : ds.dataSource).options.type === 'postgres';
  let i = 0;
  return ds.query(postgres ? text.replace(/\?/g, () => `$${++i}`) : text, params);
}

function isPostgres(ds: DataSource): boolean {
  return ds.options.type === 'postgres';
}

/** Makes every insert into `table` fail with `message` (a stand-in for a full disk); returns the undo. */
export async function failInsertsInto(ds: DataSource, table: string, message: string): Promise<() => Promise<void>> {
  const name = `fail_${table}`;
  if (!isPostgres(ds)) {
    await ds.query(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, '${message}'); END`);
    return async () => void (await ds.query(`DROP TRIGGER ${name}`));
  }
  await ds.query(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${message}'; END $$`);
  await ds.query(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}()`);
  return async () => void (await ds.query(`DROP TRIGGER ${name} ON ${table}; DROP FUNCTION ${name}()`));
}

/** The column names of `table`, in order. */
export async function columnsOf(ds: DataSource, table: string): Promise<string[]> {
  const rows: Array<{ name: string }> = isPostgres(ds)
    ? await ds.query(`SELECT column_name AS name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`, [table])
    : await ds.query(`PRAGMA table_info(${table})`);
  return rows.map((r) => r.name);
}

/** The names of the tables in the database (typeorm's `migrations` included), sorted. */
export async function tablesOf(ds: DataSource): Promise<string[]> {
  const rows: Array<{ name: string }> = isPostgres(ds)
    ? await ds.query(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`)
    : await ds.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`);
  return rows.map((r) => r.name).sort();
}

/**
 * Counts the rows inserted, updated or deleted in `table` from now on (triggers into a counter
 * table), on either engine; call the returned function to read the count.
 */
export async function countWrites(ds: DataSource, table: string): Promise<() => Promise<number>> {
  const counter = `writes_${table}`;
  await ds.query(`CREATE TABLE ${counter} (n integer NOT NULL)`);
  await ds.query(`INSERT INTO ${counter} (n) VALUES (0)`);
  if (isPostgres(ds)) {
    await ds.query(`CREATE FUNCTION count_${table}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE ${counter} SET n = n + 1; RETURN NULL; END $$`);
    await ds.query(`CREATE TRIGGER count_${table} AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION count_${table}()`);
  } else {
    for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
      await ds.query(`CREATE TRIGGER count_${table}_${event.toLowerCase()} AFTER ${event} ON ${table} BEGIN UPDATE ${counter} SET n = n + 1; END`);
    }
  }
  return async () => ((await ds.query(`SELECT n FROM ${counter}`)) as Array<{ n: number }>)[0]!.n;
}
