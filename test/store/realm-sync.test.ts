import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createLogger } from '../../src/logging/logger';
import { LocalChannel, type ClusterChannel } from '../../src/store/cluster-channel';
import { openDatabase } from '../../src/store/data-source';
import { RealmAdminStore } from '../../src/store/realm-admin.store';
import { realmCache } from '../../src/store/realm-cache';
import { REALM_CHANGED_CHANNEL, shareRealmChanges } from '../../src/store/realm-sync';
import { TypeormRealmStore } from '../../src/store/realm.store';
import { buildRealm, flow, required } from '../../src/testing/flow-builder';
import { ManualClock } from './test-db';

const realm = (name: string, displayName = name) => ({ ...buildRealm({ name, flows: [flow('browser', [required('cookie')])] }), displayName });
const quiet = createLogger('silent');

/** A local channel whose reconnection the test can announce (as the PostgreSQL one does after an outage). */
class TestChannel extends LocalChannel {
  private readonly reconnectHandlers = new Set<() => void>();
  published: Array<[string, string]> = [];
  override async publish(channel: string, payload: string): Promise<void> {
    this.published.push([channel, payload]);
    await super.publish(channel, payload);
  }
  override onReconnect(handler: () => void): () => void {
    this.reconnectHandlers.add(handler);
    return () => void this.reconnectHandlers.delete(handler);
  }
  reconnect(): void {
    for (const handler of this.reconnectHandlers) handler();
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

// Two nodes (two data sources on one file) share one channel: a realm written on one is forgotten
// by the other when the announcement arrives. The rows are changed behind the caches' backs with
// the version untouched, so the version check cannot be what makes a node read them again.
describe('realm changes shared between nodes', () => {
  let dir: string;
  let nodeA: DataSource;
  let nodeB: DataSource;
  let channel: TestChannel;
  let storeB: TypeormRealmStore;
  let stops: Array<() => void>;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fg-realm-sync-'));
    nodeA = await openDatabase({ database: join(dir, 'flowgate.db') });
    nodeB = await openDatabase({ database: join(dir, 'flowgate.db') });
    channel = new TestChannel(quiet);
    stops = [shareRealmChanges(nodeA, channel as ClusterChannel, quiet), shareRealmChanges(nodeB, channel as ClusterChannel, quiet)];
    await new TypeormRealmStore(nodeA, new ManualClock()).importRealm(realm('main', 'Main'));
    storeB = new TypeormRealmStore(nodeB, new ManualClock());
    expect((await storeB.getRealm('main'))!.displayName).toBe('Main');
    await settle();
    channel.published = [];
  });
  afterEach(async () => {
    for (const stop of stops) stop();
    await nodeA.destroy();
    await nodeB.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a realm written on node A is announced, and node B reads it again', async () => {
    await nodeA.query(`UPDATE realms SET display_name = 'Tampered' WHERE name = 'main'`);
    expect((await storeB.getRealm('main'))!.displayName).toBe('Main');
    await new RealmAdminStore(nodeA, new ManualClock()).change('main', (current) => ({ def: { ...current.def, settings: { ...current.def.settings } }, result: undefined }));
    await settle();
    expect(channel.published).toEqual([[REALM_CHANGED_CHANNEL, 'main']]);
    expect((await storeB.getRealm('main'))!.displayName).toBe('Tampered');
  });

  test('an announcement only forgets what it names; a reconnection forgets everything', async () => {
    await new TypeormRealmStore(nodeA, new ManualClock()).importRealm(realm('other', 'Other'));
    await settle();
    expect((await storeB.getRealm('other'))!.displayName).toBe('Other');
    await nodeA.query(`UPDATE realms SET display_name = display_name || '!'`);
    realmCache(nodeA).written('other');
    await settle();
    expect((await storeB.getRealm('main'))!.displayName).toBe('Main');
    expect((await storeB.getRealm('other'))!.displayName).toBe('Other!');
    channel.reconnect();
    expect((await storeB.getRealm('main'))!.displayName).toBe('Main!');
  });

  test('after the disconnection, writes are no longer announced', async () => {
    for (const stop of stops) stop();
    stops = [];
    realmCache(nodeA).written('main');
    await settle();
    expect(channel.published).toEqual([]);
  });
});
