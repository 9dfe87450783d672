import type request from 'supertest';
import { TYPES } from '../../src/composition/container';
import { createAdminTestApp, type AdminTestApp } from '../support/admin-test-app';

let t: AdminTestApp;
beforeEach(async () => {
  t = await createAdminTestApp();
});
afterEach(() => t.close());

const etagOf = (res: request.Response): string => String(res.headers['etag']);
const engineClient = async (clientId: string) => (await t.container.get(TYPES.RealmStore).getRealm('main'))!.clients.find((c) => c.clientId === clientId);

const BILLING = {
  redirectUris: ['https://billing.example/cb'],
  type: 'confidential',
  postLogoutRedirectUris: ['https://billing.example/bye'],
  webOrigins: ['https://billing.example'],
  grantTypes: ['authorization_code', 'client_credentials'],
  consentRequired: true,
  backchannelLogoutUri: 'https://billing.example/backchannel',
  secretEnv: 'BILLING_SECRET',
  tokenLifetimes: { accessTokenSeconds: 300 },
};

describe('OpenID Connect settings of clients in the admin API', () => {
  test('create and read every setting; a PUT replaces them all, those left out back at their defaults', async () => {
    const created = await t.api('post', '/realms/main/clients').send({ clientId: 'billing', ...BILLING }).expect(201);
    expect(created.body).toMatchObject({ clientId: 'billing', flowOverrides: {}, ...BILLING });
    expect(await engineClient('billing')).toMatchObject(BILLING);
    expect((await t.api('get', '/realms/main/clients/billing').expect(200)).body).toMatchObject(BILLING);

    const updated = await t.api('put', '/realms/main/clients/billing').set('If-Match', etagOf(created)).send({ redirectUris: ['https://billing.example/cb'] }).expect(200);
    expect(updated.body).toMatchObject({ type: 'public', postLogoutRedirectUris: [], webOrigins: [], grantTypes: ['authorization_code', 'refresh_token'], consentRequired: false, tokenLifetimes: {} });
    expect(updated.body.secretEnv).toBeUndefined();
    expect(updated.body.backchannelLogoutUri).toBeUndefined();
  });

  test("the loader's checks answer at the body's paths", async () => {
    const send = (body: object) => t.api('post', '/realms/main/clients').send({ clientId: 'c', redirectUris: [], ...body });
    expect((await send({ postLogoutRedirectUris: ['javascript:alert(1)'] }).expect(400)).body).toMatchObject({ code: 'FG_REDIRECT_URI_REFUSED', path: '/postLogoutRedirectUris/0' });
    expect((await send({ webOrigins: ['https://app.example/'] }).expect(400)).body).toMatchObject({ code: 'FG_WEB_ORIGIN_INVALID', path: '/webOrigins/0' });
    expect((await send({ backchannelLogoutUri: 'ftp://x.example/' }).expect(400)).body).toMatchObject({ code: 'FG_BACKCHANNEL_LOGOUT_URI_INVALID', path: '/backchannelLogoutUri' });
    expect((await send({ grantTypes: ['client_credentials'] }).expect(400)).body).toMatchObject({ code: 'FG_CLIENT_GRANT_NOT_ALLOWED', path: '/grantTypes/0' });
    expect((await send({ secretEnv: 'X_SECRET' }).expect(400)).body).toMatchObject({ code: 'FG_CLIENT_SECRET_ENV_NOT_ALLOWED', path: '/secretEnv' });
    expect((await send({ type: 'confidential', secretEnv: 'lower-case' }).expect(400)).body).toMatchObject({ code: 'FG_REALM_SCHEMA', path: '/secretEnv' });
    expect((await send({ tokenLifetimes: { accessTokenSeconds: 1 } }).expect(400)).body).toMatchObject({ code: 'FG_REALM_SCHEMA', path: '/tokenLifetimes/accessTokenSeconds' });
    expect((await send({ type: 'secret' }).expect(400)).body).toMatchObject({ code: 'FG_ADMIN_INVALID_BODY', path: '/type' });
    expect((await send({ consentRequired: 'yes' }).expect(400)).body.code).toBe('FG_ADMIN_INVALID_BODY');
  });

  const secrets = () => t.container.get(TYPES.ClientSecrets);

  test('a confidential client gets its secret once, in the 201; GETs only say that it has one', async () => {
    const created = await t.api('post', '/realms/main/clients').send({ clientId: 'api', redirectUris: [], type: 'confidential' }).expect(201);
    expect(created.body.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.body.hasSecret).toBe(true);
    expect(await secrets().reveal('main', 'api')).toBe(created.body.secret);

    const got = await t.api('get', '/realms/main/clients/api').expect(200);
    expect(got.body).toMatchObject({ clientId: 'api', hasSecret: true });
    expect(got.body.secret).toBeUndefined();
    const list = await t.api('get', '/realms/main/clients').expect(200);
    expect(list.body.clients.map((c: { clientId: string; hasSecret: boolean }) => [c.clientId, c.hasSecret])).toEqual([['demo', false], ['locked', false], ['api', true]]);
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);
    const audit = await t.api('get', '/audit').expect(200);
    expect(JSON.stringify(audit.body)).not.toContain(created.body.secret);

    // A PUT that keeps it confidential keeps the secret (and does not show it).
    const kept = await t.api('put', '/realms/main/clients/api').set('If-Match', etagOf(got)).send({ redirectUris: [], type: 'confidential' }).expect(200);
    expect(kept.body.secret).toBeUndefined();
    expect(await secrets().reveal('main', 'api')).toBe(created.body.secret);
  });

  test('public clients and clients with secretEnv get no secret; one that becomes confidential gets it in the 200', async () => {
    const pub = await t.api('post', '/realms/main/clients').send({ clientId: 'spa', redirectUris: [] }).expect(201);
    expect(pub.body).toMatchObject({ hasSecret: false });
    expect(pub.body.secret).toBeUndefined();
    const env = await t.api('post', '/realms/main/clients').send({ clientId: 'env', redirectUris: [], type: 'confidential', secretEnv: 'ENV_SECRET' }).expect(201);
    expect(env.body).toMatchObject({ hasSecret: false });
    expect(env.body.secret).toBeUndefined();

    const now = await t.api('put', '/realms/main/clients/spa').set('If-Match', etagOf(env)).send({ redirectUris: [], type: 'confidential' }).expect(200);
    expect(now.body).toMatchObject({ hasSecret: true, secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    // Back to public: the secret is dropped with the realm write.
    const back = await t.api('put', '/realms/main/clients/spa').set('If-Match', etagOf(now)).send({ redirectUris: [] }).expect(200);
    expect(back.body).toMatchObject({ hasSecret: false });
    expect(await secrets().hasSecret('main', 'spa')).toBe(false);
  });

  test('POST …/secret replaces the secret (audited, never showing it); refused for public and secretEnv clients', async () => {
    const created = await t.api('post', '/realms/main/clients').send({ clientId: 'api', redirectUris: [], type: 'confidential' }).expect(201);
    const renewed = await t.api('post', '/realms/main/clients/api/secret').expect(200);
    expect(renewed.body).toEqual({ clientId: 'api', secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(renewed.body.secret).not.toBe(created.body.secret);
    expect(await secrets().reveal('main', 'api')).toBe(renewed.body.secret);
    const entries = (await t.api('get', '/audit').expect(200)).body.entries as Array<{ action: string; resource: string }>;
    expect(entries.find((e) => e.action === 'client.secret.regenerate')).toMatchObject({ resource: 'realms/main/clients/api/secret' });
    expect(JSON.stringify(entries)).not.toContain(renewed.body.secret);

    expect((await t.api('post', '/realms/main/clients/demo/secret').expect(409)).body.code).toBe('FG_ADMIN_CLIENT_SECRET_NOT_MANAGED');
    await t.api('post', '/realms/main/clients').send({ clientId: 'env', redirectUris: [], type: 'confidential', secretEnv: 'ENV_SECRET' }).expect(201);
    expect((await t.api('post', '/realms/main/clients/env/secret').expect(409)).body.code).toBe('FG_ADMIN_CLIENT_SECRET_NOT_MANAGED');
    expect((await t.api('post', '/realms/main/clients/ghost/secret').expect(404)).body.code).toBe('FG_ADMIN_CLIENT_NOT_FOUND');
    expect((await t.api('post', '/realms/nowhere/clients/api/secret').expect(404)).body.code).toBe('FG_UNKNOWN_REALM');
  });

  test('deleting a client deletes its secret', async () => {
    const created = await t.api('post', '/realms/main/clients').send({ clientId: 'api', redirectUris: [], type: 'confidential' }).expect(201);
    await t.api('delete', '/realms/main/clients/api').set('If-Match', etagOf(created)).expect(204);
    expect(await secrets().hasSecret('main', 'api')).toBe(false);
  });
});
