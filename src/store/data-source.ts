import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource } from 'typeorm';
import { FlowgateError } from '../errors';
import { isPostgresUrl } from '../util/database-url';
import { exclusive } from './connection-lock';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { connectError } from './postgres-errors';
import { createPostgresDataSource, migratePostgres } from './postgres';

/** Where and how to open the database. */
export interface DatabaseOptions {
  /**
   * A SQLite file path (its parent directory is created when missing), `:memory:`, or a
   * PostgreSQL server as `postgres://user:password@host:port/database`.
   */
  database: string;
  /** Log every SQL statement through typeorm's logger. Default `false`; for debugging only. */
  logging?: boolean;
  /** PostgreSQL: connections kept at most. Default `DEFAULT_POOL_SIZE` (10). */
  poolSize?: number;
  /** PostgreSQL: `off` (default), `require` (encrypted) or `verify` (encrypted, certificate and host checked). */
  tls?: 'off' | 'require' | 'verify';
  /** PostgreSQL with `tls: verify`: a PEM file of the CA(s) to trust instead of the system's. */
  caFile?: string;
}

/** The engine behind a data source. */
export type Engine = 'sqlite' | 'postgres';

/** Which engine `dataSource` runs on. */
export function engineOf(dataSource: DataSource): Engine {
  return dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
}

/**
 * How long a statement waits for another process's write lock before failing with SQLITE_BUSY.
 * Several processes share one file in production; 5 s rides out any normal write burst.
 */
const BUSY_TIMEOUT_MS = 5000;

const IN_MEMORY = ':memory:';

/**
 * Builds (without connecting) the data source: PostgreSQL for a `postgres://` URL, else SQLite
 * through better-sqlite3; schema by migrations only.
 */
export function createDataSource(options: DatabaseOptions): DataSource {
  if (isPostgresUrl(options.database)) return createPostgresDataSource(options);
  const isFile = options.database !== IN_MEMORY;
  return new DataSource({
    type: 'better-sqlite3',
    database: options.database,
    logging: options.logging ?? false,
    timeout: BUSY_TIMEOUT_MS,
    synchronize: false,
    migrationsRun: false,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    // Runs on the raw connection before typeorm issues anything: every statement, the migration
    // check included, already sees these settings.
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      db.pragma('foreign_keys = ON');
      // WAL lets readers run while one process writes; it does not exist for in-memory databases.
      if (isFile) enableWal(db);
    },
  });
}

/**
 * Opens the database ready for use: connected, pragmas set, pending migrations applied. Safe when
 * several processes open the same fresh file at once (see `migrate`).
 */
export async function openDatabase(options: DatabaseOptions): Promise<DataSource> {
  if (isPostgresUrl(options.database)) return openPostgres(options);
  if (options.database !== IN_MEMORY) mkdirSync(dirname(options.database), { recursive: true });
  const dataSource = createDataSource(options);
  await dataSource.initialize();
  try {
    await migrate(dataSource);
  } catch (err) {
    await dataSource.destroy();
    throw err;
  }
  return dataSource;
}

/** Connects (a failure coded: unreachable, credentials, no such database) and migrates under the advisory lock. */
async function openPostgres(options: DatabaseOptions): Promise<DataSource> {
  const dataSource = createDataSource(options);
  try {
    await dataSource.initialize();
  } catch (err) {
    throw connectError(err, options.database) ?? err;
  }
  try {
    await migratePostgres(dataSource);
  } catch (err) {
    await dataSource.destroy().catch(() => undefined);
    throw connectError(err, options.database) ?? err;
  }
  return dataSource;
}

/**
 * Applies pending migrations, all in one transaction. On SQLite that transaction takes the write
 * lock before it even looks at the migrations table, so processes that open a fresh file at the
 * same moment migrate one after the other, and the later ones find nothing pending.
 */
function migrate(dataSource: DataSource): Promise<void> {
  return exclusive(dataSource, async () => {
    const runner = dataSource.createQueryRunner();
    // SQLite ignores this pragma inside a transaction, so it goes first: a later migration may
    // rebuild a table (SQLite's way to alter one), which must not cascade into its children.
    await runner.query('PRAGMA foreign_keys = OFF');
    try {
      await runner.query('BEGIN IMMEDIATE');
      try {
        // The transaction is ours; typeorm must not open one of its own.
        await dataSource.runMigrations({ transaction: 'none' });
        const dangling: unknown[] = await runner.query('PRAGMA foreign_key_check');
        if (dangling.length > 0) {
          throw new FlowgateError('FG_MIGRATION_FAILED', `${dangling.length} row(s) would break foreign keys`);
        }
        await runner.query('COMMIT');
      } catch (err) {
        await runner.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    } finally {
      await runner.query('PRAGMA foreign_keys = ON');
    }
  });
}

/**
 * Switches the file to WAL, waiting while another process holds it. SQLite does not call the busy
 * handler while changing the journal mode, so processes opening one fresh file at the same moment
 * would otherwise fail with `database is locked`; once a file is in WAL it stays so, and the check
 * first makes every later open a plain read.
 */
function enableWal(db: { pragma(source: string, options?: { simple: boolean }): unknown }): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw err;
      // Synchronous on purpose: typeorm calls prepareDatabase synchronously. A few jittered ms.
      Atomics.wait(pause, 0, 0, 5 + Math.floor(Math.random() * 20));
    }
  }
}
