import type { DataSource } from 'typeorm';
import { buildRealm, flow, required } from '../../src/testing/flow-builder';
import { TypeormRealmStore } from '../../src/store/realm.store';
import { ManualClock, memoryDatabase, undoMigrationsThrough } from './test-db';
import { columnsOf } from '../support/test-database';

// Clients stored before the OpenID Connect options must come back as public clients with the
// default grants, and reverting the migration must keep them.
describe('the OpenID Connect client migration', () => {
  let ds: DataSource;
  beforeEach(async () => {
    ds = await memoryDatabase();
  });
  afterEach(() => ds.destroy());

  test('rows written before it read as clients with every default; down() keeps the rows', async () => {
    const store = new TypeormRealmStore(ds, new ManualClock());
    const def = buildRealm({ name: 'main', flows: [flow('browser', [required('cookie')])], clients: [{ clientId: 'old', redirectUris: ['https://old.example/cb'] }] });
    await store.importRealm(def);

    await undoMigrationsThrough(ds, 'OidcClients1796000000000');
    expect(await columnsOf(ds, 'clients')).not.toContain('client_type');
    expect(await ds.query('SELECT client_id FROM clients')).toEqual([{ client_id: 'old' }]);

    await ds.runMigrations({ transaction: 'all' });
    const again = new TypeormRealmStore(ds, new ManualClock());
    expect((await again.getRealm('main'))!.clients).toEqual(def.clients);
    expect(def.clients[0]).toMatchObject({ type: 'public', grantTypes: ['authorization_code', 'refresh_token'], consentRequired: false, tokenLifetimes: {} });
  });
});
