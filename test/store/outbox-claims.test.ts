import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../src/store/data-source';
import { OutboxRepository } from '../../src/store/outbox.repository';
import { freshDatabase, TEST_POSTGRES } from '../support/test-database';

const LEASE_MS = 60_000;

const message = (i: number) => ({
  id: randomUUID(),
  realm: 'main',
  userId: null,
  from: 'auth@example.com',
  to: `user${i}@example.com`,
  template: 'magic-link',
  locale: 'en',
  subject: `Sign in ${i}`,
  htmlBody: '<p>hi</p>',
  textBody: 'hi',
  expiresAt: null,
  createdAt: 1_000 + i,
});

/** Three nodes on one database (on SQLite, one in-memory database shared by all three). */
async function threeNodes(): Promise<{ nodes: DataSource[]; close(): Promise<void> }> {
  const db = await freshDatabase();
  if (!TEST_POSTGRES) {
    const one = await openDatabase({ database: db.database });
    return { nodes: [one, one, one], close: () => one.destroy() };
  }
  const nodes = await Promise.all([1, 2, 3].map(() => openDatabase({ database: db.database, poolSize: 4 })));
  return {
    nodes,
    close: async () => {
      await Promise.all(nodes.map((n) => n.destroy()));
      await db.drop();
    },
  };
}

describe('the outbox claimed from several nodes (#20)', () => {
  it('gives each of 300 due messages to exactly one of many workers on three nodes', async () => {
    const { nodes, close } = await threeNodes();
    try {
      const outboxes = nodes.map((n) => new OutboxRepository(n));
      const ids = Array.from({ length: 300 }, (_, i) => message(i));
      for (const m of ids) await outboxes[0]!.insert(m);
      const claims = new Map<string, number>();
      // Four workers per node, each claiming until nothing is left.
      await Promise.all(
        Array.from({ length: 12 }, async (_, w) => {
          for (;;) {
            const claimed = await outboxes[w % 3]!.claimNext(2_000, LEASE_MS, `worker-${w}`, []);
            if (!claimed) return;
            claims.set(claimed.id, (claims.get(claimed.id) ?? 0) + 1);
          }
        }),
      );
      expect(claims.size).toBe(300);
      expect([...claims.values()].every((n) => n === 1)).toBe(true);
    } finally {
      await close();
    }
  });

  it("leaves a dead node's claim until its lease has passed, then another node takes it; the dead one cannot record", async () => {
    const { nodes, close } = await threeNodes();
    try {
      const [a, c] = [new OutboxRepository(nodes[0]!), new OutboxRepository(nodes[2]!)];
      const m = message(1);
      await a.insert(m);
      expect(await a.claimNext(2_000, LEASE_MS, 'dead', [])).toMatchObject({ id: m.id, status: 'sending', attempts: 1 });
      expect(await c.claimNext(2_000 + LEASE_MS - 1, LEASE_MS, 'alive', [])).toBeUndefined();
      expect(await c.claimNext(2_000 + LEASE_MS, LEASE_MS, 'alive', [])).toMatchObject({ id: m.id, attempts: 2 });
      expect(await a.record(m.id, 'dead', 2_000 + LEASE_MS, { kind: 'failed', error: 'late' })).toBe(false);
      expect(await c.record(m.id, 'alive', 2_000 + LEASE_MS, { kind: 'sent', transport: 'smtp', providerMessageId: 'x', keepBodies: false })).toBe(true);
      expect(await a.get(m.id)).toMatchObject({ status: 'sent', attempts: 2 });
    } finally {
      await close();
    }
  });

  it('skips the messages the worker is still sending', async () => {
    const { nodes, close } = await threeNodes();
    try {
      const outbox = new OutboxRepository(nodes[0]!);
      const [first, second] = [message(1), message(2)];
      await outbox.insert(first);
      await outbox.insert(second);
      // Both leases ran out; the worker still sends the first one.
      await outbox.claimNext(2_000, LEASE_MS, 'w', []);
      await outbox.claimNext(2_000, LEASE_MS, 'w', []);
      expect(await outbox.claimNext(2_000 + LEASE_MS, LEASE_MS, 'w2', [first.id])).toMatchObject({ id: second.id });
    } finally {
      await close();
    }
  });
});
