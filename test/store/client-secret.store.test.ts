import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { deriveKey, openSealed } from '../../src/security';
import { CLIENT_SECRET_KEY_PURPOSE, ClientSecretStore } from '../../src/store/client-secret.store';
import { openDatabase } from '../../src/store/data-source';
import { RealmAdminStore } from '../../src/store/realm-admin.store';
import { TypeormRealmStore } from '../../src/store/realm.store';
import { buildRealm, flow, required } from '../../src/testing/flow-builder';
import { ManualClock } from './test-db';

describe('ClientSecretStore on a SQLite file', () => {
  let dir: string;
  let ds: DataSource;
  let key: Buffer;
  let store: ClientSecretStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fg-secrets-'));
    ds = await openDatabase({ database: join(dir, 'flowgate.sqlite') });
    key = deriveKey(randomBytes(32), CLIENT_SECRET_KEY_PURPOSE);
    store = new ClientSecretStore(ds, new ManualClock(), key);
  });
  afterEach(async () => {
    if (ds.isInitialized) await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const storedRows = (): Promise<Array<{ realm: string; client_id: string; sealed_secret: string; created_at: number }>> =>
    ds.query('SELECT realm, client_id, sealed_secret, created_at FROM client_secrets ORDER BY realm, client_id');

  test('generates a 256-bit base64url secret, stores it only sealed for its realm and client, and reveals it', async () => {
    expect(await store.hasSecret('main', 'billing')).toBe(false);
    expect(await store.reveal('main', 'billing')).toBeUndefined();

    const secret = await store.generate('main', 'billing');
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await store.hasSecret('main', 'billing')).toBe(true);
    expect(await store.reveal('main', 'billing')).toBe(secret);

    const [row] = await storedRows();
    expect(row).toMatchObject({ realm: 'main', client_id: 'billing', created_at: Date.UTC(2025, 0, 1) });
    expect(row!.sealed_secret).not.toContain(secret);
    expect(openSealed(key, row!.sealed_secret, 'client-secret:main/billing')).toBe(secret);
  });

  test('generating again replaces the secret; each client and realm has its own', async () => {
    const first = await store.generate('main', 'billing');
    const second = await store.generate('main', 'billing');
    const other = await store.generate('other', 'billing');
    expect(new Set([first, second, other]).size).toBe(3);
    expect(await store.reveal('main', 'billing')).toBe(second);
    expect(await store.reveal('other', 'billing')).toBe(other);
    expect((await storedRows()).length).toBe(2);
    expect(await store.withSecrets('main', ['billing', 'web'])).toEqual(new Set(['billing']));
  });

  test('a sealed value moved to another client, or read under another server secret, does not open', async () => {
    await store.generate('main', 'billing');
    await store.generate('main', 'shop');
    await ds.query(`UPDATE client_secrets SET sealed_secret = (SELECT sealed_secret FROM client_secrets WHERE client_id = 'billing') WHERE client_id = 'shop'`);
    await expect(store.reveal('main', 'shop')).rejects.toMatchObject({ code: 'FG_SEALED_SECRET_INVALID' });

    const otherKey = new ClientSecretStore(ds, new ManualClock(), deriveKey(randomBytes(32), CLIENT_SECRET_KEY_PURPOSE));
    await expect(otherKey.reveal('main', 'billing')).rejects.toMatchObject({ code: 'FG_SEALED_SECRET_INVALID' });
  });

  test('survives closing and reopening the file', async () => {
    const secret = await store.generate('main', 'billing');
    await ds.destroy();
    ds = await openDatabase({ database: join(dir, 'flowgate.sqlite') });
    expect(await new ClientSecretStore(ds, new ManualClock(), key).reveal('main', 'billing')).toBe(secret);
  });

  test('remove forgets one client', async () => {
    await store.generate('main', 'billing');
    await store.generate('main', 'shop');
    await store.remove('main', 'billing');
    await store.remove('main', 'nobody');
    expect(await store.hasSecret('main', 'billing')).toBe(false);
    expect(await store.hasSecret('main', 'shop')).toBe(true);
  });

  test('a realm write drops the secrets of clients that are gone, public or take theirs from secretEnv', async () => {
    const realms = new TypeormRealmStore(ds, new ManualClock());
    const flows = [flow('browser', [required('cookie')])];
    const confidential = (clientId: string) => ({ clientId, type: 'confidential' as const });
    await realms.importRealm(buildRealm({ name: 'main', flows, clients: ['billing', 'shop', 'env', 'gone'].map(confidential) }));
    for (const id of ['billing', 'shop', 'env', 'gone']) await store.generate('main', id);
    await store.generate('other', 'billing');

    const clients = [{ clientId: 'billing' }, confidential('shop'), { ...confidential('env'), secretEnv: 'ENV_SECRET' }];
    await realms.importRealm(buildRealm({ name: 'main', flows, clients }));
    expect((await storedRows()).map((r) => `${r.realm}/${r.client_id}`)).toEqual(['main/shop', 'other/billing']);
  });

  test('deleting a realm deletes its client secrets', async () => {
    const realms = new TypeormRealmStore(ds, new ManualClock());
    await realms.importRealm(buildRealm({ name: 'main', flows: [flow('browser', [required('cookie')])], clients: [{ clientId: 'billing', type: 'confidential' }] }));
    await store.generate('main', 'billing');
    await new RealmAdminStore(ds, new ManualClock()).delete('main');
    expect(await storedRows()).toEqual([]);
  });

  test('concurrent generations leave exactly one secret, the one returned last to be stored', async () => {
    const secrets = await Promise.all([1, 2, 3, 4].map(() => store.generate('main', 'billing')));
    expect((await storedRows()).length).toBe(1);
    expect(secrets).toContain(await store.reveal('main', 'billing'));
  });
});
