import { CLIENT_DEFAULTS, exportRealm, loadDocuments, webOriginProblem } from '../../../src/engine/loader';
import { doc, fakeRegistry, lineOf, loadErrors, where } from './loader-kit';

const browser = doc('browser.json', { alias: 'browser', executions: [{ authenticator: 'cookie', requirement: 'REQUIRED' }] });
const realmWith = (...clients: object[]) => doc('main.realm.json', { realm: 'main', bindings: { browser: 'browser' }, clients });
const load = (...clients: object[]) => loadDocuments([browser, realmWith(...clients)], fakeRegistry())[0]!;

describe('client settings for OpenID Connect', () => {
  test('a client that names none of them gets the schema defaults, and exports as it was written', () => {
    const realm = load({ clientId: 'demo', redirectUris: ['https://app.example/cb'] });
    expect(realm.clients[0]).toEqual({
      clientId: 'demo',
      redirectUris: ['https://app.example/cb'],
      flowOverrides: {},
      type: 'public',
      postLogoutRedirectUris: [],
      webOrigins: [],
      grantTypes: ['authorization_code', 'refresh_token'],
      consentRequired: false,
      tokenLifetimes: {},
    });
    expect(CLIENT_DEFAULTS.grantTypes).toEqual(['authorization_code', 'refresh_token']);
    expect(exportRealm(realm).clients).toEqual([{ clientId: 'demo', redirectUris: ['https://app.example/cb'], flowOverrides: {} }]);
  });

  test('every option set loads into the model and exports exactly the options that differ from their defaults', () => {
    const written = {
      clientId: 'billing',
      redirectUris: ['https://billing.example/cb'],
      flowOverrides: {},
      type: 'confidential',
      postLogoutRedirectUris: ['https://billing.example/bye'],
      webOrigins: ['https://billing.example', 'http://localhost:3000'],
      grantTypes: ['authorization_code', 'client_credentials'],
      consentRequired: true,
      backchannelLogoutUri: 'https://billing.example/backchannel?x=1',
      secretEnv: 'BILLING_SECRET',
      tokenLifetimes: { accessTokenSeconds: 300, refreshTokenSeconds: 86400 },
    };
    const realm = load(written);
    expect(realm.clients[0]).toEqual(written);
    expect(exportRealm(realm).clients).toEqual([written]);
    expect(load({ clientId: 'x', redirectUris: [], consentRequired: false, type: 'public' }).clients[0]).toMatchObject({ type: 'public' });
    expect(exportRealm(load({ clientId: 'x', redirectUris: [], consentRequired: false, type: 'public' })).clients[0]).toEqual({ clientId: 'x', redirectUris: [], flowOverrides: {} });
  });

  test('post-logout redirect URIs get the redirect-URI check, web origins and the back-channel URI theirs, at their paths', () => {
    const realm = realmWith({
      clientId: 'demo',
      redirectUris: [],
      postLogoutRedirectUris: ['https://ok.example/bye', 'javascript:alert(1)'],
      webOrigins: ['https://ok.example', 'https://app.example/', 'https://app.example/path', 'ftp://files.example', 'https://u:p@app.example'],
      backchannelLogoutUri: 'https://app.example/logout#frag',
    });
    expect(loadErrors(browser, realm).map(where)).toEqual([
      { code: 'FG_REDIRECT_URI_REFUSED', file: 'main.realm.json', path: '/clients/0/postLogoutRedirectUris/1', line: lineOf(realm.text, 'javascript:') },
      { code: 'FG_WEB_ORIGIN_INVALID', file: 'main.realm.json', path: '/clients/0/webOrigins/1', line: lineOf(realm.text, '"https://app.example/"') },
      { code: 'FG_WEB_ORIGIN_INVALID', file: 'main.realm.json', path: '/clients/0/webOrigins/2', line: lineOf(realm.text, '/path"') },
      { code: 'FG_WEB_ORIGIN_INVALID', file: 'main.realm.json', path: '/clients/0/webOrigins/3', line: lineOf(realm.text, 'ftp:') },
      { code: 'FG_WEB_ORIGIN_INVALID', file: 'main.realm.json', path: '/clients/0/webOrigins/4', line: lineOf(realm.text, 'u:p@') },
      { code: 'FG_BACKCHANNEL_LOGOUT_URI_INVALID', file: 'main.realm.json', path: '/clients/0/backchannelLogoutUri', line: lineOf(realm.text, '#frag') },
    ]);
  });

  test('a web origin is exactly what a browser sends in Origin', () => {
    expect(webOriginProblem('https://app.example')).toBeUndefined();
    expect(webOriginProblem('http://localhost:3000')).toBeUndefined();
    expect(webOriginProblem('HTTPS://App.Example')).toBeDefined();
    expect(webOriginProblem('https://app.example:443')).toBeDefined();
    expect(webOriginProblem('https://app.example?q')).toBeDefined();
    expect(webOriginProblem('*')).toBeDefined();
  });

  test('client_credentials and secretEnv are only for confidential clients', () => {
    const realm = realmWith(
      { clientId: 'spa', redirectUris: [], grantTypes: ['authorization_code', 'client_credentials'], secretEnv: 'SPA_SECRET' },
      { clientId: 'api', redirectUris: [], type: 'confidential', grantTypes: ['client_credentials'], secretEnv: 'API_SECRET' },
    );
    expect(loadErrors(browser, realm).map(where)).toEqual([
      { code: 'FG_CLIENT_GRANT_NOT_ALLOWED', file: 'main.realm.json', path: '/clients/0/grantTypes/1', line: lineOf(realm.text, '"client_credentials"') },
      { code: 'FG_CLIENT_SECRET_ENV_NOT_ALLOWED', file: 'main.realm.json', path: '/clients/0/secretEnv', line: lineOf(realm.text, 'SPA_SECRET') },
    ]);
  });

  test('the schema refuses unknown types and grants, odd variable names and lifetimes out of range', () => {
    const realm = realmWith({
      clientId: 'demo',
      redirectUris: [],
      type: 'secret',
      grantTypes: ['implicit'],
      secretEnv: 'my-secret',
      tokenLifetimes: { accessTokenSeconds: 0, idTokenSeconds: 90.5, refreshTokenSeconds: 10 ** 9, other: 1 },
    });
    expect(loadErrors(browser, realm).map((e) => [e.code, e.location?.path])).toEqual([
      ['FG_REALM_SCHEMA', '/clients/0/type'],
      ['FG_REALM_SCHEMA', '/clients/0/grantTypes/0'],
      ['FG_REALM_SCHEMA', '/clients/0/secretEnv'],
      ['FG_REALM_SCHEMA', '/clients/0/tokenLifetimes/accessTokenSeconds'],
      ['FG_REALM_SCHEMA', '/clients/0/tokenLifetimes/idTokenSeconds'],
      ['FG_REALM_SCHEMA', '/clients/0/tokenLifetimes/refreshTokenSeconds'],
      ['FG_REALM_SCHEMA', '/clients/0/tokenLifetimes/other'],
    ]);
  });
});
