import { TYPES } from '../../src/composition/tokens';
import { csrfToken } from '../../src/security';
import { createTestApp, type TestApp } from '../support/test-app';
import { DEMO_LOGIN, JSON_ACCEPT, TestBrowser, formTo, formsOf, type PageForm } from './http-kit';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.users.create({ email: 'ann@example.com' });
});
afterAll(() => t.close());

/** Every POST form a signed-in browser meets: step, try another way, restart, account, logout. */
async function formsOfEveryKind(browser: TestBrowser): Promise<PageForm[]> {
  const first = await browser.start();
  const forms = formsOf(first.text);
  await browser.signIn('ann@example.com');
  forms.push(...formsOf((await browser.agent.get('/realms/main/account')).text));
  forms.push(...formsOf((await browser.agent.get('/realms/main/logout')).text));
  forms.push({ action: '/realms/main/login-actions/select?' + new URL(forms[0]!.action, 'http://x').searchParams.toString(), fields: { ...forms[0]!.fields, choice: 'browser/forms' } });
  return forms;
}

describe('CSRF: every POST of the login pages carries the browser-bound token', () => {
  test('a missing, wrong or other browser\'s token is refused with 403 FG_CSRF_INVALID on every POST route, and changes nothing', async () => {
    const alice = new TestBrowser(t.app);
    const forms = await formsOfEveryKind(alice);
    const routes = new Set(forms.map((f) => new URL(f.action, 'http://x').pathname));
    expect([...routes].sort()).toEqual([
      '/realms/main/account/devices/revoke',
      '/realms/main/account/sessions/revoke',
      '/realms/main/account/sessions/revoke-all',
      '/realms/main/login-actions/authenticate',
      '/realms/main/login-actions/restart',
      '/realms/main/login-actions/select',
      '/realms/main/login-actions/try-another-way',
      '/realms/main/logout',
    ]);
    const eve = new TestBrowser(t.app);
    const eveToken = formTo((await eve.start()).text, '/login-actions/authenticate').fields['csrf']!;

    for (const form of forms) {
      const { csrf, ...rest } = form.fields;
      expect(csrf).toMatch(/^[\w-]{43}$/);
      const missing = await alice.agent.post(form.action).type('form').send(rest);
      const wrong = await alice.agent.post(form.action).type('form').send({ ...rest, csrf: `${csrf!.slice(0, -1)}${csrf!.endsWith('A') ? 'B' : 'A'}` });
      const foreign = await alice.agent.post(form.action).type('form').send({ ...rest, csrf: eveToken });
      const json = await alice.agent.post(form.action).set(JSON_ACCEPT).send({ ...rest, csrf: eveToken });
      for (const res of [missing, wrong, foreign]) {
        expect([form.action, res.status, res.text.includes('FG_CSRF_INVALID')]).toEqual([form.action, 403, true]);
      }
      expect(json.status).toBe(403);
      expect(json.body).toMatchObject({ type: 'error', code: 'FG_CSRF_INVALID' });
    }
    // Alice is still signed in: none of the refused sign-outs happened.
    expect((await alice.agent.get('/realms/main/account')).status).toBe(200);
    expect(await t.events.query({ realm: 'main', type: 'LOGOUT' })).toEqual([]);
  });

  test("a token is worthless without the browser's cookie (a cross-site form cannot send it)", async () => {
    const alice = new TestBrowser(t.app);
    const page = await alice.start();
    const form = formTo(page.text, '/login-actions/authenticate');
    const withoutCookie = await new TestBrowser(t.app).agent.post(form.action).type('form').send({ ...form.fields, email: 'ann@example.com' });
    expect(withoutCookie.status).toBe(403);
  });
});

describe('the fg_browser cookie is issued by the server only (#19 item 5)', () => {
  const PLANTED = 'AAAAAAAAAAAAAAAAAAAAAA'; // a well-formed id Flowgate never signed
  const browserCookie = (res: { headers: Record<string, unknown> }): string | undefined =>
    ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []).map((c) => /^fg_browser=([^;]*)/.exec(c)?.[1]).find(Boolean);

  test('a planted value (unsigned, or with a forged signature) is replaced by a signed one', async () => {
    for (const planted of [PLANTED, `${PLANTED}.${'A'.repeat(43)}`, 'not a cookie!']) {
      const started = await new TestBrowser(t.app).agent.get(DEMO_LOGIN).set('Cookie', `fg_browser=${encodeURIComponent(planted)}`);
      expect(started.status).toBe(303);
      const issued = browserCookie(started);
      expect(issued).toMatch(/^[\w-]{22}\.[\w-]{43}$/);
      expect(issued!.startsWith(PLANTED)).toBe(false);
    }
  });

  test('a CSRF token derived from a planted id is refused, and the planted id reaches no tab', async () => {
    const key = t.container.get(TYPES.CsrfKey);
    const victim = new TestBrowser(t.app);
    await victim.agent.get('/realms/main/account').set('Cookie', `fg_browser=${PLANTED}`);
    const page = await victim.start();
    const form = formTo(page.text, '/login-actions/authenticate');
    const forged = await victim.agent.post(form.action).type('form').send({ ...form.fields, csrf: csrfToken(key, PLANTED), email: 'ann@example.com' });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('FG_CSRF_INVALID');
    // The planter, sending the id it planted (and its token), finds nothing of the victim's.
    const planter = await new TestBrowser(t.app).agent.post(form.action).set('Cookie', `fg_browser=${PLANTED}`).type('form').send({ ...form.fields, csrf: csrfToken(key, PLANTED) });
    expect(planter.status).toBe(403);
    expect(await new TestBrowser(t.app).agent.get(pathOf(page)).set('Cookie', `fg_browser=${PLANTED}`)).toMatchObject({ status: 400 });
  });

  test('a sign-in gives the browser a new id: tokens of the old one stop working', async () => {
    const browser = new TestBrowser(t.app);
    const first = await browser.start();
    const before = formTo(first.text, '/login-actions/authenticate').fields['csrf'];
    const code = await browser.answer(first, { email: 'ann@example.com' });
    const done = await browser.post(formTo(code.text, '/login-actions/authenticate'), { code: '000000' });
    expect(done.status).toBe(303);
    expect(browserCookie(done)).toMatch(/^[\w-]{22}\.[\w-]{43}$/);
    const logout = formTo((await browser.agent.get('/realms/main/logout')).text, '/logout');
    expect(logout.fields['csrf']).not.toBe(before);
    expect((await browser.post({ ...logout, fields: { csrf: before! } })).status).toBe(403);
    expect((await browser.post(logout)).status).not.toBe(403);
    expect((await browser.agent.get('/realms/main/account')).status).toBe(303); // signed out
  });
});

/** The path and query a response was fetched from. */
function pathOf(res: { request: { url: string } }): string {
  return res.request.url.replace(/^https?:\/\/[^/]+/, '');
}
