import { createTestApp, type TestApp } from '../support/test-app';
import { DEMO_LOGIN, DEMO_REDIRECT, TestBrowser, formTo, sessionCookieOf } from './http-kit';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  await t.users.create({ email: 'ann@example.com' });
});
afterEach(() => t.close());

describe('a whole sign-in through the HTML pages', () => {
  test('start -> email -> code -> 303 to the redirect URI with a session cookie and a LOGIN event', async () => {
    const browser = new TestBrowser(t.app);
    const started = await browser.agent.get(DEMO_LOGIN);
    expect(started.status).toBe(303);
    expect(started.headers['location']).toMatch(/^\/realms\/main\/login-actions\/authenticate\?tab_id=[\w-]+&execution=browser%2Fforms%2Fidentify-email$/);
    expect(started.headers['set-cookie']).toEqual([expect.stringMatching(/^fg_browser=[\w-]{22}\.[\w-]{43}; .*HttpOnly; SameSite=Lax$/)]);

    const emailPage = await browser.follow(started);
    expect(emailPage.status).toBe(200);
    expect(emailPage.type).toBe('text/html');
    expect(emailPage.text).toContain('<html lang="en">');
    expect(emailPage.text).toContain('name="email"');

    const codePage = await browser.answer(emailPage, { email: 'Ann@Example.com' });
    expect(codePage.status).toBe(200);
    expect(codePage.text).toContain('name="code"');
    expect(codePage.text).toContain('Enter the code');

    const done = await browser.post(formTo(codePage.text, '/login-actions/authenticate'), { code: '000000' });
    expect(done.status).toBe(303);
    expect(done.headers['location']).toBe(DEMO_REDIRECT);
    expect(sessionCookieOf(done)).toMatch(/^fg_session_main=[\w-]+; Path=\/realms\/main; HttpOnly; SameSite=Lax$/);

    const ann = await t.users.findByEmail('ann@example.com');
    const events = await t.events.query({ realm: 'main', type: 'LOGIN' });
    expect(events).toEqual([expect.objectContaining({ userId: ann!.id, clientId: 'demo', ip: expect.any(String), details: { flow: 'browser', sso: false } })]);
  });

  test('a wrong code re-renders the step with the field error and records LOGIN_ERROR; the right one then works', async () => {
    const browser = new TestBrowser(t.app);
    const codePage = await browser.answer(await browser.start(), { email: 'ann@example.com' });
    const again = await browser.answer(codePage, { code: '123456' });
    expect(again.status).toBe(200);
    expect(again.text).toContain('That code is not right.');
    expect(await t.events.query({ realm: 'main', type: 'LOGIN_ERROR' })).toEqual([expect.objectContaining({ error: 'invalid_code' })]);

    const done = await browser.post(formTo(again.text, '/login-actions/authenticate'), { code: '000000' });
    expect(done.headers['location']).toBe(DEMO_REDIRECT);
  });

  test('without a client, a successful sign-in lands on the account page', async () => {
    const browser = new TestBrowser(t.app);
    const done = await browser.signIn('ann@example.com', '/realms/main/login');
    expect(done.status).toBe(303);
    expect(done.headers['location']).toBe('/realms/main/account');
    const account = await browser.follow(done);
    expect(account.status).toBe(200);
    expect(account.text).toContain('ann@example.com');
  });

  test('a failed sign-in shows the error page with the reason, status 401 and a way to start again', async () => {
    const browser = new TestBrowser(t.app);
    // No such account: the code step still runs (no enumeration), then the flow ends without a user.
    const codePage = await browser.answer(await browser.start(), { email: 'nobody@example.com' });
    const failed = await browser.post(formTo(codePage.text, '/login-actions/authenticate'), { code: '000000' });
    expect(failed.status).toBe(303);
    const page = await browser.follow(failed);
    expect(page.status).toBe(401);
    expect(page.text).toContain('FG_LOGIN_FAILED');
    expect(page.text).toContain('You could not be signed in.');
    expect(sessionCookieOf(failed)).toBeUndefined();

    const restarted = await browser.post(formTo(page.text, '/login-actions/restart'));
    expect(restarted.status).toBe(303);
    const first = await browser.follow(restarted);
    expect(first.text).toContain('name="email"');
  });

  test("a client's flow that refuses everyone: 401 FG_LOGIN_FAILED with the flow's translated message", async () => {
    const browser = new TestBrowser(t.app);
    const page = await browser.start(`/realms/main/login?client_id=locked&redirect_uri=${encodeURIComponent(DEMO_REDIRECT)}`);
    expect(page.status).toBe(401);
    expect(page.text).toContain('No sign-in method is available for you yet.');
    expect(await t.events.query({ realm: 'main', type: 'LOGIN_ERROR' })).toEqual([expect.objectContaining({ error: 'access_denied', clientId: 'locked' })]);
  });

  test('try another way shows the chooser; a chosen way runs (and, failing, hands back to the others); restart starts over', async () => {
    const browser = new TestBrowser(t.app);
    const first = await browser.start();
    const chooserRedirect = await browser.post(formTo(first.text, '/login-actions/try-another-way'));
    expect(chooserRedirect.status).toBe(303);
    const chooser = await browser.follow(chooserRedirect);
    expect(chooser.text).toContain('Choose how to sign in');
    expect(chooser.text).toContain('value="browser/refuse"');

    const chosen = await browser.post(formTo(chooser.text, '/login-actions/select'), { choice: 'browser/refuse' });
    expect(chosen.status).toBe(303);
    // The refusing way failed; as an ALTERNATIVE it lets the next one run: the email step again.
    const back = await browser.follow(chosen);
    expect(back.status).toBe(200);
    expect(back.text).toContain('name="email"');
    expect(await t.events.query({ realm: 'main', type: 'LOGIN_ERROR' })).toEqual([expect.objectContaining({ error: 'access_denied' })]);

    const codePage = await browser.answer(back, { email: 'ann@example.com' });
    const restarted = await browser.follow(await browser.post(formTo(codePage.text, '/login-actions/restart')));
    expect(restarted.status).toBe(200);
    expect(restarted.text).toContain('name="email"');
  });

  test('a choice that is not on offer is refused with a way to continue', async () => {
    const browser = new TestBrowser(t.app);
    const first = await browser.start();
    const chooser = await browser.follow(await browser.post(formTo(first.text, '/login-actions/try-another-way')));
    const refused = await browser.post(formTo(chooser.text, '/login-actions/select'), { choice: 'browser/nothing' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('FG_SELECTION_NOT_ALLOWED');
    const resume = await browser.agent.get(formTo(refused.text, '/login-actions/restart').action.replace('restart', 'authenticate'));
    expect(resume.status).toBe(200);
  });
});
