import type { DataSource } from 'typeorm';
import type { BruteForceRecord, BruteForceRecordStore } from '../engine';
import { exclusive, inTransaction, rowLock } from './connection-lock';
import { isUniqueViolation } from './db-errors';
import { BruteForceRecordEntity } from './entities/brute-force-record.entity';
import { runSql } from './sql';

/**
 * Brute-force records in the database, shared by every node. `update` reads and writes in one
 * write transaction (the row locked on PostgreSQL), so concurrent failures are all counted.
 */
export class TypeormBruteForceStore implements BruteForceRecordStore {
  constructor(private readonly dataSource: DataSource) {}

  get(realm: string, userId: string): Promise<BruteForceRecord | undefined> {
    return exclusive(this.dataSource, async () => {
      // Read on every attempt of a guarded step: constant SQL (see sql.ts).
      const { rows } = await runSql<{ failures: number; last_failure_at: number | string; locked_until: number | string }>(
        this.dataSource,
        'SELECT failures, last_failure_at, locked_until FROM brute_force_records WHERE realm = :realm AND user_id = :userId',
        { realm, userId },
      );
      const row = rows[0];
      return row ? { failures: Number(row.failures), lastFailureAt: Number(row.last_failure_at), lockedUntil: Number(row.locked_until) } : undefined;
    });
  }

  update(realm: string, userId: string, change: (current: BruteForceRecord | undefined) => BruteForceRecord): Promise<BruteForceRecord> {
    // SQLite: the write transaction (BEGIN IMMEDIATE) already serialises writers. PostgreSQL: the
    // row is locked FOR UPDATE, so concurrent failures on other nodes wait and count on top.
    const lock = rowLock(this.dataSource);
    const attempt = () =>
      inTransaction(this.dataSource, async (manager) => {
        const row = await manager.findOne(BruteForceRecordEntity, { where: { realm, userId }, ...lock });
        const next = change(row ? toRecord(row) : undefined);
        const values = { failures: next.failures, lastFailureAt: next.lastFailureAt, lockedUntil: next.lockedUntil };
        if (row) await manager.update(BruteForceRecordEntity, { realm, userId }, values);
        else await manager.insert(BruteForceRecordEntity, { realm, userId, ...values });
        return next;
      });
    // No row to lock yet: of two first failures at once, one insert loses on the primary key.
    // Once more, it finds the winner's row, waits on its lock and counts on top of it.
    return attempt().catch((err) => {
      if (isUniqueViolation(err)) return attempt();
      throw err;
    });
  }

  remove(realm: string, userId: string): Promise<void> {
    return exclusive(this.dataSource, async () => {
      // Run at every successful sign-in of a guarded step: constant SQL (see sql.ts).
      await runSql(this.dataSource, 'DELETE FROM brute_force_records WHERE realm = :realm AND user_id = :userId', { realm, userId });
    });
  }
}

function toRecord(row: BruteForceRecordEntity): BruteForceRecord {
  return { failures: row.failures, lastFailureAt: row.lastFailureAt, lockedUntil: row.lockedUntil };
}
