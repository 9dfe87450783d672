import type { DataSource } from 'typeorm';
import type { Clock } from '../../src/spi/services';
import { openTestDatabase } from '../support/test-database';

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(private time = Date.UTC(2025, 0, 1)) {}
  now(): number {
    return this.time;
  }
  /** Moves time forward by `ms`. */
  advance(ms: number): void {
    this.time += ms;
  }
}

/**
 * A fresh, migrated database: in-memory SQLite, or a PostgreSQL database of its own when
 * `FLOWGATE_TEST_POSTGRES` is set (see test/support/test-database.ts).
 */
export function memoryDatabase(): Promise<DataSource> {
  return openTestDatabase();
}

/** Reverts the migrations newest first, down to and including the one named `name` (its class name). */
export async function undoMigrationsThrough(ds: DataSource, name: string): Promise<void> {
  for (;;) {
    const [last] = (await ds.query('SELECT name FROM migrations ORDER BY id DESC LIMIT 1')) as Array<{ name: string }>;
    if (!last) throw new Error(`migration ${name} was never run`);
    await ds.undoLastMigration({ transaction: 'all' });
    if (last.name === name) return;
  }
}
