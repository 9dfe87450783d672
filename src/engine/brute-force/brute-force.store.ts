import type { BruteForceRecord } from './brute-force.policy';

/**
 * Where brute-force records are kept, per realm and user: the database in production, memory in
 * tests. `update` must be atomic per key (across processes for a shared database), so two
 * concurrent failures are both counted.
 */
export interface BruteForceRecordStore {
  /** The user's record, if any. */
  get(realm: string, userId: string): Promise<BruteForceRecord | undefined>;
  /** Replaces the record with `change(current)`, atomically, and returns the new one. */
  update(realm: string, userId: string, change: (current: BruteForceRecord | undefined) => BruteForceRecord): Promise<BruteForceRecord>;
  /** Forgets the user's record. */
  remove(realm: string, userId: string): Promise<void>;
}
