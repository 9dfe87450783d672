import path from 'node:path';
import type request from 'supertest';
import type { StepDocument, DoneDocument } from '../../src/http/contracts';
import { TYPES } from '../../src/composition/container';
import { describeWithSmtpApp } from '../support/smtp-app';
import type { ReceivedMail } from '../support/smtp-sink';
import { DEMO_LOGIN, DEMO_REDIRECT, formTo, formsOf, JsonClient, JSON_ACCEPT, sessionCookieOf, TestBrowser, unescapeHtml } from './http-kit';

const FLOWS = path.join(__dirname, '..', 'fixtures', 'email-otp', 'flows');
const ANN = 'ann@example.com';
const SIGNUP_LOGIN = `/realms/main/login?client_id=signup&redirect_uri=${encodeURIComponent(DEMO_REDIRECT)}`;

type Page = request.Response;

/** The 6-digit code of a mail, checked to be in both parts. */
function codeIn(mail: ReceivedMail, pattern = /\b(\d{6})\b/): string {
  const match = pattern.exec(mail.parsed.text ?? '');
  if (!match) throw new Error(`no code in:\n${mail.parsed.text}`);
  expect(unescapeHtml(String(mail.parsed.html))).toContain(match[1]!);
  return match[1]!;
}

/** Whether a response finished the sign-in: back to the client with a session cookie. */
function signedIn(res: Page): boolean {
  return res.status === 303 && res.headers['location'] === DEMO_REDIRECT && sessionCookieOf(res) !== undefined;
}

describeWithSmtpApp('email-otp over HTTP, with mail through a real SMTP sink', { flowsDir: FLOWS, plugins: [] }, (suite) => {
  const { mailsTo, nthMailTo } = suite;

  /** A new sign-in up to the code page. */
  async function codePage(email = ANN): Promise<{ browser: TestBrowser; page: Page }> {
    const browser = new TestBrowser(suite.server);
    const page = await browser.answer(await browser.start(), { email });
    expect(page.status).toBe(200);
    expect(page.text).toContain('fg-page-email-otp');
    return { browser, page };
  }

  const loginErrors = async (): Promise<string[]> =>
    (await suite.t.events.query({ realm: 'main', type: 'LOGIN_ERROR' })).map((e) => String(e.error)).reverse();

  it('mails a code that signs in, and marks the address verified', async () => {
    const ann = await suite.t.users.create({ email: ANN, emailVerified: false });
    const { browser, page } = await codePage();
    expect(page.text).toMatch(/<input[^>]*type="text"[^>]*name="code"[^>]*autocomplete="one-time-code"[^>]*inputmode="numeric"/);
    const mail = await nthMailTo(ANN, 1);
    expect(mail.parsed.subject).toBe('Your sign-in code');
    expect(mail.parsed.text).toContain('10 minutes');
    const done = await browser.answer(page, { code: codeIn(mail) });
    expect(signedIn(done)).toBe(true);
    expect((await suite.t.users.findById(ann.id))?.emailVerified).toBe(true);
    expect((await suite.t.events.query({ realm: 'main', type: 'CODE_SENT' })).map((e) => e.userId)).toEqual([ann.id]);
  });

  it('shows a field error for a wrong code and counts it; the fifth wrong code kills the code', async () => {
    await suite.t.users.create({ email: ANN });
    let { browser, page } = await codePage();
    const code = codeIn(await nthMailTo(ANN, 1));
    const wrong = code === '000000' ? '111111' : '000000';
    page = await browser.answer(page, { code: wrong });
    expect(page.status).toBe(200);
    expect(page.text).toContain('That code is not right.');
    expect(page.text).toContain('aria-invalid="true"');
    for (let i = 0; i < 4; i++) page = await browser.answer(page, { code: wrong });
    expect(page.text).toContain('Too many wrong codes. Ask for a new one.');
    page = await browser.answer(page, { code });
    expect(signedIn(page)).toBe(false);
    expect(page.text).toContain('Too many wrong codes. Ask for a new one.');
    expect(page.text).not.toContain('That code has expired.');
    expect(await loginErrors()).toEqual(['invalid_code', 'invalid_code', 'invalid_code', 'invalid_code', 'too_many_attempts', 'too_many_attempts']);
  });

  it('refuses an expired code', async () => {
    await suite.t.users.create({ email: ANN });
    const { browser, page } = await codePage();
    const code = codeIn(await nthMailTo(ANN, 1));
    suite.t.clock.advanceSeconds(600);
    const res = await browser.answer(page, { code });
    expect(signedIn(res)).toBe(false);
    expect(res.text).toContain('That code has expired.');
    expect(await loginErrors()).toEqual(['expired_code']);
  });

  it('resend: a new code replaces the old one, which stops working, and the count goes on', async () => {
    await suite.t.users.create({ email: ANN });
    let { browser, page } = await codePage();
    const old = codeIn(await nthMailTo(ANN, 1));
    const wrong = old === '000000' ? '111111' : '000000';
    page = await browser.answer(page, { code: wrong });
    page = await browser.answer(page, { code: wrong });

    page = await browser.answer(page, { resend: 'true' });
    expect(page.text).toContain('Please wait 30 seconds before asking for another code.');
    suite.t.clock.advanceSeconds(30);
    page = await browser.answer(page, { resend: 'true' });
    expect(page.text).toContain('We sent a new code. Earlier codes no longer work.');
    const fresh = codeIn(await nthMailTo(ANN, 2));

    if (fresh !== old) {
      page = await browser.answer(page, { code: old });
      expect(page.text).toContain('That code is not right.');
    } else {
      page = await browser.answer(page, { code: wrong });
    }
    // Third wrong entry above; two more reach the cap of five: the count survived the resend.
    page = await browser.answer(page, { code: wrong === fresh ? old : wrong });
    page = await browser.answer(page, { code: wrong === fresh ? old : wrong });
    expect(page.text).toContain('Too many wrong codes.');
    expect(signedIn(await browser.answer(page, { code: fresh }))).toBe(false);
  });

  it('a used code works once: replaying the winning form signs nobody in again', async () => {
    await suite.t.users.create({ email: ANN });
    const { browser, page } = await codePage();
    const code = codeIn(await nthMailTo(ANN, 1));
    const form = formTo(page.text, '/login-actions/authenticate');
    expect(signedIn(await browser.post(form, { code }))).toBe(true);
    const replay = await new TestBrowser(suite.server).post(form, { code });
    expect(signedIn(replay)).toBe(false);
    const again = await browser.post(form, { code });
    expect(signedIn(again)).toBe(false);
  });

  it('20 simultaneous right submissions of one page make exactly one session', async () => {
    const ann = await suite.t.users.create({ email: ANN });
    const { browser, page } = await codePage();
    const code = codeIn(await nthMailTo(ANN, 1));
    const form = formTo(page.text, '/login-actions/authenticate');
    const results = await Promise.all(Array.from({ length: 20 }, () => browser.post(form, { code })));
    expect(results.filter(signedIn)).toHaveLength(1);
    const sessions = await suite.t.container.get(TYPES.UserSessionStore).listForUser('main', ann.id);
    expect(sessions).toHaveLength(1);
  });

  it('brute force: one wrong guess in each of 10 fresh sign-ins locks the user; the lockout ends after the wait', async () => {
    const ann = await suite.t.users.create({ email: ANN });
    let last: { browser: TestBrowser; page: Page; code: string } | undefined;
    for (let i = 1; i <= 10; i++) {
      const { browser, page } = await codePage();
      const code = codeIn(await nthMailTo(ANN, i));
      const answered = await browser.answer(page, { code: code === '000000' ? '111111' : '000000' });
      expect(answered.text).toContain('That code is not right.');
      last = { browser, page: answered, code };
    }
    // Locked now: even the right code of that sign-in is answered like a wrong one.
    const refused = await last!.browser.answer(last!.page, { code: last!.code });
    expect(signedIn(refused)).toBe(false);
    expect(refused.text).toContain('That code is not right.');
    // A new sign-in shows the same code page, but no code is mailed while locked.
    await codePage();
    expect(mailsTo(ANN)).toHaveLength(10);
    expect((await loginErrors()).slice(-2)).toEqual(['locked', 'locked']);

    // The fixture realm waits 120 s after 10 failures.
    suite.t.clock.advanceSeconds(120);
    const { browser, page } = await codePage();
    const done = await browser.answer(page, { code: codeIn(await nthMailTo(ANN, 11)) });
    expect(signedIn(done)).toBe(true);
    expect((await suite.t.events.query({ realm: 'main', type: 'LOGIN' }))[0]?.userId).toBe(ann.id);
  });

  it('an unknown address gets the same page and no mail', async () => {
    await suite.t.users.create({ email: ANN });
    const known = await codePage(ANN);
    const unknown = await codePage('nobody@example.com');
    // Same page once the address, the per-request tokens and timestamps are taken out.
    const shape = (html: string, email: string): string =>
      html.replaceAll(email, 'EMAIL').replace(/value="[^"]*"/g, 'value=""').replace(/(href|action|content)="[^"]*"/g, '$1=""').replace(/nonce-[^'"]+/g, '');
    expect(shape(unknown.page.text, 'nobody@example.com')).toBe(shape(known.page.text, ANN));
    const wrong = await unknown.browser.answer(unknown.page, { code: '123456' });
    expect(wrong.text).toContain('That code is not right.');
    await nthMailTo(ANN, 1);
    expect(mailsTo('nobody@example.com')).toHaveLength(0);
    expect(await suite.t.users.findByEmail('nobody@example.com')).toBeUndefined();
  });

  it('JSON only: a whole sign-in with a code, a wrong one and a resend', async () => {
    const ann = await suite.t.users.create({ email: ANN });
    const client = new JsonClient(suite.t.app);
    const first = await client.start(DEMO_LOGIN);
    const codeStep = (await client.submit(first, { email: ANN })).body as StepDocument;
    expect(codeStep).toMatchObject({
      type: 'step',
      view: 'email-otp',
      fields: [expect.objectContaining({ name: 'code', type: 'code', autocomplete: 'one-time-code', inputMode: 'numeric' })],
      model: { email: ANN, codeLength: 6, resend: { field: 'resend', value: 'true' } },
    });
    const first_ = codeIn(await nthMailTo(ANN, 1));
    const wrong = (await client.submit(codeStep, { code: first_ === '000000' ? '111111' : '000000' })).body as StepDocument;
    expect(wrong.fieldErrors).toEqual({ code: { key: 'emailOtp.error.invalidCode', text: 'That code is not right. Check the email and try again.' } });
    suite.t.clock.advanceSeconds(30);
    const resent = (await client.submit(wrong, { resend: 'true' })).body as StepDocument;
    expect(resent.view).toBe('email-otp');
    const code = codeIn(await nthMailTo(ANN, 2));
    const done = await client.submit(resent, { code });
    expect(done.body).toEqual<DoneDocument>({ type: 'success', realm: 'main', redirectTo: DEMO_REDIRECT });
    const account = await client.agent.get('/realms/main/account').set(JSON_ACCEPT);
    expect(account.body).toMatchObject({ user: { id: ann.id, email: ANN } });
  });

  it('sign-up: asks for the address, mails an alphanumeric code with the phrase, creates the account and asks for the profile', async () => {
    const browser = new TestBrowser(suite.server);
    const ask = await browser.start(SIGNUP_LOGIN);
    expect(ask.text).toContain('fg-page-email-otp-email');
    const page = await browser.answer(ask, { email: 'New@Example.com' });
    const phrase = /The email shows the phrase \u201c([a-z]+ [a-z]+)\u201d/.exec(unescapeHtml(page.text))?.[1];
    expect(phrase).toBeDefined();
    const mail = await nthMailTo('new@example.com', 1);
    expect(mail.parsed.text).toContain(`Security phrase: ${phrase}.`);
    const code = codeIn(mail, /\b([2-9A-HJKMNP-Z]{8})\b/);
    const next = await browser.answer(page, { code: code.toLowerCase() });
    expect(next.status).toBe(200);
    expect(next.text).toContain('fg-page-update-profile');
    const created = await suite.t.users.findByEmail('new@example.com');
    expect(created).toMatchObject({ emailVerified: true });
    expect((await suite.t.events.query({ realm: 'main', type: 'REGISTER' })).map((e) => [e.userId, e.details])).toEqual([[created!.id, { method: 'email-otp' }]]);
    expect(formsOf(next.text).length).toBeGreaterThan(0);
  });
});
