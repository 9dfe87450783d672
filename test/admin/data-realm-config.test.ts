import { ADMIN_SESSION_COOKIE } from '../../src/admin/admin-cookie';
import { TYPES } from '../../src/composition/container';
import type { AdminAuditStore, TypeormRealmStore } from '../../src/store';
import { createAdminTestApp, type AdminTestApp } from '../support/admin-test-app';
import { JSON_ACCEPT, TestBrowser } from '../http/http-kit';

let t: AdminTestApp;
beforeEach(async () => {
  t = await createAdminTestApp();
});
afterEach(() => t.close());

const realmDef = async (): Promise<Awaited<ReturnType<TypeormRealmStore['getRealm']>>> => t.container.get(TYPES.RealmStore).getRealm('main');
// Asked of every account, so that one made before the change is asked at its next sign-in.
const TERMS = { version: '2025-01', text: { en: 'Be nice.' }, askEveryone: true };

describe('required actions', () => {
  test('lists every registered action with display data, config schema and how the realm runs it, with the realm version', async () => {
    const res = await t.api('get', '/realms/main/required-actions').expect(200);
    expect(res.headers['etag']).toBe(`W/"${String(res.body.version)}"`);
    const ids = (res.body.requiredActions as Array<{ id: string }>).map((a) => a.id);
    expect(ids).toEqual(expect.arrayContaining(['update-profile', 'terms-and-conditions', 'verify-email']));
    expect(res.body.requiredActions).toContainEqual({
      id: 'terms-and-conditions',
      displayName: 'Terms and conditions',
      helpText: expect.any(String),
      configSchema: expect.objectContaining({ required: ['version', 'text'] }),
      configured: false,
      enabled: false,
      defaultAction: false,
      priority: 100,
    });
  });

  test('sets one with If-Match: the loader fills defaults, the realm version goes up, sign-ins use it, audited', async () => {
    const before = await t.api('get', '/realms/main/required-actions/terms-and-conditions').expect(200);
    const res = await t.api('put', '/realms/main/required-actions/terms-and-conditions').set('If-Match', before.headers['etag'] as string).send({ priority: 20, config: TERMS }).expect(200);
    expect(res.body).toMatchObject({ id: 'terms-and-conditions', configured: true, enabled: true, defaultAction: false, priority: 20, config: TERMS, version: before.body.version + 1 });
    expect(res.headers['etag']).toBe(`W/"${before.body.version + 1}"`);
    expect((await realmDef())?.requiredActions).toContainEqual({ id: 'terms-and-conditions', enabled: true, defaultAction: false, priority: 20, config: TERMS });

    // The next sign-in of realm main asks for the terms (askEveryone: the account need not be new).
    await t.users.create({ email: 'ann@example.com' });
    const done = await new TestBrowser(t.app).signIn('ann@example.com');
    expect(String(done.headers['location'])).toContain('/login-actions/');

    const [entry] = await t.container.get(TYPES.AdminAudit).list({ resource: 'realms/main/required-actions/terms-and-conditions' });
    expect(entry).toMatchObject({ action: 'required-action.update', realm: 'main', before: expect.objectContaining({ configured: false }), after: expect.objectContaining({ configured: true, priority: 20 }) });
  });

  test("refuses a config the action's schema refuses, with the loader's code at the path in the body; nothing changes", async () => {
    const before = await t.api('get', '/realms/main/required-actions/terms-and-conditions').expect(200);
    const res = await t.api('put', '/realms/main/required-actions/terms-and-conditions').set('If-Match', before.headers['etag'] as string).send({ config: { version: ' x', text: {} } }).expect(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'FG_PLUGIN_CONFIG_INVALID', path: '/config/version' }),
        expect.objectContaining({ code: 'FG_PLUGIN_CONFIG_INVALID', path: '/config/text/en' }),
      ]),
    );
    expect(res.body.errors.every((e: { file?: string }) => e.file === undefined)).toBe(true);
    const range = await t.api('put', '/realms/main/required-actions/update-profile').set('If-Match', before.headers['etag'] as string).send({ priority: -1 }).expect(400);
    expect(range.body).toMatchObject({ code: 'FG_REALM_SCHEMA', path: '/priority' });
    const shape = await t.api('put', '/realms/main/required-actions/update-profile').set('If-Match', before.headers['etag'] as string).send({ enabled: 'yes' }).expect(400);
    expect(shape.body).toMatchObject({ code: 'FG_ADMIN_INVALID_BODY', path: '/enabled' });
    expect((await t.api('get', '/realms/main/required-actions/terms-and-conditions').expect(200)).body.version).toBe(before.body.version);
  });

  test('428 without If-Match, 409 when the realm changed since, 404 for an unknown action or realm', async () => {
    const read = await t.api('get', '/realms/main/required-actions/update-profile').expect(200);
    expect((await t.api('put', '/realms/main/required-actions/update-profile').send({ enabled: false }).expect(428)).body.code).toBe('FG_ADMIN_VERSION_REQUIRED');
    await t.api('put', '/realms/main/required-actions/update-profile').set('If-Match', read.headers['etag'] as string).send({ defaultAction: true }).expect(200);
    expect((await t.api('put', '/realms/main/required-actions/update-profile').set('If-Match', read.headers['etag'] as string).send({ enabled: false }).expect(409)).body.code).toBe('FG_ADMIN_VERSION_CONFLICT');
    expect((await t.api('get', '/realms/main/required-actions/make-coffee').expect(404)).body.code).toBe('FG_ADMIN_REQUIRED_ACTION_NOT_FOUND');
    expect((await t.api('put', '/realms/main/required-actions/make-coffee').set('If-Match', read.headers['etag'] as string).send({}).expect(404)).body.code).toBe('FG_ADMIN_REQUIRED_ACTION_NOT_FOUND');
    expect((await t.api('get', '/realms/nowhere/required-actions').expect(404)).body.code).toBe('FG_UNKNOWN_REALM');
  });
});

describe('user profile', () => {
  const NICKNAME = { name: 'nickname', label: { en: 'Nickname' }, validation: { maxLength: 20 } };

  test('reads the default profile, replaces it (loader defaults filled in), and new users are checked against it', async () => {
    const read = await t.api('get', '/realms/main/user-profile').expect(200);
    expect(read.body).toMatchObject({ custom: false, attributes: [expect.objectContaining({ name: 'firstName', required: true }), expect.objectContaining({ name: 'lastName' })] });
    expect(read.headers['etag']).toBe(`W/"${String(read.body.version)}"`);

    const res = await t.api('put', '/realms/main/user-profile').set('If-Match', read.headers['etag'] as string).send({ attributes: [NICKNAME] }).expect(200);
    expect(res.body).toEqual({ custom: true, version: read.body.version + 1, attributes: [{ ...NICKNAME, type: 'string', required: false }] });
    expect((await realmDef())?.userProfile?.attributes.map((a) => a.name)).toEqual(['nickname']);

    // Users are now created through the new profile: no names needed, a long nickname refused.
    await t.api('post', '/realms/main/users').send({ email: 'ann@example.com' }).expect(201);
    const long = await t.api('post', '/realms/main/users').send({ email: 'bob@example.com', attributes: { nickname: 'x'.repeat(21) } }).expect(400);
    expect(long.body).toMatchObject({ code: 'FG_PROFILE_VALUE_INVALID', path: '/attributes/nickname' });

    const [entry] = await t.container.get(TYPES.AdminAudit).list({ resource: 'realms/main/user-profile' });
    expect(entry).toMatchObject({ action: 'user-profile.update', before: { attributes: expect.arrayContaining([expect.objectContaining({ name: 'firstName' })]) }, after: { attributes: [expect.objectContaining({ name: 'nickname' })] } });
  });

  test("refuses what the loader refuses in a realm file's userProfile, with its codes at the path in the body", async () => {
    const etag = (await t.api('get', '/realms/main/user-profile').expect(200)).headers['etag'] as string;
    const res = await t
      .api('put', '/realms/main/user-profile')
      .set('If-Match', etag)
      .send({ attributes: [{ name: 'Email' }, { name: 'nick' }, { name: 'NICK' }, { name: 'age', type: 'number', validation: { min: 10, max: 5 } }, { name: '1bad' }] })
      .expect(400);
    expect((res.body.errors as Array<{ code: string; path: string }>).map((e) => [e.code, e.path])).toEqual([['FG_REALM_SCHEMA', '/attributes/4/name']]);
    // Schema errors come first and stop the semantic checks, as when loading the file; fix them and the rest show.
    const semantic = await t
      .api('put', '/realms/main/user-profile')
      .set('If-Match', etag)
      .send({ attributes: [{ name: 'Email' }, { name: 'nick' }, { name: 'NICK' }, { name: 'age', type: 'number', validation: { min: 10, max: 5 } }] })
      .expect(400);
    expect((semantic.body.errors as Array<{ code: string; path: string }>).map((e) => [e.code, e.path])).toEqual([
      ['FG_PROFILE_ATTRIBUTE_RESERVED', '/attributes/0/name'],
      ['FG_DUPLICATE_PROFILE_ATTRIBUTE', '/attributes/2/name'],
      ['FG_PROFILE_ATTRIBUTE_INVALID', '/attributes/3/validation/min'],
    ]);
    expect((await t.api('put', '/realms/main/user-profile').set('If-Match', etag).send({ fields: [] }).expect(400)).body).toMatchObject({ code: 'FG_ADMIN_INVALID_BODY' });
    expect((await t.api('get', '/realms/main/user-profile').expect(200)).body.custom).toBe(false);
  });

  test('refuses roles (and the terms acceptance) in the admin realm\'s profile, so nobody could grant themselves admin (#19)', async () => {
    const etag = (await t.api('get', '/realms/admin/user-profile').expect(200)).headers['etag'] as string;
    const res = await t
      .api('put', '/realms/admin/user-profile')
      .set('If-Match', etag)
      .send({ attributes: [{ name: 'nickname' }, { name: 'roles', type: 'string', validation: { enum: ['admin'] } }, { name: 'termsAcceptedAt' }] })
      .expect(400);
    expect((res.body.errors as Array<{ code: string; path: string }>).map((e) => [e.code, e.path])).toEqual([
      ['FG_PROFILE_ATTRIBUTE_RESERVED', '/attributes/1/name'],
      ['FG_PROFILE_ATTRIBUTE_RESERVED', '/attributes/2/name'],
    ]);
    expect(JSON.stringify(res.body.errors[0])).toContain("'roles'");
    expect((await t.api('get', '/realms/admin/user-profile').expect(200)).body).toMatchObject({ custom: false });
  });

  test('428 / 409 on versions, 404 for an unknown realm, 401 without auth, 403 for a console write without CSRF', async () => {
    const etag = (await t.api('get', '/realms/main/user-profile').expect(200)).headers['etag'] as string;
    expect((await t.api('put', '/realms/main/user-profile').send({ attributes: [] }).expect(428)).body.code).toBe('FG_ADMIN_VERSION_REQUIRED');
    await t.api('put', '/realms/main/user-profile').set('If-Match', etag).send({ attributes: [] }).expect(200);
    expect((await t.api('put', '/realms/main/user-profile').set('If-Match', etag).send({ attributes: [NICKNAME] }).expect(409)).body.code).toBe('FG_ADMIN_VERSION_CONFLICT');
    expect((await t.api('get', '/realms/nowhere/user-profile').expect(404)).body.code).toBe('FG_UNKNOWN_REALM');
    await t.request('get', '/realms/main/user-profile').set(JSON_ACCEPT).expect(401);
    const current = (await t.asConsole('get', '/realms/main/user-profile').expect(200)).headers['etag'] as string;
    const noCsrf = await t.request('put', '/realms/main/user-profile').set('Cookie', `${ADMIN_SESSION_COOKIE}=${t.console.cookie}`).set('If-Match', current).send({ attributes: [NICKNAME] }).expect(403);
    expect(noCsrf.body.code).toBe('FG_ADMIN_CSRF_INVALID');
    await t.asConsole('put', '/realms/main/user-profile').set('If-Match', current).send({ attributes: [NICKNAME] }).expect(200);
  });
});
