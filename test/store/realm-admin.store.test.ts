import type { DataSource } from 'typeorm';
import { clientWithDefaults } from '../../src/engine';
import { RealmAdminStore } from '../../src/store/realm-admin.store';
import { TypeormRealmStore } from '../../src/store/realm.store';
import { buildRealm, flow, required } from '../../src/testing/flow-builder';
import { openTestDatabase } from '../support/test-database';
import { ManualClock } from './test-db';

// Several nodes booting at once each make sure the admin realm's console client exists: a change
// that adds what is missing. On PostgreSQL the changes run on separate pooled connections at the
// same time; without the realm's row locked they all read "no client" and all but one failed on
// the clients' unique key (seen as a boot failure of three nodes starting on a fresh database).
describe('realm changes at the same time', () => {
  let ds: DataSource;
  let store: RealmAdminStore;

  beforeEach(async () => {
    ds = await openTestDatabase();
    await new TypeormRealmStore(ds, new ManualClock()).importRealm(buildRealm({ name: 'main', flows: [flow('browser', [required('cookie')])] }));
    store = new RealmAdminStore(ds, new ManualClock());
  });
  afterEach(() => ds.destroy());

  test('each decides on what the one before it wrote: one client added, every change resolves', async () => {
    const addIfMissing = () =>
      store.change('main', (current) => {
        const exists = current.def.clients.some((c) => c.clientId === 'console');
        const clients = exists ? current.def.clients : [...current.def.clients, clientWithDefaults({ clientId: 'console', redirectUris: ['https://a.example/cb'] })];
        return { def: { ...current.def, clients }, result: exists ? 'found' : 'added' };
      });
    const outcomes = await Promise.all(Array.from({ length: 6 }, addIfMissing));
    expect(outcomes.map((o) => o.result).sort()).toEqual(['added', 'found', 'found', 'found', 'found', 'found']);
    const after = await store.snapshot('main');
    expect(after!.def.clients.map((c) => c.clientId)).toEqual(['console']);
    // One change wrote something; the version went up once.
    expect(after!.version).toBe(outcomes[0]!.before.version + 1);
  });
});
