import { readFileSync } from 'node:fs';
import { DataSource, MigrationExecutor } from 'typeorm';
import { FlowgateError } from '../errors';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import type { DatabaseOptions } from './data-source';

/** Default of `poolSize`: connections one node keeps to the server at most. */
export const DEFAULT_POOL_SIZE = 10;

/**
 * How long opening a connection may take. Long enough for a server across a slow network, short
 * enough that a request during an outage fails (503) instead of hanging, and a boot against an
 * unreachable host stops with a clear error.
 */
const CONNECT_TIMEOUT_MS = 5000;

/**
 * The key of the advisory lock migrations run under: one fixed number per schema, from a name,
 * so nodes booting at once migrate one after another and the later ones find nothing pending.
 */
const MIGRATION_LOCK = `hashtext('flowgate:migrations')`;

/** Builds (without connecting) a PostgreSQL data source: a pool over the `pg` driver, schema by migrations only. */
export function createPostgresDataSource(options: DatabaseOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.database,
    ...(options.tls && options.tls !== 'off' && { ssl: tlsOptions(options) }),
    poolSize: options.poolSize ?? DEFAULT_POOL_SIZE,
    connectTimeoutMS: CONNECT_TIMEOUT_MS,
    applicationName: 'flowgate',
    // COUNT(*) and bigint come back as numbers, as on SQLite: counts and ms times stay far below 2^53.
    parseInt8: true,
    logging: options.logging ?? false,
    synchronize: false,
    migrationsRun: false,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    // A dropped idle connection (the server restarted) is the pool's to replace, not an error to
    // crash on; requests that meet the outage get their own errors.
    poolErrorHandler: () => undefined,
  });
}

function tlsOptions(options: DatabaseOptions): { rejectUnauthorized: boolean; ca?: string } {
  if (options.tls === 'require') return { rejectUnauthorized: false };
  return { rejectUnauthorized: true, ...(options.caFile !== undefined && { ca: readFileSync(options.caFile, 'utf8') }) };
}

/**
 * Applies pending migrations in one transaction, under a session advisory lock held on the same
 * connection: nodes that boot at once wait for each other, and the later ones find nothing
 * pending. A node killed mid-migration loses its connection, so the server rolls the transaction
 * back and releases the lock; the next boot runs the migrations again from the start.
 */
export async function migratePostgres(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = 'all';
      await executor.executePendingMigrations();
    } catch (err) {
      if (err instanceof FlowgateError) throw err;
      throw new FlowgateError('FG_MIGRATION_FAILED', err instanceof Error ? err.message : String(err), undefined, { cause: err });
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`).catch(() => undefined);
    }
  } finally {
    await runner.release();
  }
}
