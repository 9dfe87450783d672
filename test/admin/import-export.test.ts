import type request from 'supertest';
import { createAdminTestApp, type AdminTestApp } from '../support/admin-test-app';

let t: AdminTestApp;
beforeEach(async () => {
  t = await createAdminTestApp();
});
afterEach(() => t.close());

const etagOf = (res: request.Response): string => String(res.headers['etag']);

describe('realm export and import', () => {
  test('exports the realm as the files of a flows directory', async () => {
    const res = await t.api('get', '/realms/main/export').expect(200);
    expect(Object.keys(res.body.files)).toEqual(['main.realm.json', 'browser.json', 'locked.json']);
    expect(res.body.files['main.realm.json']).toMatchObject({ realm: 'main', bindings: { browser: 'browser' }, clients: [{ clientId: 'demo' }, { clientId: 'locked' }] });
    expect(res.body.files['browser.json']).toMatchObject({ alias: 'browser', executions: [{ authenticator: 'cookie' }, { flow: { alias: 'forms' } }, { flow: { alias: 'refuse' } }] });
    expect(etagOf(res)).toBe(`W/"${res.body.version}"`);
  });

  test('export -> import -> export is equal, and an unchanged import writes nothing', async () => {
    await t.api('post', '/realms/main/flows/browser/copy').send({ alias: 'mine' }).expect(201);
    const exported = await t.api('get', '/realms/main/export').expect(200);
    const imported = await t.api('post', '/realms/main/import').set('If-Match', etagOf(exported)).send(exported.body).expect(200);
    expect(imported.body).toEqual(exported.body);
    expect((await t.api('get', '/realms/main/export')).body).toEqual(exported.body);
  });

  test('an import makes the realm exactly the document: new flows, changed bindings and clients, admin flows it lacks removed', async () => {
    await t.api('post', '/realms/main/flows/browser/copy').send({ alias: 'dropped' }).expect(201);
    const exported = await t.api('get', '/realms/main/export').expect(200);
    const files = { ...exported.body.files };
    delete files['dropped.json'];
    files['extra.json'] = { alias: 'extra', executions: [{ authenticator: 'allow-access', requirement: 'REQUIRED' }] };
    files['main.realm.json'] = { ...files['main.realm.json'], bindings: { browser: 'extra' }, clients: [] };
    const res = await t.api('post', '/realms/main/import').set('If-Match', etagOf(exported)).send({ files }).expect(200);
    expect(Object.keys(res.body.files).sort()).toEqual(['browser.json', 'extra.json', 'locked.json', 'main.realm.json']);
    expect(res.body.files['main.realm.json']).toMatchObject({ bindings: { browser: 'extra' }, clients: [] });
    expect((await t.api('get', '/realms/main/flows/browser')).body.builtIn).toBe(true);
    expect((await t.api('get', '/realms/main/flows/extra')).body.builtIn).toBe(false);
  });

  test('an import is checked as boot checks flows/: every problem with its code, file and path; nothing is written', async () => {
    const exported = await t.api('get', '/realms/main/export').expect(200);
    const files = {
      ...exported.body.files,
      'bad.json': { alias: 'bad', executions: [{ authenticator: 'cookie', requirement: 'CONDITIONAL' }] },
      'main.realm.json': { ...exported.body.files['main.realm.json'], bindings: { browser: 'missing' } },
    };
    const res = await t.api('post', '/realms/main/import').set('If-Match', etagOf(exported)).send({ files }).expect(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'FG_UNKNOWN_FLOW', file: 'main.realm.json', path: '/bindings/browser' }),
        expect.objectContaining({ code: 'FG_CONDITIONAL_NOT_SUBFLOW', file: 'bad.json', path: '/executions/0/requirement' }),
      ]),
    );
    expect((await t.api('get', '/realms/main/export')).body).toEqual(exported.body);
  });

  test('an import with a script redirect URI is refused as a realm file would be, and nothing is written', async () => {
    const exported = await t.api('get', '/realms/main/export').expect(200);
    const realm = exported.body.files['main.realm.json'];
    const files = { ...exported.body.files, 'main.realm.json': { ...realm, clients: [{ clientId: 'evil', redirectUris: ['javascript:alert(document.cookie)'] }] } };
    const res = await t.api('post', '/realms/main/import').set('If-Match', etagOf(exported)).send({ files }).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ code: 'FG_REDIRECT_URI_REFUSED', file: 'main.realm.json', path: '/clients/0/redirectUris/0' })]);
    expect((await t.api('get', '/realms/main/export')).body).toEqual(exported.body);
  });

  test('built-in flows may be listed only unchanged; the realm must match the URL; If-Match is needed over an existing realm', async () => {
    const exported = await t.api('get', '/realms/main/export').expect(200);
    const changed = { ...exported.body.files, 'locked.json': { alias: 'locked', executions: [{ authenticator: 'allow-access', requirement: 'REQUIRED' }] } };
    const builtIn = await t.api('post', '/realms/main/import').set('If-Match', etagOf(exported)).send({ files: changed }).expect(409);
    expect(builtIn.body).toMatchObject({ code: 'FG_ADMIN_FLOW_BUILT_IN', file: 'locked.json' });

    const other = await t.api('post', '/realms/admin/import').set('If-Match', etagOf(exported)).send({ files: exported.body.files }).expect(400);
    expect(other.body).toMatchObject({ code: 'FG_ADMIN_REALM_MISMATCH', path: '/files/main.realm.json/realm' });
    expect((await t.api('post', '/realms/main/import').send({ files: exported.body.files }).expect(428)).body.code).toBe('FG_ADMIN_VERSION_REQUIRED');
    const noRealm = await t.api('post', '/realms/main/import').set('If-Match', etagOf(exported)).send({ files: { 'x.json': {} } }).expect(400);
    expect(noRealm.body).toMatchObject({ code: 'FG_ADMIN_INVALID_BODY', path: '/files' });
  });

  test("the admin realm round-trips, but an import may not change the console's own client", async () => {
    const exported = await t.api('get', '/realms/admin/export').expect(200);
    await t.api('post', '/realms/admin/import').set('If-Match', etagOf(exported)).send(exported.body).expect(200);
    const files = { ...exported.body.files, 'admin.realm.json': { ...exported.body.files['admin.realm.json'], clients: [] } };
    const res = await t.api('post', '/realms/admin/import').set('If-Match', etagOf(exported)).send({ files }).expect(409);
    expect(res.body).toMatchObject({ code: 'FG_ADMIN_REALM_PROTECTED', file: 'admin.realm.json' });
  });

  test('importing a realm that does not exist creates it, its flows admin-made', async () => {
    const exported = await t.api('get', '/realms/main/export').expect(200);
    const files: Record<string, unknown> = {};
    for (const [name, doc] of Object.entries(exported.body.files as Record<string, Record<string, unknown>>)) {
      files[name === 'main.realm.json' ? 'copy.realm.json' : name] = name === 'main.realm.json' ? { ...doc, realm: 'copy' } : doc;
    }
    const res = await t.api('post', '/realms/copy/import').send({ files }).expect(201);
    expect(res.body).toMatchObject({ realm: 'copy', version: 1 });
    expect((await t.api('get', '/realms/copy/flows/browser')).body.builtIn).toBe(false);
    const roundTrip = await t.api('get', '/realms/copy/export').expect(200);
    expect(roundTrip.body.files).toEqual(files);
  });
});
