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
});
