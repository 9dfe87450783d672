import type { BruteForceRecord } from './brute-force.policy';
import type { BruteForceRecordStore } from './brute-force.store';

/** Brute-force records in one process's memory: for tests and the in-memory harness only. */
export class MemoryBruteForceStore implements BruteForceRecordStore {
  private readonly records = new Map<string, BruteForceRecord>();

  async get(realm: string, userId: string): Promise<BruteForceRecord | undefined> {
    return this.records.get(key(realm, userId));
  }

  async update(realm: string, userId: string, change: (current: BruteForceRecord | undefined) => BruteForceRecord): Promise<BruteForceRecord> {
    // Synchronous between read and write, so it is atomic within the process.
    const next = change(this.records.get(key(realm, userId)));
    this.records.set(key(realm, userId), next);
    return next;
  }

  async remove(realm: string, userId: string): Promise<void> {
    this.records.delete(key(realm, userId));
  }
}

function key(realm: string, userId: string): string {
  return JSON.stringify([realm, userId]);
}
