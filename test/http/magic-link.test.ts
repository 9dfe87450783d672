import path from 'node:path';
import type request from 'supertest';
import { TYPES } from '../../src/composition/container';
import { describeWithSmtpApp } from '../support/smtp-app';
import type { ReceivedMail } from '../support/smtp-sink';
import { DEMO_REDIRECT, formTo, rightNumberForm, sessionCookieOf, TestBrowser, unescapeHtml } from './http-kit';

const FLOWS = path.join(__dirname, '..', 'fixtures', 'magic-link', 'flows');
const ANN = 'ann@example.com';
const STRICT_LOGIN = `/realms/main/login?client_id=strict&redirect_uri=${encodeURIComponent(DEMO_REDIRECT)}`;
const PHRASE_LOGIN = `/realms/main/login?client_id=phrase&redirect_uri=${encodeURIComponent(DEMO_REDIRECT)}`;
const HERE_LOGIN = `/realms/main/login?client_id=here&redirect_uri=${encodeURIComponent(DEMO_REDIRECT)}`;

type Page = request.Response;

/** The link of a mail (text part), checked to be in the HTML part too. */
function linkIn(mail: ReceivedMail): string {
  const text = mail.parsed.text ?? '';
  const match = /http:\/\/id\.example\.test\/realms\/main\/login-actions\/link\?key=[A-Za-z0-9_-]+/.exec(text);
  if (!match) throw new Error(`no link in:\n${text}`);
  expect(unescapeHtml(String(mail.parsed.html))).toContain(`href="${match[0]}"`);
  return match[0];
}

/** The 6-digit code of a mail, checked to be in both parts. */
function codeIn(mail: ReceivedMail): string {
  const match = /\b(\d{6})\b/.exec(mail.parsed.text ?? '');
  if (!match) throw new Error(`no code in:\n${mail.parsed.text}`);
  expect(unescapeHtml(String(mail.parsed.html))).toContain(match[1]!);
  return match[1]!;
}

const pathOf = (url: string): string => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

function signedIn(res: Page): boolean {
  return res.status === 303 && res.headers['location'] === DEMO_REDIRECT && sessionCookieOf(res) !== undefined;
}

describeWithSmtpApp('magic-link over HTTP, with mail through a real SMTP sink', { flowsDir: FLOWS, plugins: [] }, (suite) => {
  const { mailsTo, nthMailTo } = suite;

  /** A new sign-in up to the waiting page. */
  async function waitingPage(email = ANN, login?: string): Promise<{ browser: TestBrowser; page: Page }> {
    const browser = new TestBrowser(suite.server);
    const page = await browser.answer(await browser.start(login), { email });
    expect(page.status).toBe(200);
    expect(page.text).toContain('fg-page-magic-link');
    return { browser, page };
  }

  const loginErrors = async (): Promise<string[]> =>
    (await suite.t.events.query({ realm: 'main', type: 'LOGIN_ERROR' })).map((e) => String(e.error)).reverse();

  it('mails a link and a code; GET and HEAD change nothing; the POST signs in; the link works once', async () => {
    const ann = await suite.t.users.create({ email: ANN, emailVerified: false });
    const { browser, page } = await waitingPage();
    expect(page.text).toMatch(/<script src="\/static\/poll\.js" defer data-status-url="\/realms\/main\/login-actions\/status\?tab_id(=|&#x3D;)[^"]+" data-poll-seconds="3">/);
    expect(page.text).not.toContain('http-equiv="refresh"');
    const mail = await nthMailTo(ANN, 1);
    expect(mail.parsed.subject).toBe('Your sign-in link');
    expect(mail.parsed.text).toContain('15 minutes');
    // The realm as people know it (its display name), not its id.
    expect(mail.parsed.text).toContain('Someone is signing in to Test realm with this email address.');
    codeIn(mail);
    const link = linkIn(mail);
    expect(page.text).not.toContain(new URL(link).searchParams.get('key'));

    const scanner = new TestBrowser(suite.server);
    const scanned = await scanner.agent.get(pathOf(link));
    expect(scanned.status).toBe(200);
    expect((await scanner.agent.head(pathOf(link))).status).toBe(200);
    const shown = await browser.agent.get(pathOf(link));
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('Continue signing in as a…@example.com.');
    expect((await suite.t.users.findById(ann.id))?.emailVerified).toBe(false);

    const confirm = formTo(shown.text, '/login-actions/link');
    const done = await browser.post(confirm);
    expect(signedIn(done)).toBe(true);
    expect((await suite.t.users.findById(ann.id))?.emailVerified).toBe(true);

    // The sign-in renewed the browser id, so this page's token is void; from a page that is not,
    // the used link is refused as such.
    expect((await browser.post(confirm)).status).toBe(403);
    const again = await scanner.post(formTo(scanned.text, '/login-actions/link'));
    expect(again.status).toBe(410);
    expect(again.text).toContain('FG_LINK_USED');
    expect(again.text).toContain('This link has already been used. Each link works only once.');
    expect(sessionCookieOf(again)).toBeUndefined();
    expect(await loginErrors()).toEqual(['used']);
  });

  it('a confirmation without the page\'s CSRF token is refused and leaves the link valid', async () => {
    await suite.t.users.create({ email: ANN });
    const { browser } = await waitingPage();
    const link = linkIn(await nthMailTo(ANN, 1));
    const confirm = formTo((await browser.agent.get(pathOf(link))).text, '/login-actions/link');
    const csrfField = Object.keys(confirm.fields).find((name) => /csrf/i.test(name));
    expect(csrfField).toBeDefined();
    const forged = await browser.post(confirm, { [csrfField!]: 'forged' });
    expect(forged.status).toBe(403);
    expect(sessionCookieOf(forged)).toBeUndefined();
    const missing = await browser.agent.post(confirm.action).type('form').send(Object.fromEntries(Object.entries(confirm.fields).filter(([name]) => name !== csrfField)));
    expect(missing.status).toBe(403);
    expect(signedIn(await browser.post(confirm))).toBe(true);
  });

  it('the flow goes on after the link: a later email-code step still runs before the sign-in ends', async () => {
    await suite.t.users.create({ email: ANN });
    const { browser } = await waitingPage(ANN, `/realms/main/login?client_id=second-factor&redirect_uri=${encodeURIComponent(DEMO_REDIRECT)}`);
    const confirm = formTo((await browser.agent.get(pathOf(linkIn(await nthMailTo(ANN, 1))))).text, '/login-actions/link');
    const next = await browser.post(confirm);
    expect(signedIn(next)).toBe(false);
    expect(next.status).toBe(303);
    const codePage = await browser.follow(next);
    expect(codePage.text).toContain('fg-page-email-otp');
    expect(sessionCookieOf(codePage)).toBeUndefined();
    const code = codeIn(await nthMailTo(ANN, 2));
    expect(signedIn(await browser.post(formTo(codePage.text, '/login-actions/authenticate'), { code }))).toBe(true);
  });

  it('a sign-in in German gets its mail in German, both parts', async () => {
    await suite.t.users.create({ email: ANN });
    await waitingPage(ANN, `${STRICT_LOGIN}&ui_locales=de`);
    const mail = await nthMailTo(ANN, 1);
    expect(mail.parsed.subject).toBe('Ihr Anmeldelink');
    expect(mail.parsed.text).toContain('Jemand meldet sich mit dieser E-Mail-Adresse bei Test realm an.');
    expect(unescapeHtml(String(mail.parsed.html))).toContain('Jemand meldet sich mit dieser E-Mail-Adresse bei Test realm an.');
    expect(mail.parsed.text).not.toContain('Someone is signing in');
    linkIn(mail);
    codeIn(mail);
  });

  it('with securityPhrase, the waiting page and both parts of the mail show the same phrase', async () => {
    await suite.t.users.create({ email: ANN });
    const { page } = await waitingPage(ANN, PHRASE_LOGIN);
    const shown = /The email shows the phrase “([a-z]+ [a-z]+)”/.exec(unescapeHtml(page.text));
    if (!shown) throw new Error(`no phrase on the waiting page:\n${page.text}`);
    const mail = await nthMailTo(ANN, 1);
    expect(mail.parsed.text).toContain(`Security phrase: ${shown[1]}.`);
    expect(unescapeHtml(String(mail.parsed.html))).toContain(`Security phrase: ${shown[1]}.`);
    linkIn(mail);
    codeIn(mail);
  });

  it('refuses an expired link and a tampered key; confirming the expired one is recorded', async () => {
    await suite.t.users.create({ email: ANN });
    const { browser } = await waitingPage();
    const link = linkIn(await nthMailTo(ANN, 1));
    const confirm = formTo((await browser.agent.get(pathOf(link))).text, '/login-actions/link');
    const tampered = link.replace(/key=(.)/, (_m, c: string) => `key=${c === 'A' ? 'B' : 'A'}`);
    const bad = await browser.agent.get(pathOf(tampered));
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('FG_LINK_NOT_FOUND');
    suite.t.clock.advanceSeconds(900);
    const expired = await browser.agent.get(pathOf(link));
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('FG_LINK_EXPIRED');
    // Showing a link records nothing (scanners follow links); confirming an expired one does.
    expect(await loginErrors()).toEqual([]);
    const posted = await browser.post(confirm);
    expect(posted.status).toBe(410);
    expect(posted.text).toContain('FG_LINK_EXPIRED');
    expect(await loginErrors()).toEqual(['expired']);
  });

  it('continue-original: confirmed in another browser, the first tab goes on when it reloads', async () => {
    await suite.t.users.create({ email: ANN });
    const { browser, page } = await waitingPage();
    const other = new TestBrowser(suite.server);
    const shown = await other.agent.get(pathOf(linkIn(await nthMailTo(ANN, 1))));
    const done = await other.post(rightNumberForm(shown.text, page.text));
    expect(done.status).toBe(200);
    expect(done.text).toContain('fg-page-link-done');
    expect(sessionCookieOf(done)).toBeUndefined();

    const reloaded = await browser.agent.get(formTo(page.text, '/login-actions/authenticate').action);
    expect(signedIn(reloaded)).toBe(true);
  });

  it('"I clicked the link" after the link was confirmed in another browser continues the first tab', async () => {
    await suite.t.users.create({ email: ANN });
    const { browser, page } = await waitingPage();
    const other = new TestBrowser(suite.server);
    const shown = await other.agent.get(pathOf(linkIn(await nthMailTo(ANN, 1))));
    expect((await other.post(rightNumberForm(shown.text, page.text))).text).toContain('fg-page-link-done');

    // The waiting page's form still names the step before the approval: it must continue, not expire.
    const clicked = await browser.answer(page, { action: 'continue' });
    expect(signedIn(clicked)).toBe(true);
  });

  it('"I clicked the link" before the link is confirmed says it has not been yet', async () => {
    await suite.t.users.create({ email: ANN });
    const { browser, page } = await waitingPage();
    const early = await browser.answer(page, { action: 'continue' });
    expect(early.status).toBe(200);
    expect(early.text).toContain('We have not seen the link confirmed yet.');
  });

  it('deny: a link confirmed in another browser is refused there, and the first tab still waits', async () => {
    await suite.t.users.create({ email: ANN });
    const { browser, page } = await waitingPage(ANN, STRICT_LOGIN);
    const other = new TestBrowser(suite.server);
    const shown = await other.agent.get(pathOf(linkIn(await nthMailTo(ANN, 1))));
    const refused = await other.post(formTo(shown.text, '/login-actions/link'));
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('only works in the browser where you asked for it');
    expect(await loginErrors()).toEqual(['wrong_browser_denied']);
    const reloaded = await browser.agent.get(formTo(page.text, '/login-actions/authenticate').action);
    expect(reloaded.status).toBe(200);
    expect(reloaded.text).toContain('fg-page-magic-link');
  });

  it('the code signs in on the first device, and then the link no longer works', async () => {
    await suite.t.users.create({ email: ANN });
    const { browser, page } = await waitingPage();
    const mail = await nthMailTo(ANN, 1);
    expect(signedIn(await browser.answer(page, { code: codeIn(mail) }))).toBe(true);
    expect((await new TestBrowser(suite.server).agent.get(pathOf(linkIn(mail)))).status).toBe(410);
  });

  it('five wrong codes kill the code', async () => {
    await suite.t.users.create({ email: ANN });
    let { browser, page } = await waitingPage();
    const code = codeIn(await nthMailTo(ANN, 1));
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) page = await browser.answer(page, { code: wrong });
    expect(page.text).toContain('Too many wrong codes.');
    expect(signedIn(await browser.answer(page, { code }))).toBe(false);
    expect(await loginErrors()).toEqual(['invalid_code', 'invalid_code', 'invalid_code', 'invalid_code', 'too_many_attempts', 'too_many_attempts']);
  });

  it('resend waits for the cooldown, and a new mail replaces the old link', async () => {
    await suite.t.users.create({ email: ANN });
    let { browser, page } = await waitingPage();
    const first = linkIn(await nthMailTo(ANN, 1));
    page = await browser.answer(page, { action: 'resend' });
    expect(page.text).toContain('Please wait 60 seconds before asking for another email.');
    suite.t.clock.advanceSeconds(60);
    page = await browser.answer(page, { action: 'resend' });
    expect(page.text).toContain('We sent a new email.');
    const second = linkIn(await nthMailTo(ANN, 2));
    expect((await browser.agent.get(pathOf(first))).status).toBe(410);
    expect((await browser.agent.get(pathOf(second))).status).toBe(200);
  });

  it('refuses sends past maxSendsPerHour without sending, and says when to retry', async () => {
    await suite.t.users.create({ email: ANN });
    let { browser, page } = await waitingPage(ANN, STRICT_LOGIN);
    page = await browser.answer(page, { action: 'resend' });
    await nthMailTo(ANN, 2);
    page = await browser.answer(page, { action: 'resend' });
    expect(page.text).toContain('Too many emails were sent to this address. Try again in');
    expect(await loginErrors()).toEqual(['rate_limited']);
    // A mail is written to the outbox within the request that sends it, and only the outbox's rows
    // are ever delivered: two rows now means no third mail is on its way.
    const queued = await suite.t.container.get(TYPES.MailService).list();
    expect(queued.map((m) => [m.to, m.template])).toEqual([[ANN, 'magic-link'], [ANN, 'magic-link']]);
    expect(mailsTo(ANN)).toHaveLength(2);
  });

  it('forceCreateUser on: the link mailed to an unknown address creates the verified account', async () => {
    const { browser } = await waitingPage('new@example.com');
    const mail = await nthMailTo('new@example.com', 1);
    codeIn(mail);
    expect(await suite.t.users.findByEmail('new@example.com')).toBeUndefined();
    const shown = await browser.agent.get(pathOf(linkIn(mail)));
    expect(await suite.t.users.findByEmail('new@example.com')).toBeUndefined();
    expect(signedIn(await browser.post(formTo(shown.text, '/login-actions/link')))).toBe(true);
    const created = await suite.t.users.findByEmail('new@example.com');
    expect(created?.emailVerified).toBe(true);
    expect((await suite.t.events.query({ realm: 'main', type: 'REGISTER' })).map((e) => e.details)).toEqual([expect.objectContaining({ method: 'magic-link' })]);
  });

  it('forceCreateUser on: the code of that mail creates the account too', async () => {
    const { browser, page } = await waitingPage('new@example.com');
    expect(signedIn(await browser.answer(page, { code: codeIn(await nthMailTo('new@example.com', 1)) }))).toBe(true);
    expect((await suite.t.users.findByEmail('new@example.com'))?.emailVerified).toBe(true);
  });

  it('sign-in-here: the browser that confirms is signed in; the first tab\'s page and status say it moved on', async () => {
    await suite.t.users.create({ email: ANN });
    const { browser, page } = await waitingPage(ANN, HERE_LOGIN);
    const statusUrl = /data-status-url="([^"]+)"/.exec(page.text)![1]!.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
    const other = new TestBrowser(suite.server);
    const shown = await other.agent.get(pathOf(linkIn(await nthMailTo(ANN, 1))));
    expect(signedIn(await other.post(formTo(shown.text, '/login-actions/link')))).toBe(true);

    const status = await browser.agent.get(statusUrl).set('Accept', 'application/json');
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ type: 'status', changed: true });
    const moved = await browser.agent.get(formTo(page.text, '/login-actions/authenticate').action);
    expect(moved.status).toBe(409);
    expect(moved.text).toContain('FG_SIGN_IN_MOVED');
    expect(moved.text).toContain('This sign-in continued on another device');
    expect(sessionCookieOf(moved)).toBeUndefined();
    expect((await suite.t.events.query({ realm: 'main', type: 'LOGIN' })).length).toBe(1);
  });

  it('forceCreateUser off: known and unknown addresses get the same page; only the known one gets mail delivered', async () => {
    await suite.t.users.create({ email: ANN });
    const known = await waitingPage(ANN, STRICT_LOGIN);
    const unknown = await waitingPage('nobody@example.com', STRICT_LOGIN);
    const strip = (html: string): string => html.replace(/value="[^"]*"/g, '').replace(/tab_id&#x3D;[A-Za-z0-9_-]+/g, 'tab_id').replace(/(ann|nobody)@example\.com/g, 'X');
    expect(unknown.page.status).toBe(known.page.status);
    expect(strip(unknown.page.text)).toBe(strip(known.page.text));
    await nthMailTo(ANN, 1);
    expect(mailsTo('nobody@example.com')).toHaveLength(0);
    expect(await suite.t.users.findByEmail('nobody@example.com')).toBeUndefined();
    // The unknown address's mail was rendered and stored as well (the same work), never to be sent.
    const outbox = suite.t.container.get(TYPES.MailService);
    expect((await outbox.list({ status: 'withheld' })).map((m) => m.to)).toEqual(['nobody@example.com']);
  });

  it('of 20 concurrent confirmations of one link exactly one signs in', async () => {
    await suite.t.users.create({ email: ANN });
    const { browser } = await waitingPage();
    const confirm = formTo((await browser.agent.get(pathOf(linkIn(await nthMailTo(ANN, 1))))).text, '/login-actions/link');
    const results = await Promise.all(Array.from({ length: 20 }, () => browser.post(confirm)));
    expect(results.filter(signedIn)).toHaveLength(1);
    expect(results.filter((r) => r.status === 410)).toHaveLength(19);
    // One session stored and one LOGIN recorded, not merely one response that looked like it.
    const ann = (await suite.t.users.findByEmail(ANN))!;
    expect(await suite.t.container.get(TYPES.UserSessionStore).listForUser('main', ann.id)).toHaveLength(1);
    expect(await suite.t.events.query({ realm: 'main', type: 'LOGIN' })).toHaveLength(1);
  });
});
