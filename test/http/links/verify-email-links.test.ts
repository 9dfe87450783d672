import path from 'node:path';
import { describeWithSmtpApp } from '../../support/smtp-app';
import type { ReceivedMail } from '../../support/smtp-sink';
import type { StatusDocument } from '../../../src/http/contracts';
import { DEMO_REDIRECT, formTo, isStepRedirect, JSON_ACCEPT, TestBrowser, unescapeHtml } from '../http-kit';

const FLOWS = path.join(__dirname, '..', '..', 'fixtures', 'links', 'flows');
const ANN = 'ann@example.com';

/** The link in a verify-email mail (the text part), checked to be the same in the HTML part. */
function linkIn(mail: ReceivedMail): string {
  const text = mail.parsed.text ?? '';
  const match = /http:\/\/id\.example\.test\/realms\/main\/login-actions\/link\?key=[A-Za-z0-9_-]+/.exec(text);
  if (!match) throw new Error(`no link in:\n${text}`);
  expect(unescapeHtml(String(mail.parsed.html))).toContain(`href="${match[0]}"`);
  return match[0];
}

/** The path and query of an absolute link, as a test agent requests it. */
const pathOf = (url: string): string => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

describeWithSmtpApp('verify-email over HTTP, with mail through a real SMTP sink', { flowsDir: FLOWS }, (suite) => {
  beforeEach(async () => {
    await suite.t.users.create({ email: ANN, emailVerified: false });
  });

  /** Signs Ann in up to the verify-email page; returns the browser, the page and the mail. */
  async function reachVerifyPage(): Promise<{ browser: TestBrowser; page: Awaited<ReturnType<TestBrowser['answer']>>; mail: ReceivedMail }> {
    const browser = new TestBrowser(suite.server);
    const first = await browser.start();
    const code = await browser.answer(first, { email: ANN });
    const page = await browser.answer(code, { code: '000000' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('a…@example.com');
    const mail = await suite.nthMailTo(ANN, 1);
    return { browser, page, mail };
  }

  it('mails an absolute link; GET shows a confirmation and verifies nothing; POST verifies and finishes the sign-in', async () => {
    const { browser, page, mail } = await reachVerifyPage();
    expect(page.text).toContain('src="/static/poll.js"');
    expect(page.text).toContain('data-poll-seconds="3"');
    expect(mail.parsed.subject).toBe('Verify your email address');
    expect(mail.parsed.text).toContain('10 minutes');
    const link = linkIn(mail);

    const shown = await browser.agent.get(pathOf(link));
    expect(shown.status).toBe(200);
    const head = await browser.agent.head(pathOf(link));
    expect(head.status).toBe(200);
    expect((await suite.t.users.findByEmail(ANN))!.emailVerified).toBe(false);

    const confirm = formTo(shown.text, '/login-actions/link');
    expect(confirm.fields['key']).toBe(new URL(link).searchParams.get('key'));
    const confirmed = await browser.post(confirm);
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers['location']).toBe(DEMO_REDIRECT);
    expect((await suite.t.users.findByEmail(ANN))!.emailVerified).toBe(true);
    expect((await suite.t.events.query({ realm: 'main', type: 'VERIFY_EMAIL' })).length).toBe(1);

    // Used: the same link again is refused, from GET and from POST alike.
    const again = await browser.agent.get(pathOf(link));
    expect(again.status).toBe(410);
    expect(again.text).toContain('FG_LINK_USED');
    // The old page's POST: its token died with the browser id the sign-in replaced.
    expect((await browser.post(confirm)).status).toBe(403);
  });

  it('opened in another browser: that browser is told it is done, and the first tab goes on when it reloads', async () => {
    const { browser, page, mail } = await reachVerifyPage();
    const statusPath = unescapeHtml(/data-status-url="([^"]+)"/.exec(page.text)![1]!);
    expect((await browser.agent.get(statusPath).set(JSON_ACCEPT)).body).toMatchObject({ type: 'status', changed: false });
    const other = new TestBrowser(suite.server);
    const shown = await other.agent.get(pathOf(linkIn(mail)));
    const done = await other.post(formTo(shown.text, '/login-actions/link'));
    expect(done.status).toBe(200);
    expect(done.text).toContain('fg-page-link-done');
    expect((await suite.t.users.findByEmail(ANN))!.emailVerified).toBe(true);

    // The waiting tab's status says it moved on; the script then GETs the step URL and the sign-in finishes.
    const status = (await browser.agent.get(statusPath).set(JSON_ACCEPT)).body as StatusDocument;
    expect(status.changed).toBe(true);
    const stepPath = status.href;
    const reloaded = await browser.agent.get(stepPath);
    expect(reloaded.status).toBe(303);
    expect(reloaded.headers['location']).toBe(DEMO_REDIRECT);
    expect(String(reloaded.headers['set-cookie'])).toContain('fg_session_main=');
  });

  it('refuses an expired link with the link-invalid page and verifies nothing', async () => {
    const { browser, mail } = await reachVerifyPage();
    suite.t.clock.advanceSeconds(600);
    const shown = await browser.agent.get(pathOf(linkIn(mail)));
    expect(shown.status).toBe(410);
    expect(shown.text).toContain('fg-page-link-invalid');
    expect(shown.text).toContain('FG_LINK_EXPIRED');
    expect((await suite.t.users.findByEmail(ANN))!.emailVerified).toBe(false);
  });

  it('answers an unknown key with 400, and a POST without this browser\'s CSRF token with 403', async () => {
    const { browser, mail } = await reachVerifyPage();
    const unknown = await browser.agent.get('/realms/main/login-actions/link?key=nonsense');
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('FG_LINK_NOT_FOUND');
    const key = new URL(linkIn(mail)).searchParams.get('key')!;
    const forged = await new TestBrowser(suite.server).agent.post('/realms/main/login-actions/link').type('form').send({ key, csrf: 'forged' });
    expect(forged.status).toBe(403);
    expect((await suite.t.users.findByEmail(ANN))!.emailVerified).toBe(false);
  });

  it('of ten concurrent confirmations exactly one uses the link', async () => {
    const { browser, mail } = await reachVerifyPage();
    const confirm = formTo((await browser.agent.get(pathOf(linkIn(mail)))).text, '/login-actions/link');
    const results = await Promise.all(Array.from({ length: 10 }, () => browser.post(confirm)));
    expect(results.filter((r) => r.status === 303)).toHaveLength(1);
    expect(results.filter((r) => r.status === 410)).toHaveLength(9);
    expect((await suite.t.events.query({ realm: 'main', type: 'VERIFY_EMAIL' })).length).toBe(1);
  });

  it('keeps the key out of the step pages and out of redirects', async () => {
    const { browser, page, mail } = await reachVerifyPage();
    const key = new URL(linkIn(mail)).searchParams.get('key')!;
    expect(page.text).not.toContain(key);
    const confirmed = await browser.post(formTo((await browser.agent.get(pathOf(linkIn(mail)))).text, '/login-actions/link'));
    expect(String(confirmed.headers['location'])).not.toContain(key);
    expect(isStepRedirect(confirmed)).toBe(false);
  });
});
