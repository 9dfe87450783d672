import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app';
import { DEMO_LOGIN, DEMO_REDIRECT, TestBrowser, formTo } from './http-kit';

/** The directives of a CSP header, by name. */
function csp(header: unknown): Record<string, string> {
  return Object.fromEntries(
    String(header)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values.join(' ')]),
  );
}

describe('security headers on http', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.users.create({ email: 'ann@example.com' });
  });
  afterAll(() => t.close());

  test('pages carry a strict CSP with a fresh nonce, no-referrer, no-store, no framing; no HSTS over http', async () => {
    const browser = new TestBrowser(t.app);
    const page = await browser.start('/realms/main/login');
    const policy = csp(page.headers['content-security-policy']);
    expect(policy).toEqual({
      'default-src': "'self'",
      'script-src': expect.stringMatching(/^'self' 'nonce-[A-Za-z0-9+/]{22}=='$/),
      'style-src': "'self'",
      'img-src': "'self' data:",
      'object-src': "'none'",
      'base-uri': "'none'",
      'frame-ancestors': "'none'",
      'form-action': "'self'",
    });
    const other = csp((await browser.agent.get('/realms/main/logout')).headers['content-security-policy']);
    expect(other['script-src']).not.toBe(policy['script-src']);
    expect(page.headers).toMatchObject({ 'referrer-policy': 'no-referrer', 'cache-control': 'no-store', 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff' });
    expect(page.headers['strict-transport-security']).toBeUndefined();
    expect(page.headers['x-powered-by']).toBeUndefined();
    for (const path of ['/realms/main/logout', '/realms/main/account', '/realms/nope/login', '/nothing']) {
      expect([path, (await browser.agent.get(path)).headers['cache-control']]).toEqual([path, 'no-store']);
    }
  });

  test("form-action allows the client's origin on the form pages and on the 303 to it (Chrome checks redirects after a POST)", async () => {
    const browser = new TestBrowser(t.app);
    const emailPage = await browser.start(DEMO_LOGIN);
    expect(csp(emailPage.headers['content-security-policy'])['form-action']).toBe("'self' http://localhost:3000");
    const codePage = await browser.answer(emailPage, { email: 'ann@example.com' });
    expect(csp(codePage.headers['content-security-policy'])['form-action']).toBe("'self' http://localhost:3000");
    const done = await browser.post(formTo(codePage.text, '/login-actions/authenticate'), { code: '000000' });
    expect(done.status).toBe(303);
    expect(done.headers['location']).toBe(DEMO_REDIRECT);
    expect(csp(done.headers['content-security-policy'])['form-action']).toBe("'self' http://localhost:3000");
    // Pages without a client keep the strict list.
    expect(csp((await browser.agent.get('/realms/main/logout')).headers['content-security-policy'])['form-action']).toBe("'self'");
  });

  test('static files are served from /static/ (cacheable, with the same headers), and nothing outside it', async () => {
    const css = await request(t.app).get('/static/flowgate.css');
    expect(css.status).toBe(200);
    expect(css.type).toBe('text/css');
    expect(css.headers['cache-control']).toBe('public, max-age=3600');
    expect(css.headers['content-security-policy']).toContain("default-src 'self'");
    for (const path of ['/static/..%2f..%2fpackage.json', '/static/%2e%2e/%2e%2e/package.json', '/static/../package.json', '/static/']) {
      const res = await request(t.app).get(path);
      expect([path, res.status, res.text.includes('"name": "flowgate"')]).toEqual([path, 404, false]);
    }
  });

  test('a well-formed X-Request-Id is echoed and used; anything else is replaced', async () => {
    const echoed = await request(t.app).get('/healthz').set('X-Request-Id', 'abc-123_X');
    expect(echoed.headers['x-request-id']).toBe('abc-123_X');
    for (const bad of ['a'.repeat(65), 'has space', 'semi;colon', 'ünï']) {
      const res = await request(t.app).get('/realms/nope/login').set('Accept', 'application/json').set('X-Request-Id', encodeURI(bad) === bad ? bad : encodeURI(bad));
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.body.requestId).toBe(res.headers['x-request-id']);
    }
  });
});

describe('security headers behind https', () => {
  test('HSTS is sent and every cookie is Secure when the public URL is https', async () => {
    const t = await createTestApp({ env: { PUBLIC_URL: 'https://id.example.com' } });
    try {
      await t.users.create({ email: 'ann@example.com' });
      const browser = new TestBrowser(t.app);
      const started = await browser.agent.get(DEMO_LOGIN).set('X-Forwarded-Proto', 'https');
      expect(started.headers['strict-transport-security']).toBe('max-age=31536000');
      expect(started.headers['set-cookie']).toEqual([expect.stringMatching(/; Secure; SameSite=Lax$/)]);
      // supertest speaks plain http, so the Secure cookie is not sent back: the POST is refused, as it should be.
      const page = await browser.follow(started);
      expect(page.status).toBe(400);
    } finally {
      await t.close();
    }
  });
});
