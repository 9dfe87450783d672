import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadFlowsDirectory } from '../../../src/engine/loader';
import { doc, errorsOf, fakeRegistry, lineOf, loadErrors, where } from './loader-kit';

const MULTI_ERROR_DIR = path.join(__dirname, '../../fixtures/loader/multi-error');
const browser = doc('browser.json', {
  alias: 'browser',
  executions: [{ requirement: 'ALTERNATIVE', flow: { alias: 'forms', executions: [{ authenticator: 'cookie', requirement: 'REQUIRED' }] } }],
});
const direct = doc('direct.json', { alias: 'direct', executions: [{ authenticator: 'cookie', requirement: 'REQUIRED' }] });

describe('realm files', () => {
  test('schema violations are FG_REALM_SCHEMA at their path and line', () => {
    const realm = doc('main.realm.json', {
      realm: 'Main Realm',
      settings: { loginTimeoutSeconds: 30, supportedLocales: [] },
      bindings: { login: 'browser' },
      clients: [{ clientId: 'demo', redirectUris: ['https://app.example/cb'], extra: true }],
    });
    expect(loadErrors(browser, realm).map(where)).toEqual([
      { code: 'FG_REALM_SCHEMA', file: 'main.realm.json', path: '/realm', line: lineOf(realm.text, '"realm"') },
      { code: 'FG_REALM_SCHEMA', file: 'main.realm.json', path: '/settings/loginTimeoutSeconds', line: lineOf(realm.text, '"loginTimeoutSeconds"') },
      { code: 'FG_REALM_SCHEMA', file: 'main.realm.json', path: '/settings/supportedLocales', line: lineOf(realm.text, '"supportedLocales"') },
      { code: 'FG_REALM_SCHEMA', file: 'main.realm.json', path: '/bindings/login', line: lineOf(realm.text, '"login"') },
      { code: 'FG_REALM_SCHEMA', file: 'main.realm.json', path: '/clients/0/extra', line: lineOf(realm.text, '"extra"') },
    ]);
  });

  test('a default locale that is not supported is FG_REALM_SCHEMA', () => {
    const realm = doc('main.realm.json', { realm: 'main', settings: { defaultLocale: 'fr', supportedLocales: ['en'] } });
    expect(loadErrors(browser, realm).map(where)).toEqual([
      { code: 'FG_REALM_SCHEMA', file: 'main.realm.json', path: '/settings/defaultLocale', line: lineOf(realm.text, '"fr"') },
    ]);
  });

  test('a binding or client override naming a missing flow, or an inline sub-flow, is FG_UNKNOWN_FLOW', () => {
    const realm = doc('main.realm.json', {
      realm: 'main',
      bindings: { browser: 'browsr', registration: 'forms' },
      clients: [{ clientId: 'demo', redirectUris: [], flowOverrides: { browser: 'direct', 'direct-grant': 'nope' } }],
    });
    const errors = loadErrors(browser, direct, realm);
    expect(errors.map(where)).toEqual([
      { code: 'FG_UNKNOWN_FLOW', file: 'main.realm.json', path: '/bindings/browser', line: lineOf(realm.text, '"browsr"') },
      { code: 'FG_UNKNOWN_FLOW', file: 'main.realm.json', path: '/bindings/registration', line: lineOf(realm.text, '"forms"') },
      { code: 'FG_UNKNOWN_FLOW', file: 'main.realm.json', path: '/clients/0/flowOverrides/direct-grant', line: lineOf(realm.text, '"nope"') },
    ]);
    expect(errors[0]?.message).toContain("'browser'");
  });

  test('two realm files with one realm name are FG_DUPLICATE_REALM at the second', () => {
    const a = doc('a.realm.json', { realm: 'main' });
    const b = doc('b.realm.json', { realm: 'main' });
    const errors = loadErrors(browser, a, b);
    expect(errors.map(where)).toEqual([{ code: 'FG_DUPLICATE_REALM', file: 'b.realm.json', path: '/realm', line: 2 }]);
    expect(errors[0]?.message).toContain('a.realm.json');
  });

  test('two clients with one client id are FG_DUPLICATE_CLIENT at the second', () => {
    const realm = doc('main.realm.json', {
      realm: 'main',
      clients: [
        { clientId: 'demo', redirectUris: [] },
        { clientId: 'other', redirectUris: [] },
        { clientId: 'demo', redirectUris: ['https://app.example/cb'] },
      ],
    });
    expect(loadErrors(browser, realm).map(where)).toEqual([
      { code: 'FG_DUPLICATE_CLIENT', file: 'main.realm.json', path: '/clients/2/clientId', line: lineOf(realm.text, '"clientId": "demo"', 2) },
    ]);
  });

  test('a redirect URI that is not an absolute http(s) URI without credentials or fragment is FG_REDIRECT_URI_REFUSED at its index', () => {
    const refused = ['javascript:alert(1)', 'data:text/html,x', 'vbscript:msgbox(1)', '/relative', 'https://user:pw@app.example/cb', 'https://app.example/cb#x', 'https://app.example/a b'];
    const realm = doc('main.realm.json', { realm: 'main', clients: [{ clientId: 'demo', redirectUris: ['https://app.example/cb', 'http://localhost:3000/cb', ...refused] }] });
    expect(loadErrors(browser, realm).map(where)).toEqual(
      refused.map((uri, i) => ({ code: 'FG_REDIRECT_URI_REFUSED', file: 'main.realm.json', path: `/clients/0/redirectUris/${i + 2}`, line: lineOf(realm.text, JSON.stringify(uri)) })),
    );
  });

  test('no realm file is FG_NO_REALM', () => {
    expect(loadErrors(browser).map((e) => e.code)).toEqual(['FG_NO_REALM']);
  });
});

describe('the flows directory', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-loader-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('a missing directory, or a file instead of one, is FG_FLOWS_DIR_MISSING', () => {
    expect(errorsOf(() => loadFlowsDirectory(path.join(tmp, 'absent'), fakeRegistry())).map((e) => e.code)).toEqual(['FG_FLOWS_DIR_MISSING']);
    fs.writeFileSync(path.join(tmp, 'file'), '{}');
    expect(errorsOf(() => loadFlowsDirectory(path.join(tmp, 'file'), fakeRegistry())).map((e) => e.code)).toEqual(['FG_FLOWS_DIR_MISSING']);
  });

  test('a directory with only schemas and other files has no realm', () => {
    fs.writeFileSync(path.join(tmp, 'flow.schema.json'), '{}');
    fs.writeFileSync(path.join(tmp, 'notes.txt'), 'hello');
    expect(errorsOf(() => loadFlowsDirectory(tmp, fakeRegistry())).map((e) => e.code)).toEqual(['FG_NO_REALM']);
  });

  test('every error of every file is reported at once, named by file name, path and line', () => {
    const errors = errorsOf(() => loadFlowsDirectory(MULTI_ERROR_DIR, fakeRegistry()));
    // Files in name order: broken.json, browser.json, main.realm.json, other.realm.json, third.realm.json.
    expect(errors.map(where)).toEqual([
      { code: 'FG_JSON_SYNTAX', file: 'broken.json', line: 5 },
      { code: 'FG_UNKNOWN_AUTHENTICATOR', file: 'browser.json', path: '/executions/1/authenticator', line: 5 },
      { code: 'FG_REQUIREMENT_NOT_ALLOWED', file: 'browser.json', path: '/executions/2/flow/executions/0/requirement', line: 11 },
      { code: 'FG_PLUGIN_CONFIG_INVALID', file: 'browser.json', path: '/executions/2/flow/executions/1/config/linkLifetimeSeconds', line: 12 },
      { code: 'FG_CONDITION_OUTSIDE_CONDITIONAL', file: 'browser.json', path: '/executions/2/flow/executions/2/condition', line: 13 },
      { code: 'FG_UNKNOWN_FLOW', file: 'browser.json', path: '/executions/3/flow', line: 17 },
      { code: 'FG_REALM_SCHEMA', file: 'main.realm.json', path: '/settings/defaultLocale', line: 3 },
      { code: 'FG_UNKNOWN_FLOW', file: 'main.realm.json', path: '/bindings/registration', line: 4 },
      { code: 'FG_DUPLICATE_CLIENT', file: 'main.realm.json', path: '/clients/1/clientId', line: 7 },
      { code: 'FG_UNKNOWN_FLOW', file: 'main.realm.json', path: '/clients/1/flowOverrides/direct-grant', line: 7 },
      // other.realm.json binds the unreadable broken.json: only the duplicate realm is new.
      { code: 'FG_DUPLICATE_REALM', file: 'other.realm.json', path: '/realm', line: 1 },
      { code: 'FG_REALM_SCHEMA', file: 'third.realm.json', path: '/settings/loginTimeoutSeconds', line: 3 },
      { code: 'FG_REALM_SCHEMA', file: 'third.realm.json', path: '/clients/0/extra', line: 5 },
    ]);
    expect(errors.find((e) => e.code === 'FG_JSON_SYNTAX')?.location?.column).toBe(3);
  });
});
