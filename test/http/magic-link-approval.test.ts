import path from 'node:path';
import type request from 'supertest';
import { describeWithSmtpApp } from '../support/smtp-app';
import type { ReceivedMail } from '../support/smtp-sink';
import { approvalNumberIn, DEMO_REDIRECT, formsOf, formTo, JSON_ACCEPT, numberFormsOf, rightNumberForm, sessionCookieOf, TestBrowser } from './http-kit';

// Number matching and "This wasn't me" on a magic link's page opened in another browser (#19 item 1).
const FLOWS = path.join(__dirname, '..', 'fixtures', 'magic-link', 'flows');
const ANN = 'ann@example.com';
const login = (client: string, extra = ''): string => `/realms/main/login?client_id=${client}&redirect_uri=${encodeURIComponent(DEMO_REDIRECT)}${extra}`;
const FIREFOX_ON_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';

type Page = request.Response;

function linkPathIn(mail: ReceivedMail): string {
  const match = /http:\/\/id\.example\.test(\/realms\/main\/login-actions\/link\?key=[A-Za-z0-9_-]+)/.exec(mail.parsed.text ?? '');
  if (!match) throw new Error(`no link in:\n${mail.parsed.text}`);
  return match[1]!;
}

const signedIn = (res: Page): boolean => res.status === 303 && res.headers['location'] === DEMO_REDIRECT && sessionCookieOf(res) !== undefined;

describeWithSmtpApp('magic link opened in another browser: number matching and "This wasn\'t me"', { flowsDir: FLOWS, plugins: [] }, (suite) => {
  const { nthMailTo } = suite;

  /** The attacker's (or the person's own) tab: a sign-in for Ann up to the waiting page. */
  async function waiting(client = 'demo', userAgent = FIREFOX_ON_WINDOWS, extra = ''): Promise<{ browser: TestBrowser; page: Page }> {
    const browser = new TestBrowser(suite.server);
    browser.agent.set('User-Agent', userAgent);
    const page = await browser.answer(await browser.start(login(client, extra)), { email: ANN });
    expect(page.text).toContain('fg-page-magic-link');
    return { browser, page };
  }

  /** The person's browser opening the mail's link. */
  async function openLink(n = 1): Promise<{ other: TestBrowser; shown: Page }> {
    const other = new TestBrowser(suite.server);
    const shown = await other.agent.get(linkPathIn(await nthMailTo(ANN, n)));
    expect(shown.status).toBe(200);
    return { other, shown };
  }

  const loginErrors = async (): Promise<string[]> => (await suite.t.events.query({ realm: 'main', type: 'LOGIN_ERROR' })).map((e) => String(e.error));
  const reload = (browser: TestBrowser, page: Page): Promise<Page> => browser.agent.get(formTo(page.text, '/login-actions/authenticate').action);

  beforeEach(async () => {
    await suite.t.users.create({ email: ANN });
  });

  it('the waiting page shows a number; the other browser picks it among three, sees where the sign-in started, and the waiting tab is signed in', async () => {
    const { browser, page } = await waiting();
    const number = approvalNumberIn(page.text);
    expect(number).toMatch(/^\d{2}$/);
    const { other, shown } = await openLink();
    const numbers = [...numberFormsOf(shown.text).keys()];
    expect(numbers).toHaveLength(3);
    expect(new Set(numbers).size).toBe(3);
    expect(numbers).toContain(number);
    expect(shown.text).toContain('Where this sign-in started');
    expect(shown.text).toContain('Firefox on Windows');
    expect(shown.text).toMatch(/<time datetime="\d{4}-\d\d-\d\dT/);
    expect(shown.text).toContain('This wasn&#x27;t me');
    // No location line: no local database of networks is configured (none is ever asked outside).
    expect(shown.text).not.toMatch(/Location|Standort/);
    // No plain "Continue": only a number approves from here.
    expect(formsOf(shown.text).filter((f) => f.action.includes('/login-actions/link?') && f.fields['number'] === undefined)).toEqual([]);

    const done = await other.post(rightNumberForm(shown.text, page.text));
    expect(done.text).toContain('fg-page-link-done');
    expect(signedIn(await reload(browser, page))).toBe(true);
  });

  it('a wrong pick spends the link, records approval_mismatch, and both pages say the sign-in was stopped', async () => {
    const { browser, page } = await waiting();
    const { other, shown } = await openLink();
    const [wrong] = [...numberFormsOf(shown.text).entries()].find(([n]) => n !== approvalNumberIn(page.text))!;
    const picked = await other.post(numberFormsOf(shown.text).get(wrong)!);
    expect(picked.status).toBe(409);
    expect(picked.text).toContain('FG_APPROVAL_MISMATCH');
    expect(picked.text).toContain('That is not the number the sign-in page showed');
    expect(sessionCookieOf(picked)).toBeUndefined();
    expect(await loginErrors()).toEqual(['approval_mismatch']);

    const stopped = await reload(browser, page);
    expect(stopped.status).toBe(409);
    expect(stopped.text).toContain('FG_APPROVAL_MISMATCH');
    expect(stopped.text).toContain('the number picked on the device that opened the email');
    expect(sessionCookieOf(stopped)).toBeUndefined();
    // The right number cannot be tried after a wrong one.
    expect((await other.post(rightNumberForm(shown.text, page.text))).status).toBe(410);
  });

  it.each([
    ['no number', {}],
    ['a number that is not one', { number: '<b>7</b>' }],
    ['a long one', { number: '9'.repeat(5000) }],
  ])('a confirmation with %s is a mismatch, never a 500', async (_name, fields) => {
    await waiting();
    const { other, shown } = await openLink();
    const form = [...numberFormsOf(shown.text).values()][0]!;
    const { number: _dropped, ...hidden } = form.fields;
    const res = await other.agent.post(form.action).type('form').send({ ...hidden, ...fields });
    expect(res.status).toBe(409);
    expect(res.text).toContain('FG_APPROVAL_MISMATCH');
    expect(res.text).not.toContain('&lt;b&gt;7');
    expect(await loginErrors()).toEqual(['approval_mismatch']);
  });

  it('"This wasn\'t me" ends the waiting sign-in, records it, and the waiting tab says so', async () => {
    const { browser, page } = await waiting();
    const { other, shown } = await openLink();
    const rejected = await other.post(formTo(shown.text, '/login-actions/reject-link'));
    expect(rejected.status).toBe(200);
    expect(rejected.text).toContain('fg-page-link-rejected');
    expect(rejected.text).toContain('Sign-in cancelled');
    const ann = await suite.t.users.findByEmail(ANN);
    expect(await suite.t.events.query({ realm: 'main', type: 'LOGIN_ERROR' })).toEqual([expect.objectContaining({ error: 'sign_in_rejected', userId: ann!.id })]);

    const cancelled = await reload(browser, page);
    expect(cancelled.status).toBe(409);
    expect(cancelled.text).toContain('FG_SIGN_IN_REJECTED');
    expect(cancelled.text).toContain('said it was not them');
    // The link is spent: neither a number nor a second "This wasn't me" works.
    expect((await other.post(rightNumberForm(shown.text, page.text))).status).toBe(410);
    expect((await other.post(formTo(shown.text, '/login-actions/reject-link'))).status).toBe(410);
  });

  it('"This wasn\'t me" needs the page\'s CSRF token', async () => {
    await waiting();
    const { other, shown } = await openLink();
    const form = formTo(shown.text, '/login-actions/reject-link');
    const res = await other.agent.post(form.action).type('form').send({ ...form.fields, csrf: 'forged' });
    expect(res.status).toBe(403);
    expect(await loginErrors()).toEqual([]);
  });

  it('in the browser that asked: no numbers, no origin, no "This wasn\'t me"; Continue signs in', async () => {
    const { browser } = await waiting();
    const shown = await browser.agent.get(linkPathIn(await nthMailTo(ANN, 1)));
    expect(numberFormsOf(shown.text).size).toBe(0);
    expect(shown.text).not.toContain('Where this sign-in started');
    expect(shown.text).not.toContain('reject-link');
    expect(signedIn(await browser.post(formTo(shown.text, '/login-actions/link')))).toBe(true);
  });

  it.each([
    ['sign-in-here', 'here'],
    ['deny', 'strict'],
  ])('%s: no number on either page, but where it started and "This wasn\'t me" are there', async (_mode, client) => {
    const { page } = await waiting(client);
    expect(approvalNumberIn(page.text)).toBeUndefined();
    const { shown } = await openLink();
    expect(numberFormsOf(shown.text).size).toBe(0);
    expect(shown.text).toContain('Firefox on Windows');
    expect(shown.text).toContain('reject-link');
  });

  it('JSON faces: the step carries approvalNumber; the link document the choices, the origin and the reject action', async () => {
    const { browser, page } = await waiting();
    const step = await browser.agent.get(formTo(page.text, '/login-actions/authenticate').action).set(JSON_ACCEPT);
    expect(step.body.approvalNumber).toBe(Number(approvalNumberIn(page.text)));
    const other = new TestBrowser(suite.server);
    const doc = await other.agent.get(linkPathIn(await nthMailTo(ANN, 1))).set(JSON_ACCEPT);
    expect(doc.body).toMatchObject({ type: 'link', origin: { device: 'Firefox on Windows', startedAt: expect.any(Number) }, reject: { method: 'POST' } });
    expect(doc.body.choices.map((c: { number: number }) => c.number)).toContain(step.body.approvalNumber);
    expect(doc.body.confirm).toBeUndefined();
  });

  it('a User-Agent that is not one shown as unknown, escaped; the page is in the sign-in\'s language', async () => {
    await waiting('demo', '<script>alert(1)</script>', '&ui_locales=de');
    const { shown } = await openLink();
    expect(shown.text).not.toContain('<script>alert');
    expect(shown.text).toContain('Ein unbekannter Browser unter einem unbekannten System');
    expect(shown.text).toContain('Das war ich nicht');
    expect(shown.text).toContain('Wählen Sie die Zahl');
  });
});
