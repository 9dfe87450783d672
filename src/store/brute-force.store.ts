import type { DataSource } from 'typeorm';
import type { BruteForceRecord, BruteForceRecordStore } from '../engine';
import { exclusive, inTransaction } from './connection-lock';
import { BruteForceRecordEntity } from './entities/brute-force-record.entity';
import { runSql } from './sql';

/** Brute-force records in the database. `update` reads and writes in one write transaction, so concurrent failures are all counted. */
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
    return inTransaction(this.dataSource, async (manager) => {
      const row = await manager.findOne(BruteForceRecordEntity, { where: { realm, userId } });
      const next = change(row ? toRecord(row) : undefined);
      const values = { failures: next.failures, lastFailureAt: next.lastFailureAt, lockedUntil: next.lockedUntil };
      if (row) await manager.update(BruteForceRecordEntity, { realm, userId }, values);
      else await manager.insert(BruteForceRecordEntity, { realm, userId, ...values });
      return next;
    });
  }

  remove(realm: string, userId: string): Promise<void> {
    return exclusive(this.dataSource, async () => {
      await this.dataSource.manager.delete(BruteForceRecordEntity, { realm, userId });
    });
  }
}

function toRecord(row: BruteForceRecordEntity): BruteForceRecord {
  return { failures: row.failures, lastFailureAt: row.lastFailureAt, lockedUntil: row.lockedUntil };
}
