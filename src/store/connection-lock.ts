import type { DataSource, EntityManager } from 'typeorm';

/*
 * typeorm's better-sqlite3 driver runs everything over ONE connection per data source. While one
 * caller's transaction waits between two statements, anything else this process sends runs inside
 * that transaction: a concurrent token consumption would be rolled back with someone else's failed
 * insert, after its caller was told it won. So on SQLite every store operation takes this lock, and
 * a transaction holds it from BEGIN to COMMIT. better-sqlite3 is synchronous anyway, so this costs
 * no parallelism. Other engines use a pool (one connection per transaction) and need no lock.
 */

const tails = new WeakMap<DataSource, Promise<unknown>>();

function isSqlite(dataSource: DataSource): boolean {
  return dataSource.options.type === 'better-sqlite3';
}

/**
 * Runs `work` alone on the data source's connection: after every operation this process started
 * earlier on it. Never call it from inside `work` (it would wait for itself).
 */
export function exclusive<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  if (!isSqlite(dataSource)) return work();
  const previous = tails.get(dataSource) ?? Promise.resolve();
  const run = previous.then(work, work);
  tails.set(
    dataSource,
    run.catch(() => undefined),
  );
  return run;
}

/**
 * The find option that locks the rows a write transaction reads (FOR UPDATE) where it is needed:
 * on PostgreSQL, so concurrent writers on other connections or nodes wait and then read what the
 * first committed. SQLite's write transaction (BEGIN IMMEDIATE) already serialises writers, and
 * its typeorm driver refuses the option.
 */
export function rowLock(dataSource: DataSource): { lock?: { mode: 'pessimistic_write' } } {
  return isSqlite(dataSource) ? {} : { lock: { mode: 'pessimistic_write' } };
}

/** How `inTransaction` runs. */
export interface TransactionOptions {
  /**
   * Only reads: on SQLite a deferred transaction (a consistent snapshot that does not hold other
   * processes' writers back), elsewhere REPEATABLE READ. Default `false`.
   */
  readOnly?: boolean;
}

/**
 * Runs `work` in a transaction, alone on the connection (see `exclusive`). Use only query-builder
 * style calls (`insert`, `update`, `delete`, `find`) on the given manager: `save` would try to open
 * a second transaction.
 */
export function inTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  if (!isSqlite(dataSource)) {
    return options.readOnly ? dataSource.transaction('REPEATABLE READ', work) : dataSource.transaction(work);
  }
  return exclusive(dataSource, async () => {
    const runner = dataSource.createQueryRunner();
    // IMMEDIATE takes the write lock up front (waiting up to the busy timeout). A deferred
    // transaction that reads first and writes later fails at once with SQLITE_BUSY when another
    // process wrote in between, and no timeout helps with that.
    await runner.query(options.readOnly ? 'BEGIN DEFERRED' : 'BEGIN IMMEDIATE');
    try {
      const result = await work(runner.manager);
      await runner.query('COMMIT');
      return result;
    } catch (err) {
      await runner.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  });
}
