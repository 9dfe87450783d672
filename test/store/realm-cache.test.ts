import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { buildRealm, flow, required } from '../../src/testing/flow-builder';
import { openDatabase } from '../../src/store/data-source';
import { RealmAdminStore } from '../../src/store/realm-admin.store';
import { REALM_VERSION_CHECK_MS, realmCache } from '../../src/store/realm-cache';
import { TypeormRealmStore } from '../../src/store/realm.store';
import { ManualClock } from './test-db';

const realm = (name: string, displayName = name) => ({ ...buildRealm({ name, flows: [flow('browser', [required('cookie')])] }), displayName });

/** Polls `read` until `done` holds; fails after five version-check intervals. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const limit = Date.now() + 5 * REALM_VERSION_CHECK_MS;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > limit) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// The realm cache: requests read realms from memory; writes in this process are seen at once,
// writes by another process (here a second data source on the same file) after the version check.
describe('the realm cache', () => {
  let dir: string;
  let ds: DataSource;
  let other: DataSource;
  let store: TypeormRealmStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fg-realm-cache-'));
    ds = await openDatabase({ database: join(dir, 'flowgate.db') });
    other = await openDatabase({ database: join(dir, 'flowgate.db') });
    store = new TypeormRealmStore(ds, new ManualClock());
    await store.importRealm(realm('main', 'Main'));
  });
  afterEach(async () => {
    await ds.destroy();
    await other.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a second read comes from memory: a row changed behind its back (version untouched) is not read', async () => {
    const first = await store.getRealm('main');
    await ds.query(`UPDATE realms SET display_name = 'Tampered' WHERE name = 'main'`);
    const second = await store.getRealm('main');
    expect(second).toBe(first);
    expect(second!.displayName).toBe('Main');
  });

  test('every store on the data source shares the cache, and each write through it invalidates it at once', async () => {
    expect((await store.getRealm('main'))!.displayName).toBe('Main');
    await new TypeormRealmStore(ds, new ManualClock()).importRealm(realm('main', 'Imported'));
    expect((await store.getRealm('main'))!.displayName).toBe('Imported');

    const admin = new RealmAdminStore(ds, new ManualClock());
    await admin.change('main', (current) => ({ def: { ...current.def, displayName: 'Changed' }, result: undefined }));
    expect((await store.getRealm('main'))!.displayName).toBe('Changed');

    expect(await store.getRealm('second')).toBeUndefined();
    await admin.create(realm('second'));
    expect((await store.getRealm('second'))!.name).toBe('second');
    await admin.delete('second');
    expect(await store.getRealm('second')).toBeUndefined();
  });

  test('requests that miss at the same moment share one load', async () => {
    const cache = realmCache(ds);
    const [row] = (await ds.query(`SELECT id, version FROM realms WHERE name = 'main'`)) as Array<{ id: string; version: number }>;
    const def = realm('main', 'Loaded');
    const load = jest.fn(async () => ({ def, stamp: { id: row!.id, version: row!.version } }));
    cache.invalidate('main');
    const reads = await Promise.all([cache.get('main', load), cache.get('main', load), cache.get('main', load)]);
    expect(reads).toEqual([def, def, def]);
    expect(load).toHaveBeenCalledTimes(1);
    expect(await cache.get('main', load)).toBe(def);
    expect(load).toHaveBeenCalledTimes(1);
  });

  test('invalidate(name) is the seam: the next read loads the realm from the tables', async () => {
    await store.getRealm('main');
    await ds.query(`UPDATE realms SET display_name = 'Outside' WHERE name = 'main'`);
    store.invalidate('main');
    expect((await store.getRealm('main'))!.displayName).toBe('Outside');
  });

  test('a change by another process is seen after the version check, without an invalidation', async () => {
    expect((await store.getRealm('main'))!.displayName).toBe('Main');
    await new TypeormRealmStore(other, new ManualClock()).importRealm(realm('main', 'Elsewhere'));
    const seen = await eventually(
      () => store.getRealm('main'),
      (r) => r?.displayName === 'Elsewhere',
    );
    expect(seen!.displayName).toBe('Elsewhere');
  });

  test('a realm created or deleted by another process appears and disappears after the version check', async () => {
    expect(await store.getRealm('late')).toBeUndefined();
    const elsewhere = new RealmAdminStore(other, new ManualClock());
    await elsewhere.create(realm('late'));
    expect(await eventually(() => store.getRealm('late'), (r) => r !== undefined)).toBeDefined();
    await elsewhere.delete('late');
    expect(await eventually(() => store.getRealm('late'), (r) => r === undefined)).toBeUndefined();
  });
});
