import pino from 'pino';
import type { DataSource } from 'typeorm';
import { createClusterChannel, LocalChannel, PostgresChannel, type ClusterChannel } from '../../src/store/cluster-channel';
import { openDatabase } from '../../src/store/data-source';
import { freshDatabase, TEST_POSTGRES } from '../support/test-database';

const logger = pino({ level: 'silent' });

/** The next payload `channel` delivers on `node`. */
function next(node: ClusterChannel, channel: string): Promise<string> {
  return new Promise((resolve) => {
    const stop = node.subscribe(channel, (payload) => {
      stop();
      resolve(payload);
    });
  });
}

describe('LocalChannel (one node, SQLite)', () => {
  it('delivers to this process, per channel', async () => {
    const node = new LocalChannel(logger);
    const heard: string[] = [];
    const stop = node.subscribe('realm_changed', (p) => heard.push(p));
    node.subscribe('other', (p) => heard.push(`other:${p}`));
    const arrived = next(node, 'realm_changed');
    await node.publish('realm_changed', 'main');
    expect(await arrived).toBe('main');
    expect(heard).toEqual(['main']);
    stop();
    const again = next(node, 'realm_changed');
    await node.publish('realm_changed', 'again');
    await again;
    expect(heard).toEqual(['main']);
  });

  it('refuses channel names that are not identifiers and payloads over the limit', async () => {
    const node = new LocalChannel(logger);
    expect(() => node.subscribe('Bad-Name; DROP', () => undefined)).toThrow(expect.objectContaining({ code: 'FG_STORE_INVALID_ARGUMENT' }));
    await expect(node.publish('ok', 'x'.repeat(8000))).rejects.toMatchObject({ code: 'FG_STORE_INVALID_ARGUMENT' });
  });
});

(TEST_POSTGRES ? describe : describe.skip)('PostgresChannel (several nodes, LISTEN/NOTIFY)', () => {
  let db: { database: string; drop(): Promise<void> };
  let a: DataSource;
  let c: DataSource;
  let nodeA: PostgresChannel;
  let nodeC: PostgresChannel;
  beforeAll(async () => {
    db = await freshDatabase();
    a = await openDatabase({ database: db.database, poolSize: 2 });
    c = await openDatabase({ database: db.database, poolSize: 2 });
  });
  beforeEach(() => {
    nodeA = createClusterChannel(a, logger) as PostgresChannel;
    nodeC = createClusterChannel(c, logger) as PostgresChannel;
  });
  afterEach(async () => {
    await nodeA.close();
    await nodeC.close();
  });
  afterAll(async () => {
    await a.destroy();
    await c.destroy();
    await db.drop();
  });

  it('delivers what node A publishes to node C and to A itself', async () => {
    const onC = next(nodeC, 'realm_changed');
    const onA = next(nodeA, 'realm_changed');
    await nodeC.ready();
    await nodeA.ready();
    await nodeA.publish('realm_changed', '{"realm":"main","version":7}');
    expect(await onC).toBe('{"realm":"main","version":7}');
    expect(await onA).toBe('{"realm":"main","version":7}');
  });

  it('listens again by itself after its connection is killed, and says so', async () => {
    nodeC.subscribe('realm_changed', () => undefined);
    await nodeC.ready();
    const reconnected = new Promise<void>((resolve) => nodeC.onReconnect(resolve));
    await a.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'flowgate-listen' AND datname = current_database()`);
    await reconnected;
    const onC = next(nodeC, 'realm_changed');
    await nodeA.publish('realm_changed', 'after');
    expect(await onC).toBe('after');
  });
});
