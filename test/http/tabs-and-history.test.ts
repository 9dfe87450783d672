import type { ErrorDocument, StepDocument } from '../../src/http/contracts';
import { createTestApp, type TestApp } from '../support/test-app';
import { DEMO_REDIRECT, JSON_ACCEPT, JsonClient, TestBrowser, formTo } from './http-kit';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  await t.users.create({ email: 'ann@example.com' });
  await t.users.create({ email: 'bob@example.com' });
});
afterEach(() => t.close());

/** The path and query of the URL a response was fetched from. */
const pathOf = (res: { request: { url: string } }): string => res.request.url.replace(/^https?:\/\/[^/]+/, '');

describe('tabs, back button and refresh', () => {
  test('two tabs of one browser sign in independently; after one signs in, the other goes on once reloaded', async () => {
    const browser = new TestBrowser(t.app);
    const tab1 = await browser.start();
    const tab2 = await browser.start();
    expect(pathOf(tab1)).not.toBe(pathOf(tab2));

    const code2 = await browser.answer(tab2, { email: 'bob@example.com' });
    // Tab 1 is still at its own first step, and answering it does not disturb tab 2.
    const code1 = await browser.answer(tab1, { email: 'bob@example.com' });
    expect(code1.text).toContain('name="code"');
    const done1 = await browser.post(formTo(code1.text, '/login-actions/authenticate'), { code: '000000' });
    expect(done1.headers['location']).toBe(DEMO_REDIRECT);
    // The sign-in gave the browser a new id: the form tab 2 showed before is refused, its reload works.
    const old = await browser.post(formTo(code2.text, '/login-actions/authenticate'), { code: '000000' });
    expect(old.status).toBe(403);
    expect(old.text).toContain('FG_CSRF_INVALID');
    const reloaded = await browser.agent.get(pathOf(code2));
    const done2 = await browser.post(formTo(reloaded.text, '/login-actions/authenticate'), { code: '000000' });
    expect(done2.headers['location']).toBe(DEMO_REDIRECT);

    const bob = await t.users.findByEmail('bob@example.com');
    const logins = await t.events.query({ realm: 'main', type: 'LOGIN' });
    expect(logins.map((e) => e.userId)).toEqual([bob!.id, bob!.id]);
  });

  test("a tab where someone else was identified does not follow the browser's new id: it is not found", async () => {
    const browser = new TestBrowser(t.app);
    const tab1 = await browser.start();
    const bobs = await browser.answer(await browser.start(), { email: 'bob@example.com' });
    await browser.post(formTo((await browser.answer(tab1, { email: 'ann@example.com' })).text, '/login-actions/authenticate'), { code: '000000' });
    const lost = await browser.agent.get(pathOf(bobs));
    expect(lost.status).toBe(400);
    expect(lost.text).toContain('FG_AUTH_SESSION_NOT_FOUND');
  });

  test('refresh re-renders the current step; back (an earlier step URL) shows the CURRENT step, not the old one', async () => {
    const browser = new TestBrowser(t.app);
    const first = await browser.start();
    const firstUrl = pathOf(first);
    const code = await browser.answer(first, { email: 'ann@example.com' });

    const refreshed = await browser.agent.get(pathOf(code));
    expect(refreshed.status).toBe(200);
    expect(refreshed.text).toContain('name="code"');

    const back = await browser.agent.get(firstUrl);
    expect(firstUrl).toContain('execution=browser%2Fforms%2Fidentify-email');
    expect(back.status).toBe(200);
    expect(back.text).toContain('name="code"');
    expect(back.text).not.toContain('name="email"');
  });

  test('a stale POST (the back button, then the old form sent again) gets page-expired 409 with continue and start again', async () => {
    const browser = new TestBrowser(t.app);
    const first = await browser.start();
    const oldForm = formTo(first.text, '/login-actions/authenticate');
    await browser.answer(first, { email: 'ann@example.com' });

    const stale = await browser.post(oldForm, { email: 'bob@example.com' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('This page has expired');
    const continueLink = /href="([^"]*login-actions\/authenticate[^"]*)"/.exec(stale.text)?.[1];
    expect(continueLink).toBeDefined();
    const resumed = await browser.agent.get(continueLink!.replace(/&amp;/g, '&').replace(/&#x3D;/g, '='));
    expect(resumed.text).toContain('name="code"');
    expect(formTo(stale.text, '/login-actions/restart')).toBeDefined();
  });

  test('a replayed POST after success is page-expired (FG_FLOW_FINISHED) in JSON too, and creates nothing', async () => {
    const client = new JsonClient(t.app);
    const first = await client.start();
    const code = (await client.submit(first, { email: 'ann@example.com' })).body as StepDocument;
    expect((await client.submit(code, { code: '000000' })).status).toBe(200);

    // The sign-in rotated the browser id, so the old page's token is refused first...
    expect((await client.submit(code, { code: '000000' })).body).toMatchObject({ code: 'FG_CSRF_INVALID' });
    // ...and with the token of the new id, the replay is page-expired.
    const csrf = ((await client.agent.get('/realms/main/logout').set(JSON_ACCEPT)).body as { actions: { signOut: { fields: { csrf: string } } } }).actions.signOut.fields.csrf;
    const fields = code.actions.submit.fields;
    const replay = await client.agent.post(code.actions.submit.href).set(JSON_ACCEPT).send({ ...fields, csrf, code: '000000' });
    expect(replay.status).toBe(409);
    expect(replay.body).toMatchObject<Partial<ErrorDocument>>({ type: 'error', code: 'FG_FLOW_FINISHED', actions: { continue: expect.anything(), restart: expect.anything() } });
    expect(await t.events.query({ realm: 'main', type: 'LOGIN' })).toHaveLength(1);
  });

  test('GET of a finished step while signed in goes on to the client; "start again" opens a new sign-in', async () => {
    const browser = new TestBrowser(t.app);
    const first = await browser.start();
    const code = await browser.answer(first, { email: 'ann@example.com' });
    await browser.post(formTo(code.text, '/login-actions/authenticate'), { code: '000000' });

    const back = await browser.agent.get(pathOf(code));
    expect(back.status).toBe(303);
    expect(back.headers['location']).toBe(DEMO_REDIRECT);

    // Start again on a finished tab: a fresh sign-in with the same client, which SSO finishes at
    // once. The old page's token died with the browser id the sign-in replaced; a current one works.
    const restart = formTo(code.text, '/login-actions/restart');
    expect((await browser.post(restart)).status).toBe(403);
    const { csrf } = formTo((await browser.agent.get('/realms/main/logout')).text, '/logout').fields;
    const again = await browser.post({ action: restart.action, fields: { csrf: csrf! } });
    expect(again.status).toBe(303);
    expect(again.headers['location']).toBe(DEMO_REDIRECT);
  });

  test('GET of a finished step after signing out is page-expired; "start again" asks for the email anew', async () => {
    const browser = new TestBrowser(t.app);
    const code = await browser.answer(await browser.start(), { email: 'ann@example.com' });
    await browser.post(formTo(code.text, '/login-actions/authenticate'), { code: '000000' });
    await browser.post(formTo((await browser.agent.get('/realms/main/logout')).text, '/realms/main/logout'));

    const back = await browser.agent.get(pathOf(code));
    expect(back.status).toBe(409);
    expect(back.text).toContain('This page has expired');
    expect(back.headers['content-security-policy']).toContain("form-action 'self' http://localhost:3000");
    const fresh = await browser.post(formTo(back.text, '/login-actions/restart'));
    expect(fresh.status).toBe(303);
    const first = await browser.follow(fresh);
    expect(first.text).toContain('name="email"');
    expect(pathOf(first)).not.toContain(new URL(pathOf(code), 'http://x').searchParams.get('tab_id')!);
  });

  test('a sign-in older than the login timeout restarts by itself, same client, with a message', async () => {
    const browser = new TestBrowser(t.app);
    const first = await browser.start();
    const code = await browser.answer(first, { email: 'ann@example.com' });
    t.clock.advanceSeconds(601);

    const late = await browser.post(formTo(code.text, '/login-actions/authenticate'), { code: '000000' });
    expect(late.status).toBe(303);
    const restarted = await browser.follow(late);
    expect(restarted.status).toBe(200);
    expect(restarted.text).toContain('name="email"');
    expect(restarted.text).toContain('The sign-in took too long');
    // The message stays on a refresh of that step, and the restarted sign-in still returns to the client.
    expect((await browser.agent.get(pathOf(restarted))).text).toContain('The sign-in took too long');
    const codeAgain = await browser.answer(restarted, { email: 'ann@example.com' });
    expect(codeAgain.text).not.toContain('The sign-in took too long');
    const done = await browser.post(formTo(codeAgain.text, '/login-actions/authenticate'), { code: '000000' });
    expect(done.headers['location']).toBe(DEMO_REDIRECT);
  });

  test('the login timeout restart in JSON answers with the new first step and the message', async () => {
    const client = new JsonClient(t.app);
    const first = await client.start();
    t.clock.advanceSeconds(601);
    const late = await client.submit(first, { email: 'ann@example.com' });
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ type: 'step', view: 'identify-email', messages: [{ kind: 'error', key: 'error.loginTimeout', text: expect.stringContaining('took too long') }] });
    const code = await client.submit(late.body as StepDocument, { email: 'ann@example.com' });
    expect(code.body).toMatchObject({ view: 'fixed-code' });
  });

  test("another browser's tab, and a made-up one, are 'not found' (no step shown, nothing changed)", async () => {
    const alice = new TestBrowser(t.app);
    const first = await alice.start();
    const mallory = new TestBrowser(t.app);
    await mallory.start(); // Mallory has a browser id of her own

    const peek = await mallory.agent.get(pathOf(first));
    expect(peek.status).toBe(400);
    expect(peek.text).toContain('FG_AUTH_SESSION_NOT_FOUND');
    expect(peek.text).not.toContain('name="email"');

    const json = await mallory.agent.get(pathOf(first)).set(JSON_ACCEPT);
    expect(json.body).toMatchObject({ code: 'FG_AUTH_SESSION_NOT_FOUND', actions: { restart: { method: 'GET', href: '/realms/main/login' } } });

    expect((await alice.agent.get('/realms/main/login-actions/authenticate?tab_id=nope')).status).toBe(400);
    expect((await alice.agent.get('/realms/main/login-actions/authenticate')).status).toBe(400);
    // Alice's own tab is untouched.
    expect((await alice.agent.get(pathOf(first))).text).toContain('name="email"');
  });
});
