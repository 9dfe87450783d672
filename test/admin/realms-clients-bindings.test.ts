import request from 'supertest';
import { TYPES } from '../../src/composition/container';
import { clientWithDefaults } from '../../src/engine';
import type { AdminAuditStore, TypeormRealmStore, UserStore } from '../../src/store';
import { createAdminTestApp, type AdminTestApp } from '../support/admin-test-app';

let t: AdminTestApp;
beforeEach(async () => {
  t = await createAdminTestApp();
});
afterEach(() => t.close());

const etagOf = (res: request.Response): string => String(res.headers['etag']);
const realmEtag = async (realm = 'main'): Promise<string> => etagOf(await t.api('get', `/realms/${realm}`).expect(200));
const engineRealm = (name = 'main') => t.container.get(TYPES.RealmStore).getRealm(name);

describe('realms', () => {
  test('lists realms, the shipped admin realm among them', async () => {
    const { body } = await t.api('get', '/realms').expect(200);
    expect(body.realms.map((r: { name: string }) => r.name)).toEqual(['admin', 'main']);
  });

  test('reads and updates settings under If-Match; the loader refuses bad settings at their path', async () => {
    const read = await t.api('get', '/realms/main').expect(200);
    expect(read.body).toEqual({ realm: 'main', displayName: 'Test realm', settings: expect.objectContaining({ loginTimeoutSeconds: 600, defaultLocale: 'en' }), version: expect.any(Number) });
    expect(etagOf(read)).toBe(`W/"${read.body.version}"`);

    const update = { displayName: 'Renamed', settings: { loginTimeoutSeconds: 900, defaultLocale: 'de', supportedLocales: ['de', 'en'] } };
    const updated = await t.api('put', '/realms/main').set('If-Match', etagOf(read)).send(update).expect(200);
    expect(updated.body).toMatchObject({ displayName: 'Renamed', settings: { loginTimeoutSeconds: 900, defaultLocale: 'de' }, version: read.body.version + 1 });
    expect((await engineRealm())!.settings.loginTimeoutSeconds).toBe(900);

    const stale = await t.api('put', '/realms/main').set('If-Match', etagOf(read)).send(update).expect(409);
    expect(stale.body.code).toBe('FG_ADMIN_VERSION_CONFLICT');
    expect((await t.api('put', '/realms/main').send(update).expect(428)).body.code).toBe('FG_ADMIN_VERSION_REQUIRED');

    const badLocale = await t.api('put', '/realms/main').set('If-Match', etagOf(updated)).send({ ...update, settings: { defaultLocale: 'fr', supportedLocales: ['en'] } }).expect(400);
    expect(badLocale.body).toMatchObject({ code: 'FG_REALM_SCHEMA', path: '/settings/defaultLocale' });
    expect(badLocale.body.file).toBeUndefined();
    const tooShort = await t.api('put', '/realms/main').set('If-Match', etagOf(updated)).send({ ...update, settings: { loginTimeoutSeconds: 5 } }).expect(400);
    expect(tooShort.body).toMatchObject({ code: 'FG_REALM_SCHEMA', path: '/settings/loginTimeoutSeconds' });
  });

  test('creates a realm checked like a realm file, refuses a taken name, deletes it with its users', async () => {
    const created = await t.api('post', '/realms').send({ realm: 'staff', displayName: 'Staff' }).expect(201);
    expect(created.body).toMatchObject({ realm: 'staff', displayName: 'Staff', settings: { loginTimeoutSeconds: 1800 }, version: 1 });
    expect((await t.api('post', '/realms').send({ realm: 'staff' }).expect(409)).body.code).toBe('FG_ADMIN_REALM_EXISTS');
    expect((await t.api('post', '/realms').send({ realm: 'Bad Name' }).expect(400)).body).toMatchObject({ code: 'FG_ADMIN_INVALID_BODY', path: '/realm' });
    expect((await t.api('post', '/realms').send({ realm: 'x', settings: { supportedLocales: [] } }).expect(400)).body.code).toBe('FG_REALM_SCHEMA');

    const staffUsers = t.container.get(TYPES.UserStore).forRealm('staff');
    const bob = await staffUsers.create({ email: 'bob@example.com' });
    expect((await t.api('delete', '/realms/staff').set('If-Match', 'W/"7"').expect(409)).body.code).toBe('FG_ADMIN_VERSION_CONFLICT');
    await t.api('delete', '/realms/staff').set('If-Match', etagOf(created)).expect(204);
    await t.api('get', '/realms/staff').expect(404);
    expect(await staffUsers.findById(bob.id)).toBeUndefined();
  });

  test('the admin realm cannot be deleted', async () => {
    const res = await t.api('delete', '/realms/admin').set('If-Match', await realmEtag('admin')).expect(409);
    expect(res.body.code).toBe('FG_ADMIN_REALM_PROTECTED');
  });
});

describe('clients', () => {
  test('list, get, create, update, delete under the realm version', async () => {
    const list = await t.api('get', '/realms/main/clients').expect(200);
    expect(list.body.clients.map((c: { clientId: string }) => c.clientId)).toEqual(['demo', 'locked']);

    const created = await t.api('post', '/realms/main/clients').send({ clientId: 'web', redirectUris: ['https://app.example.com/cb'] }).expect(201);
    expect(created.body).toEqual({ ...clientWithDefaults({ clientId: 'web', redirectUris: ['https://app.example.com/cb'] }), hasSecret: false, version: list.body.version + 1 });
    expect((await t.api('post', '/realms/main/clients').send({ clientId: 'web', redirectUris: [] }).expect(409)).body.code).toBe('FG_ADMIN_CLIENT_EXISTS');

    const got = await t.api('get', '/realms/main/clients/web').expect(200);
    const updated = await t
      .api('put', '/realms/main/clients/web')
      .set('If-Match', etagOf(got))
      .send({ redirectUris: ['https://app.example.com/cb', 'http://localhost:3000/cb'], flowOverrides: { browser: 'locked' } })
      .expect(200);
    expect(updated.body.flowOverrides).toEqual({ browser: 'locked' });
    expect((await engineRealm())!.clients.find((c) => c.clientId === 'web')).toMatchObject({ flowOverrides: { browser: 'locked' } });

    await t.api('delete', '/realms/main/clients/web').set('If-Match', etagOf(got)).expect(409);
    await t.api('delete', '/realms/main/clients/web').set('If-Match', etagOf(updated)).expect(204);
    expect((await t.api('get', '/realms/main/clients/web').expect(404)).body.code).toBe('FG_ADMIN_CLIENT_NOT_FOUND');
  });

  test('redirect URIs must be absolute http(s) without a fragment; overrides must name flows of the realm', async () => {
    const send = (redirectUris: unknown) => t.api('post', '/realms/main/clients').send({ clientId: 'c', redirectUris });
    expect((await send(['/relative']).expect(400)).body).toMatchObject({ code: 'FG_REDIRECT_URI_REFUSED', path: '/redirectUris/0' });
    expect((await send(['https://ok.example/cb', 'https://x.example/cb#frag']).expect(400)).body).toMatchObject({ code: 'FG_REDIRECT_URI_REFUSED', path: '/redirectUris/1' });
    for (const uri of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', 'https://user:pw@ok.example/cb']) {
      expect((await send([uri]).expect(400)).body).toMatchObject({ code: 'FG_REDIRECT_URI_REFUSED', path: '/redirectUris/0' });
    }
    const override = await t.api('post', '/realms/main/clients').send({ clientId: 'c', redirectUris: ['https://ok.example/cb'], flowOverrides: { browser: 'nope' } }).expect(400);
    expect(override.body).toMatchObject({ code: 'FG_UNKNOWN_FLOW', path: '/flowOverrides/browser' });
    const slot = await t.api('post', '/realms/main/clients').send({ clientId: 'c', redirectUris: ['https://ok.example/cb'], flowOverrides: { registration: 'browser' } }).expect(400);
    expect(slot.body).toMatchObject({ code: 'FG_REALM_SCHEMA', path: '/flowOverrides/registration' });
  });

  test("the admin console's own client is managed by Flowgate", async () => {
    const res = await t.api('delete', '/realms/admin/clients/admin-console').set('If-Match', await realmEtag('admin')).expect(409);
    expect(res.body.code).toBe('FG_ADMIN_REALM_PROTECTED');
  });
});

describe('bindings', () => {
  test('set and remove slots and client overrides; unknown flows refused with the loader code at /flow', async () => {
    const read = await t.api('get', '/realms/main/bindings').expect(200);
    expect(read.body).toMatchObject({ bindings: { browser: 'browser' }, slots: ['browser', 'registration', 'direct-grant', 'reset-credentials'] });

    const unknown = await t.api('put', '/realms/main/bindings/browser').set('If-Match', etagOf(read)).send({ flow: 'nope' }).expect(400);
    expect(unknown.body).toMatchObject({ code: 'FG_UNKNOWN_FLOW', path: '/flow' });
    const inline = await t.api('put', '/realms/main/bindings/browser').set('If-Match', etagOf(read)).send({ flow: 'forms' }).expect(400);
    expect(inline.body).toMatchObject({ code: 'FG_UNKNOWN_FLOW', path: '/flow', detail: expect.stringContaining('inline sub-flow') });
    expect((await t.api('put', '/realms/main/bindings/sideways').set('If-Match', etagOf(read)).send({ flow: 'locked' }).expect(404)).body.code).toBe('FG_ADMIN_NOT_FOUND');

    const bound = await t.api('put', '/realms/main/bindings/browser').set('If-Match', etagOf(read)).send({ flow: 'locked' }).expect(200);
    expect(bound.body.bindings).toEqual({ browser: 'locked' });
    expect((await engineRealm())!.bindings).toEqual({ browser: 'locked' });
    await t.api('put', '/realms/main/bindings/browser').set('If-Match', etagOf(read)).send({ flow: 'browser' }).expect(409);

    const override = await t.api('put', '/realms/main/clients/demo/overrides/browser').set('If-Match', etagOf(bound)).send({ flow: 'browser' }).expect(200);
    expect(override.body).toMatchObject({ clientId: 'demo', flowOverrides: { browser: 'browser' } });
    const badOverride = await t.api('put', '/realms/main/clients/demo/overrides/browser').set('If-Match', etagOf(override)).send({ flow: 'nope' }).expect(400);
    expect(badOverride.body).toMatchObject({ code: 'FG_UNKNOWN_FLOW', path: '/flow' });
    const removed = await t.api('delete', '/realms/main/clients/demo/overrides/browser').set('If-Match', etagOf(override)).expect(200);
    expect(removed.body.flowOverrides).toEqual({});
    expect((await t.api('put', '/realms/main/clients/ghost/overrides/browser').set('If-Match', etagOf(removed)).send({ flow: 'browser' }).expect(404)).body.code).toBe('FG_ADMIN_CLIENT_NOT_FOUND');
  });

  test('a binding made through the API is what sign-ins use, and it is audited', async () => {
    const read = await t.api('get', '/realms/main/bindings').expect(200);
    await t.api('put', '/realms/main/bindings/browser').set('If-Match', etagOf(read)).send({ flow: 'locked' }).expect(200);
    const start = await request(t.app).get('/realms/main/login?client_id=demo&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcallback').set('Accept', 'application/json');
    expect(start.body).toMatchObject({ type: 'error', code: 'FG_LOGIN_FAILED' });
    const entries = await t.container.get(TYPES.AdminAudit).list({ realm: 'main' });
    expect(entries[0]).toMatchObject({ action: 'binding.set', resource: 'realms/main/bindings/browser', before: 'browser', after: 'locked' });
  });
});

test('catalog: authenticators, conditions and required actions with names, help, requirements and config schemas', async () => {
  const { body } = await t.api('get', '/catalog').expect(200);
  const cookie = body.authenticators.find((a: { id: string }) => a.id === 'cookie');
  expect(cookie).toMatchObject({ displayName: 'Cookie (single sign-on)', label: 'Your existing session', helpText: expect.any(String), requiresUser: false, configSchema: { type: 'object' }, source: 'built-in' });
  expect(cookie.requirements).toContain('DISABLED');
  const magic = body.authenticators.find((a: { id: string }) => a.id === 'magic-link');
  expect(magic.configSchema.properties.forceCreateUser).toMatchObject({ type: 'boolean', default: true });
  expect(body.conditions.map((c: { id: string }) => c.id)).toContain('condition-user-attribute');
  expect(body.conditions[0].requirements).toEqual(['REQUIRED', 'DISABLED']);
  expect(body.requiredActions.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining(['update-profile', 'verify-email']));
  expect(body.authenticators.find((a: { id: string }) => a.id === 'fixed-code').source).not.toBe('built-in');
});
