import type { DataSource } from 'typeorm';
import type { Clock } from '../../src/spi/services';
import { openDatabase } from '../../src/store/data-source';

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

/** A fresh, migrated in-memory database. */
export function memoryDatabase(): Promise<DataSource> {
  return openDatabase({ database: ':memory:' });
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
