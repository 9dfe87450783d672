import type { DataSource } from 'typeorm';
import { gcraRule } from '../../src/ratelimit/gcra';
import { openDatabase } from '../../src/store/data-source';
import { TypeormRateLimitStore } from '../../src/store/rate-limit.store';
import { describeRateLimitStoreContract } from '../ratelimit/store-contract';
import { freshDatabase, TEST_POSTGRES } from '../support/test-database';
import { memoryDatabase } from './test-db';

let ds: DataSource;
beforeAll(async () => {
  ds = await memoryDatabase();
});
afterAll(() => ds.destroy());

describeRateLimitStoreContract(`TypeormRateLimitStore on ${TEST_POSTGRES ? 'PostgreSQL' : 'SQLite'}`, async () => {
  await ds.query('DELETE FROM rate_limits');
  return new TypeormRateLimitStore(ds);
});

describe('TypeormRateLimitStore housekeeping', () => {
  it('deletes idle keys only', async () => {
    await ds.query('DELETE FROM rate_limits');
    const store = new TypeormRateLimitStore(ds);
    const rule = gcraRule(4, 20_000);
    await store.hit('idle', rule, 1_000);
    await store.hit('busy', rule, 10_000);
    expect(await store.purgeIdle(6_000)).toBe(1);
    expect(await store.peek('busy', 6_000)).toBe(15_000);
    expect(await store.peek('idle', 1_001)).toBeUndefined();
  });
});

(TEST_POSTGRES ? describe : describe.skip)('TypeormRateLimitStore across nodes (#20)', () => {
  it('limits requests spread over three nodes as one budget', async () => {
    const db = await freshDatabase();
    const nodes = await Promise.all([1, 2, 3].map(() => openDatabase({ database: db.database, poolSize: 4 })));
    try {
      const stores = nodes.map((n) => new TypeormRateLimitStore(n));
      const rule = gcraRule(10, 60_000);
      const results = await Promise.all(Array.from({ length: 90 }, (_, i) => stores[i % 3]!.hit('login:ip', rule, 5_000)));
      expect(results.filter((r) => r.allowed)).toHaveLength(10);
    } finally {
      await Promise.all(nodes.map((n) => n.destroy()));
      await db.drop();
    }
  });
});
