import { createTestApp, type TestApp } from '../support/test-app';
import { DEMO_LOGIN, DEMO_REDIRECT, JSON_ACCEPT, TestBrowser, formTo, formsOf } from './http-kit';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  await t.users.create({ email: 'ann@example.com' });
});
afterEach(() => t.close());

describe('user sessions: SSO, the account page, signing out', () => {
  test('success -> cookie -> second sign-in needs no page -> account lists the session -> logout revokes it for good', async () => {
    const browser = new TestBrowser(t.app);
    expect((await browser.signIn('ann@example.com')).headers['location']).toBe(DEMO_REDIRECT);

    // SSO: the cookie authenticator finishes the second sign-in at once, without a page.
    const sso = await browser.agent.get(DEMO_LOGIN);
    expect(sso.status).toBe(303);
    expect(sso.headers['location']).toBe(DEMO_REDIRECT);
    expect(sso.headers['set-cookie'] ?? []).not.toContainEqual(expect.stringMatching(/^fg_session_main=/));
    const logins = await t.events.query({ realm: 'main', type: 'LOGIN' });
    expect(logins.map((e) => e.details)).toEqual([{ flow: 'browser', sso: true }, { flow: 'browser', sso: false }]);

    const account = await browser.agent.get('/realms/main/account');
    expect(account.status).toBe(200);
    expect(account.headers['cache-control']).toBe('no-store');
    expect(account.text).toContain('ann@example.com');
    expect(account.text).toContain('This browser');
    expect(formsOf(account.text).filter((f) => f.action.endsWith('/account/sessions/revoke'))).toHaveLength(1);

    const confirm = await browser.agent.get('/realms/main/logout');
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('Sign out?');
    // A GET alone signs nobody out.
    expect((await browser.agent.get('/realms/main/account')).status).toBe(200);

    const out = await browser.post(formTo(confirm.text, '/realms/main/logout'));
    expect(out.status).toBe(200);
    expect(out.text).toContain('You have signed out');
    expect(out.headers['set-cookie']).toContainEqual(expect.stringMatching(/^fg_session_main=; Path=\/realms\/main; Expires=Thu, 01 Jan 1970/));
    const ann = await t.users.findByEmail('ann@example.com');
    expect(await t.events.query({ realm: 'main', type: 'LOGOUT' })).toEqual([expect.objectContaining({ userId: ann!.id, details: expect.objectContaining({ from: 'logout' }) })]);

    // The old cookie no longer works, even presented again by hand.
    const stolen = /fg_session_main=([^;]+)/.exec(String(account.request.cookies))?.[1];
    expect(stolen).toBeDefined();
    const replay = await new TestBrowser(t.app).agent.get('/realms/main/account').set('Cookie', `fg_session_main=${stolen}`);
    expect(replay.status).toBe(303);
    expect(replay.headers['location']).toBe('/realms/main/login');
    // And a new sign-in asks for the email again (no SSO).
    const again = await browser.agent.get(DEMO_LOGIN);
    expect(again.headers['location']).toContain('/login-actions/authenticate');
  });

  test('the account page: not signed in -> 303 to the sign-in (JSON: 401 FG_NOT_SIGNED_IN)', async () => {
    const browser = new TestBrowser(t.app);
    const page = await browser.agent.get('/realms/main/account');
    expect(page.status).toBe(303);
    expect(page.headers['location']).toBe('/realms/main/login');
    const json = await browser.agent.get('/realms/main/account').set(JSON_ACCEPT);
    expect(json.status).toBe(401);
    expect(json.body).toMatchObject({ code: 'FG_NOT_SIGNED_IN' });
  });

  test('signing out one other session from the account page, then everywhere', async () => {
    const laptop = new TestBrowser(t.app);
    const phone = new TestBrowser(t.app);
    await laptop.signIn('ann@example.com');
    await phone.signIn('ann@example.com');

    const account = await laptop.agent.get('/realms/main/account').set(JSON_ACCEPT);
    expect(account.body.sessions).toHaveLength(2);
    const other = (account.body.sessions as Array<{ current: boolean; signOut: { href: string; fields: Record<string, string> } }>).find((s) => !s.current)!;
    const revoked = await laptop.agent.post(other.signOut.href).type('form').send(other.signOut.fields);
    expect(revoked.status).toBe(303);
    expect(revoked.headers['location']).toBe('/realms/main/account');
    expect((await phone.agent.get('/realms/main/account')).status).toBe(303);
    expect((await laptop.agent.get('/realms/main/account').set(JSON_ACCEPT)).body.sessions).toHaveLength(1);

    // Someone else's session id changes nothing.
    const eve = new TestBrowser(t.app);
    await t.users.create({ email: 'eve@example.com' });
    await eve.signIn('eve@example.com');
    const eveAccount = (await eve.agent.get('/realms/main/account').set(JSON_ACCEPT)).body;
    const mine = (await laptop.agent.get('/realms/main/account').set(JSON_ACCEPT)).body.sessions[0];
    await eve.agent.post(eveAccount.sessions[0].signOut.href).type('form').send({ ...eveAccount.sessions[0].signOut.fields, session: mine.id });
    expect((await laptop.agent.get('/realms/main/account')).status).toBe(200);

    await phone.signIn('ann@example.com');
    const page = await laptop.agent.get('/realms/main/account');
    const everywhere = await laptop.post(formTo(page.text, '/account/sessions/revoke-all'));
    expect(everywhere.status).toBe(200);
    expect(everywhere.text).toContain('You have signed out');
    expect((await phone.agent.get('/realms/main/account')).status).toBe(303);
    expect((await laptop.agent.get('/realms/main/account')).status).toBe(303);
    expect((await eve.agent.get('/realms/main/account')).status).toBe(200);
    const logouts = await t.events.query({ realm: 'main', type: 'LOGOUT' });
    expect(logouts.map((e) => e.details?.['everywhere'] ?? false)).toEqual([true, false]);
  });

  test('a session ends after 30 idle minutes; use keeps it alive up to 10 hours', async () => {
    const browser = new TestBrowser(t.app);
    await browser.signIn('ann@example.com');
    for (let i = 0; i < 20; i++) {
      t.clock.advanceSeconds(29 * 60);
      expect((await browser.agent.get('/realms/main/account')).status).toBe(200);
    }
    t.clock.advanceSeconds(29 * 60); // past 10 hours since sign-in, though used 29 minutes ago
    expect((await browser.agent.get('/realms/main/account')).status).toBe(303);

    await browser.signIn('ann@example.com');
    t.clock.advanceSeconds(31 * 60);
    expect((await browser.agent.get('/realms/main/account')).status).toBe(303);
    const again = await browser.agent.get(DEMO_LOGIN);
    expect(again.headers['location']).toContain('/login-actions/authenticate');
  });

  test('with sessionIdleSeconds 60, a session used every 20 seconds stays signed in (the idle expiry slides), and ends a minute after the last use', async () => {
    const short = await createTestApp({ config: { sessionIdleSeconds: 60 } });
    try {
      await short.users.create({ email: 'ann@example.com' });
      const browser = new TestBrowser(short.app);
      await browser.signIn('ann@example.com');
      for (let use = 1; use <= 15; use++) {
        short.clock.advanceSeconds(20);
        expect({ use, status: (await browser.agent.get('/realms/main/account')).status }).toEqual({ use, status: 200 });
      }
      short.clock.advanceSeconds(61);
      expect((await browser.agent.get('/realms/main/account')).status).toBe(303);
    } finally {
      await short.close();
    }
  });

  test('signing in as someone else in the same browser (another tab) replaces the first session', async () => {
    await t.users.create({ email: 'bob@example.com' });
    const browser = new TestBrowser(t.app);
    const bobsTab = await browser.start();
    await browser.signIn('ann@example.com');
    const annsCookie = /fg_session_main=([^;]+)/.exec(String((await browser.agent.get('/realms/main/account')).request.cookies))?.[1];

    // Bob's tab follows the browser's new id (nobody was identified in it yet); reloaded, its form carries the new token.
    const code = await browser.answer(await browser.agent.get(bobsTab.request.url.replace(/^https?:\/\/[^/]+/, '')), { email: 'bob@example.com' });
    await browser.post(formTo(code.text, '/login-actions/authenticate'), { code: '000000' });
    const account = await browser.agent.get('/realms/main/account').set(JSON_ACCEPT);
    expect(account.body.user.email).toBe('bob@example.com');
    const replay = await new TestBrowser(t.app).agent.get('/realms/main/account').set('Cookie', `fg_session_main=${annsCookie}`);
    expect(replay.status).toBe(303);
  });
});
