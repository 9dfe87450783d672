import type { DataSource } from 'typeorm';
import { openDatabase } from '../../src/store/data-source';
import { TypeormBruteForceStore } from '../../src/store/brute-force.store';
import { UserStore } from '../../src/store/user.store';
import { freshDatabase, TEST_POSTGRES } from '../support/test-database';
import { ManualClock } from './test-db';

/** Three nodes (data sources) on one database; on SQLite one in-memory database shared by all three. */
async function threeNodes(): Promise<{ nodes: DataSource[]; close(): Promise<void> }> {
  const db = await freshDatabase();
  if (!TEST_POSTGRES) {
    const one = await openDatabase({ database: db.database });
    return { nodes: [one, one, one], close: () => one.destroy() };
  }
  const nodes = await Promise.all([1, 2, 3].map(() => openDatabase({ database: db.database, poolSize: 5 })));
  return {
    nodes,
    close: async () => {
      await Promise.all(nodes.map((n) => n.destroy()));
      await db.drop();
    },
  };
}

describe('TypeormBruteForceStore (#20)', () => {
  it('counts every one of many concurrent failures for one user, spread over three nodes', async () => {
    const { nodes, close } = await threeNodes();
    try {
      const { id } = await new UserStore(nodes[0]!, new ManualClock()).forRealm('main').create({ email: 'ann@example.com' });
      const stores = nodes.map((n) => new TypeormBruteForceStore(n));
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          stores[i % 3]!.update('main', id, (current) => ({ failures: (current?.failures ?? 0) + 1, lastFailureAt: i, lockedUntil: 0 })),
        ),
      );
      expect(await stores[1]!.get('main', id)).toMatchObject({ failures: 30 });
    } finally {
      await close();
    }
  });
});
