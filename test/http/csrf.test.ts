import { createTestApp, type TestApp } from '../support/test-app';
import { JSON_ACCEPT, TestBrowser, formTo, formsOf, type PageForm } from './http-kit';

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
