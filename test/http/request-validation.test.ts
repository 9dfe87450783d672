import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app';
import { DEMO_LOGIN, DEMO_REDIRECT, JSON_ACCEPT, TestBrowser, formTo } from './http-kit';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const login = (query: string) => request(t.app).get(`/realms/main/login?${query}`);

describe('clients and redirect URIs', () => {
  test.each([
    ['a redirect URI not registered', `client_id=demo&redirect_uri=${encodeURIComponent('https://evil.example/callback')}`],
    ['a prefix of the registered one', `client_id=demo&redirect_uri=${encodeURIComponent('http://localhost:3000/')}`],
    ['an extension of the registered one', `client_id=demo&redirect_uri=${encodeURIComponent(`${DEMO_REDIRECT}/../evil`)}`],
    ['a redirect URI without a client', `redirect_uri=${encodeURIComponent(DEMO_REDIRECT)}`],
  ])('%s: an error page, never a redirect', async (_name, query) => {
    const res = await login(query);
    expect(res.status).toBe(400);
    expect(res.headers['location']).toBeUndefined();
    expect(res.text).toContain('FG_INVALID_REDIRECT_URI');
    expect(res.text).not.toContain('evil.example');
  });

  test('an unknown client is an error page', async () => {
    const res = await login(`client_id=nobody&redirect_uri=${encodeURIComponent(DEMO_REDIRECT)}`);
    expect(res.status).toBe(400);
    expect(res.headers['location']).toBeUndefined();
    expect(res.text).toContain('FG_UNKNOWN_CLIENT');
    expect(res.text).toContain('The application you came from is not known here.');
  });

  test('an unknown realm is a 404 page (and JSON), unknown routes too', async () => {
    for (const path of ['/realms/nope/login', '/realms/nope/account', '/realms/Bad%20Name/login', '/realms/nope/login-actions/authenticate?tab_id=x']) {
      const res = await request(t.app).get(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.text).toContain('FG_UNKNOWN_REALM');
    }
    const json = await request(t.app).get('/realms/nope/login').set(JSON_ACCEPT);
    expect(json.body).toMatchObject({ type: 'error', code: 'FG_UNKNOWN_REALM', requestId: expect.any(String) });
    for (const path of ['/', '/nothing', '/realms/main', '/realms/main/login-actions/nothing', '/static/missing.css']) {
      const res = await request(t.app).get(path);
      expect([path, res.status, res.text.includes('FG_NOT_FOUND')]).toEqual([path, 404, true]);
    }
    expect((await request(t.app).put('/realms/main/login')).status).toBe(404);
  });
});

describe('malformed requests get a coded 4xx, never a 500', () => {
  let browser: TestBrowser;
  let action: string;
  let fields: Record<string, string>;
  beforeAll(async () => {
    browser = new TestBrowser(t.app);
    const form = formTo((await browser.start()).text, '/login-actions/authenticate');
    action = form.action;
    fields = form.fields;
  });

  test('repeated or structured query parameters: 400 FG_INVALID_REQUEST', async () => {
    for (const query of ['client_id=demo&client_id=other', 'client_id[]=demo', 'client_id[a]=demo', 'ui_locales=de&ui_locales=en']) {
      const res = await login(query).set(JSON_ACCEPT);
      expect([query, res.status, res.body.code]).toEqual([query, 400, 'FG_INVALID_REQUEST']);
    }
  });

  test('repeated, bracketed or non-string form fields: 400 FG_INVALID_REQUEST', async () => {
    const urlencoded = [`email=a%40b.c&email=d%40e.f`, 'email[]=x', 'email[a]=x'];
    for (const body of urlencoded) {
      const res = await browser.agent.post(action).type('form').send(`${new URLSearchParams(fields).toString()}&${body}`);
      expect([body, res.status, res.text.includes('FG_INVALID_REQUEST')]).toEqual([body, 400, true]);
    }
    for (const value of [['x'], { a: 1 }, 5, true, null]) {
      const res = await browser.agent.post(action).set(JSON_ACCEPT).send({ ...fields, email: value });
      expect([value, res.status, res.body.code]).toEqual([value, 400, 'FG_INVALID_REQUEST']);
    }
    const numericStep = await browser.agent.post(action).set(JSON_ACCEPT).send({ ...fields, step: 0, email: 'a@b.c' });
    expect(numericStep.status).toBe(400);
  });

  test('malformed JSON is 400, a JSON array or scalar body is 400, missing step is 400', async () => {
    const bad = await browser.agent.post(action).set(JSON_ACCEPT).set('Content-Type', 'application/json').send('{"email": ');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('FG_INVALID_REQUEST');
    const array = await browser.agent.post(action).set(JSON_ACCEPT).set('Content-Type', 'application/json').send('["a"]');
    expect(array.body.code).toBe('FG_INVALID_REQUEST');
    const scalar = await browser.agent.post(action).set(JSON_ACCEPT).set('Content-Type', 'application/json').send('"a"');
    expect(scalar.status).toBe(400);
    const noStep = await browser.agent.post(action).set(JSON_ACCEPT).send({ csrf: fields['csrf'], execution: fields['execution'] });
    expect(noStep.body).toMatchObject({ code: 'FG_INVALID_REQUEST', message: expect.any(String) });
  });

  test('a body over 32 KiB is 413 FG_BODY_TOO_LARGE (form and JSON)', async () => {
    const big = 'x'.repeat(33 * 1024);
    const form = await browser.agent.post(action).type('form').send({ ...fields, email: big });
    expect(form.status).toBe(413);
    expect(form.text).toContain('FG_BODY_TOO_LARGE');
    const json = await browser.agent.post(action).set(JSON_ACCEPT).send({ ...fields, email: big });
    expect(json.status).toBe(413);
    expect(json.body.code).toBe('FG_BODY_TOO_LARGE');
  });

  test('a body that is neither a form nor JSON is 415', async () => {
    const res = await browser.agent.post(action).set(JSON_ACCEPT).set('Content-Type', 'text/plain').send('email=a@b.c');
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('FG_UNSUPPORTED_MEDIA_TYPE');
    const multipart = await browser.agent.post(action).field('email', 'a@b.c');
    expect(multipart.status).toBe(415);
  });

  test('junk sent to every route never produces a 5xx', async () => {
    const server = t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const fuzzer = new TestBrowser(server);
    // A sign-in of the fuzzer's own, so tab ids and CSRF tokens are right where the junk needs them to be.
    const { action, fields } = formTo((await fuzzer.start()).text, '/login-actions/authenticate');
    const routes = [
      '/realms/main/login',
      '/realms/main/login-actions/authenticate',
      '/realms/main/login-actions/try-another-way',
      '/realms/main/login-actions/select',
      '/realms/main/login-actions/restart',
      '/realms/main/account',
      '/realms/main/account/sessions/revoke',
      '/realms/main/account/sessions/revoke-all',
      '/realms/main/logout',
      '/realms/%E0%A4%A/login',
      '/realms/main/login-actions/%ZZ',
      '/healthz',
      '/static/..%2f..%2fpackage.json',
    ];
    const tabId = new URL(action, 'http://x').searchParams.get('tab_id')!;
    const queries = ['', `?tab_id=${tabId}`, `?tab_id=${'a'.repeat(5000)}`, '?tab_id[]=1&client_id=%FF', '?redirect_uri=javascript:alert(1)&client_id=demo&ui_locales=%%%', '?login_hint=' + 'x'.repeat(3000)];
    const bodies: Array<[string, string]> = [
      ['application/x-www-form-urlencoded', `csrf=${fields['csrf']}&step=${fields['step']}&execution=${encodeURIComponent(fields['execution']!)}&email=%E0%A4%A`],
      ['application/x-www-form-urlencoded', `csrf=${fields['csrf']}&step=99999999999&execution=x&choice=`],
      ['application/x-www-form-urlencoded', `csrf=${fields['csrf']}&step=-1&execution=&session=${'z'.repeat(100)}`],
      ['application/x-www-form-urlencoded', '%%%=%%%&&&=='],
      ['application/json', `{"csrf":"${fields['csrf']}","step":"0","execution":"browser/forms/identify-email","__proto__":{"x":1},"constructor":"y"}`],
      ['application/json', '{"a":{"b":{"c":{"d":[1,2,3]}}}}'],
      ['application/json', 'null'],
      ['application/json; charset=utf-16', '{}'],
      ['application/x-www-form-urlencoded; charset=koi8-r', 'a=b'],
      ['text/html', '<script>'],
    ];
    for (const route of routes) {
      for (const query of queries) {
        for (const accept of ['text/html', 'application/json']) {
          const get = await fuzzer.agent.get(route + query).set('Accept', accept);
          expect([route + query, get.status < 500]).toEqual([route + query, true]);
          for (const [type, body] of bodies) {
            const res = await fuzzer.agent.post(route + query).set('Accept', accept).set('Content-Type', type).send(body);
            expect([route + query, type, body, res.status < 500]).toEqual([route + query, type, body, true]);
          }
        }
      }
    }
    await new Promise((resolve) => server.close(resolve));
  }, 120_000);
});
