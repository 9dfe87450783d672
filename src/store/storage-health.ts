import type { DataSource } from 'typeorm';
import { FlowgateError } from '../errors';
import type { Clock } from '../spi/services';
import { exclusive } from './connection-lock';
import { isDatabaseUnreachable } from './postgres-errors';
import { storageError, type StorageCode } from './storage-errors';

/**
 * How long a storage failure seen by a request keeps `/readyz` not ready. The probe below writes
 * only into SQLite's page cache, so it catches a read-only database and a full one (max_page_count)
 * but not always a full disk, which only a write that reaches the disk meets: such a failure counts
 * for this long after it was last seen, then readiness recovers by itself.
 */
export const STORAGE_FAILURE_MEMORY_MS = 30_000;

/** The database's ability to take writes, as requests meet it and as `/readyz` probes it. */
export class StorageHealth {
  private lastFailure: { readonly code: StorageCode; readonly at: number } | undefined;
  private readonly postgres: boolean;

  constructor(
    private readonly dataSource: DataSource,
    /** The database file, or the server's URL without its password, named in the errors. */
    private readonly path: string,
    private readonly clock: Clock,
  ) {
    this.postgres = dataSource.options.type === 'postgres';
  }

  /**
   * `err` as `FG_STORAGE_FULL`/`FG_STORAGE_READ_ONLY` with the path (and remembered), or on
   * PostgreSQL `FG_DATABASE_UNAVAILABLE` for a server that cannot be reached (not remembered: the
   * probe sees when it is back), else `undefined`.
   */
  recognise(err: unknown): FlowgateError | undefined {
    if (this.postgres && isDatabaseUnreachable(err)) {
      return new FlowgateError('FG_DATABASE_UNAVAILABLE', `${this.path}: ${err instanceof Error ? err.message : String(err)}`, undefined, { cause: err });
    }
    const coded = storageError(err, this.path);
    if (coded) this.lastFailure = { code: coded.code as StorageCode, at: this.clock.now() };
    return coded;
  }

  /**
   * Readiness: `undefined` when the database answers a read and would take a write, else the
   * storage code that stops it. Other failures (the database is gone) reject.
   */
  async check(): Promise<StorageCode | undefined> {
    try {
      await exclusive(this.dataSource, () => (this.postgres ? this.probePostgres() : this.probe()));
    } catch (err) {
      const coded = this.recognise(err);
      if (coded?.code === 'FG_DATABASE_UNAVAILABLE') return coded.code;
      if (!coded) throw err;
    }
    const last = this.lastFailure;
    if (last && this.clock.now() - last.at < STORAGE_FAILURE_MEMORY_MS) return last.code;
    this.lastFailure = undefined;
    return undefined;
  }

  /** A read, then a write that needs a fresh page (a table and a row), rolled back: nothing stays. */
  private async probe(): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.query('SELECT 1');
      await runner.startTransaction();
      try {
        await runner.query('CREATE TABLE flowgate_ready_probe (x BLOB)');
        await runner.query('INSERT INTO flowgate_ready_probe VALUES (zeroblob(8192))');
      } finally {
        await runner.rollbackTransaction();
      }
    } finally {
      await runner.release();
    }
  }

  /**
   * PostgreSQL: a connection from this node's pool answers, and the server takes writes (not a
   * standby or a server switched to read-only). A full disk shows in requests' errors instead.
   */
  private async probePostgres(): Promise<void> {
    const [row] = (await this.dataSource.query('SHOW transaction_read_only')) as Array<{ transaction_read_only: string }>;
    if (row?.transaction_read_only === 'on') {
      throw Object.assign(new Error('the server accepts only read-only transactions'), { code: '25006' });
    }
  }
}
