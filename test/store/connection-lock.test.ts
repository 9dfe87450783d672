import type { DataSource } from 'typeorm';
import { exclusive, inTransaction } from '../../src/store/connection-lock';
import { sql } from '../support/test-database';
import { memoryDatabase } from './test-db';

describe('connection lock', () => {
  let ds: DataSource;
  beforeEach(async () => {
    ds = await memoryDatabase();
  });
  afterEach(() => ds.destroy());

  const count = async (): Promise<number> => ((await ds.query('SELECT COUNT(*) AS n FROM events')) as Array<{ n: number }>)[0].n;
  const insertEvent = (id: string) =>
    sql(ds, `INSERT INTO events (id, realm, type, time) VALUES (?, 'main', 'TEST', 0)`, [id]);

  it("keeps a statement out of another caller's transaction that is rolled back", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const failing = inTransaction(ds, async (manager) => {
      await manager.query(`INSERT INTO events (id, realm, type, time) VALUES ('in-tx', 'main', 'TEST', 0)`);
      await gate; // the transaction is open and waiting
      throw new Error('rolled back');
    });
    // Without the lock this insert would run inside the open transaction and vanish with it.
    const outside = exclusive(ds, () => insertEvent('outside'));
    release();
    await expect(failing).rejects.toThrow('rolled back');
    await outside;
    expect(await ds.query('SELECT id FROM events')).toEqual([{ id: 'outside' }]);
  });

  it('runs overlapping transactions one after the other, each committed or rolled back on its own', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        inTransaction(ds, async (manager) => {
          await sql(manager, `INSERT INTO events (id, realm, type, time) VALUES (?, 'main', 'TEST', 0)`, [`e${i}`]);
          await new Promise((resolve) => setImmediate(resolve));
          if (i % 2 === 1) throw new Error(`fail ${i}`);
          return i;
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect(await ds.query('SELECT id FROM events ORDER BY id')).toEqual([{ id: 'e0' }, { id: 'e2' }, { id: 'e4' }]);
    expect(await count()).toBe(3);
  });

  it('keeps working after a failed operation', async () => {
    await expect(exclusive(ds, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await exclusive(ds, () => insertEvent('after'));
    expect(await count()).toBe(1);
  });
});
