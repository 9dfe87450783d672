import path from 'node:path';
import type request from 'supertest';
import { describeWithSmtpApp } from '../support/smtp-app';
import type { ReceivedMail } from '../support/smtp-sink';
import { DEMO_REDIRECT, formTo, JSON_ACCEPT, sessionCookieOf, TestBrowser } from './http-kit';

/**
 * #19 item 2 over HTTP, with magic-link and a real SMTP sink: strangers who type someone's address
 * spend their own budgets (per browser, per network) and at most the address's ceiling, never the
 * person's known devices' budget; known devices are remembered by a signed cookie, listed on the
 * account page and can be forgotten there. The budgets' and lockout's paths one by one:
 * authenticators/email-otp/send-budgets.test.ts.
 */

const FLOWS = path.join(__dirname, '..', 'fixtures', 'magic-link', 'flows');
const ANN = 'ann@example.com';
const DEVICE_COOKIE = 'fg_device_main';
const TOO_MANY = 'Too many emails were sent to this address.';

type Page = request.Response;

const pathOf = (url: string): string => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

function linkIn(mail: ReceivedMail): string {
  const match = /http:\/\/id\.example\.test\/realms\/main\/login-actions\/link\?key=[A-Za-z0-9_-]+/.exec(mail.parsed.text ?? '');
  if (!match) throw new Error(`no link in:\n${mail.parsed.text}`);
  return match[0];
}

const cookiesOf = (res: Page): string[] => (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];

describeWithSmtpApp('known devices and per-requester mail budgets (#19 item 2)', { flowsDir: FLOWS, plugins: [], config: { trustProxy: ['loopback'] } }, (suite) => {
  /** A browser whose requests come from `ip` (the test app trusts the loopback proxy's X-Forwarded-For). */
  function browserAt(ip: string): TestBrowser {
    const browser = new TestBrowser(suite.server);
    browser.agent.set('X-Forwarded-For', ip).set('User-Agent', 'TestBrowser/1.0');
    return browser;
  }

  /** Asks for a sign-in mail for `email` in `browser`: the waiting page. */
  async function ask(browser: TestBrowser, email = ANN): Promise<Page> {
    const page = await browser.answer(await browser.start(), { email });
    expect(page.status).toBe(200);
    expect(page.text).toContain('fg-page-magic-link');
    return page;
  }

  /** Follows the `n`-th mail's link in `browser` and confirms it there. */
  async function confirmLink(browser: TestBrowser, n: number): Promise<Page> {
    const shown = await browser.agent.get(pathOf(linkIn(await suite.nthMailTo(ANN, n))));
    return browser.post(formTo(shown.text, '/login-actions/link'));
  }

  const signedIn = (res: Page): boolean => res.status === 303 && res.headers['location'] === DEMO_REDIRECT && sessionCookieOf(res) !== undefined;
  // Again on a browser with a session: the sign-in keeps it (single sign-on), so no new session cookie.
  const signedInAgain = (res: Page): boolean => res.status === 303 && res.headers['location'] === DEMO_REDIRECT;
  const sent = async (): Promise<number> => (await suite.t.events.query({ realm: 'main', type: 'CODE_SENT' })).length;

  /** Ann signs in on her laptop: it becomes a known device. */
  async function annsLaptop(): Promise<TestBrowser> {
    const laptop = browserAt('203.0.113.5');
    await ask(laptop);
    const done = await confirmLink(laptop, 1);
    expect(signedIn(done)).toBe(true);
    const cookie = cookiesOf(done).find((c) => c.startsWith(`${DEVICE_COOKIE}=`));
    expect(cookie).toMatch(/^fg_device_main=[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}; Max-Age=31536000; Path=\/realms\/main; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
    return laptop;
  }

  it('100 anonymous sign-in starts from many browsers leave Ann a link on her known device, and mail on a new device within the ceiling', async () => {
    await suite.t.users.create({ email: ANN });
    const laptop = await annsLaptop();
    for (let i = 1; i <= 100; i++) await ask(browserAt(`198.51.100.${i}`));
    // The strangers' network got its 10; the other 90 were refused without mail.
    expect(await sent()).toBe(1 + 10);
    expect((await suite.t.events.query({ realm: 'main', type: 'LOGIN_ERROR' })).filter((e) => e.error === 'rate_limited')).toHaveLength(90);

    const phone = await ask(browserAt('192.0.2.7'));
    expect(phone.text).not.toContain(TOO_MANY);
    await suite.nthMailTo(ANN, 12);

    const again = await ask(laptop);
    expect(again.text).not.toContain(TOO_MANY);
    expect(signedInAgain(await confirmLink(laptop, 13))).toBe(true);
  });

  it('strangers on many networks can use up the ceiling for new devices, never the known device; forgetting it on the account page ends that', async () => {
    await suite.t.users.create({ email: ANN });
    const laptop = await annsLaptop();
    for (let n = 0; n < 10; n++) for (let i = 1; i <= 10; i++) await ask(browserAt(`10.0.${n}.${i}`));
    expect(await sent()).toBe(30);
    expect((await ask(browserAt('192.0.2.7'))).text).toContain(TOO_MANY);
    expect(await sent()).toBe(30);

    await suite.nthMailTo(ANN, 30);
    expect((await ask(laptop)).text).not.toContain(TOO_MANY);
    expect(signedInAgain(await confirmLink(laptop, 31))).toBe(true);

    // The account page lists the laptop as this browser, with a form to forget it (CSRF like every form).
    const account = await laptop.agent.get('/realms/main/account').set(JSON_ACCEPT);
    expect(account.body.devices).toEqual([expect.objectContaining({ current: true, userAgent: 'TestBrowser/1.0', forget: expect.objectContaining({ method: 'POST' }) })]);
    const page = await laptop.agent.get('/realms/main/account');
    expect(page.text).toContain('Remembered devices');
    const forget = formTo(page.text, '/account/devices/revoke');
    expect((await laptop.post(forget, { csrf: 'forged' })).status).toBe(403);
    const forgotten = await laptop.post(forget);
    expect(forgotten.status).toBe(303);
    expect(cookiesOf(forgotten).some((c) => c.startsWith(`${DEVICE_COOKIE}=;`))).toBe(true);
    expect((await suite.t.events.query({ realm: 'main', type: 'DEVICE_FORGOTTEN' })).length).toBe(1);
    expect((await laptop.agent.get('/realms/main/account').set(JSON_ACCEPT)).body.devices).toEqual([]);

    // Forgotten, the laptop is one more unknown browser: the spent ceiling holds it too.
    expect((await ask(laptop)).text).toContain(TOO_MANY);
  });

  it("a device id of someone else, or one Flowgate did not sign, makes no known device; forgetting another person's device changes nothing", async () => {
    await suite.t.users.create({ email: ANN });
    const laptop = await annsLaptop();
    const annDevice = (await laptop.agent.get('/realms/main/account').set(JSON_ACCEPT)).body.devices[0].id as string;
    const bob = await suite.t.users.create({ email: 'bob@example.com' });
    const bobs = browserAt('203.0.113.9');
    await ask(bobs, bob.email);
    const shown = await bobs.agent.get(pathOf(linkIn(await suite.nthMailTo(bob.email, 1))));
    expect(signedIn(await bobs.post(formTo(shown.text, '/login-actions/link')))).toBe(true);
    const page = await bobs.agent.get('/realms/main/account');
    expect((await bobs.post(formTo(page.text, '/account/devices/revoke'), { device: annDevice })).status).toBe(303);
    expect((await laptop.agent.get('/realms/main/account').set(JSON_ACCEPT)).body.devices).toHaveLength(1);

    // A planted, unsigned value is not a known device (and breaks nothing).
    const planted = browserAt('198.51.100.1');
    planted.agent.set('Cookie', `${DEVICE_COOKIE}=${annDevice}.${'A'.repeat(43)}`);
    for (let i = 0; i < 5; i++) expect((await ask(planted)).text).not.toContain(TOO_MANY);
    expect((await ask(planted)).text).toContain(TOO_MANY);
  });
});
