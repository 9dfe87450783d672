import path from 'node:path';
import type request from 'supertest';
import { describeWithSmtpApp } from '../support/smtp-app';
import type { ReceivedMail } from '../support/smtp-sink';
import { DEMO_REDIRECT, formTo, sessionCookieOf, TestBrowser, unescapeHtml } from './http-kit';

// #19 item 9: lookalike addresses. Full-width forms are folded (NFKC) into the address they imitate;
// an address that only looks like an existing account's (TR39 skeleton) gets no account of its own.
const FLOWS = path.join(__dirname, '..', 'fixtures', 'magic-link', 'flows');
const ANN = 'ann@example.com';
const FULL_WIDTH_ANN = '\uff21\uff4e\uff4e\uff20\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45\uff0e\uff43\uff4f\uff4d';
// `еxample.com` with a Cyrillic е: stored in its IDNA ASCII form, delivered by nodemailer as typed.
const CYRILLIC_ANN = 'ann@\u0435xample.com';
const CONFUSABLE_ERROR = 'This address looks too much like the address of another account';

type Page = request.Response;

const codeIn = (mail: ReceivedMail): string => /\b(\d{6})\b/.exec(mail.parsed.text ?? '')![1]!;
const linkIn = (mail: ReceivedMail): string => {
  const url = new URL(/http:\/\/id\.example\.test\/realms\/main\/login-actions\/link\?key=[A-Za-z0-9_-]+/.exec(mail.parsed.text ?? '')![0]);
  return `${url.pathname}${url.search}`;
};
const signedIn = (res: Page): boolean => res.status === 303 && res.headers['location'] === DEMO_REDIRECT && sessionCookieOf(res) !== undefined;

describeWithSmtpApp('lookalike addresses at sign-in (identify-email, then magic-link with forceCreateUser)', { flowsDir: FLOWS, plugins: [] }, (suite) => {
  async function waitingPage(typed: string): Promise<{ browser: TestBrowser; page: Page }> {
    const browser = new TestBrowser(suite.server);
    const page = await browser.answer(await browser.start(), { email: typed });
    expect(page.status).toBe(200);
    expect(page.text).toContain('fg-page-magic-link');
    return { browser, page };
  }

  it('a full-width address is the ASCII one (NFKC): it signs in to the existing account, no second one', async () => {
    const ann = await suite.t.users.create({ email: ANN, emailVerified: true });
    const { browser, page } = await waitingPage(FULL_WIDTH_ANN);
    const done = await browser.answer(page, { code: codeIn(await suite.nthMailTo(ANN, 1)) });
    expect(signedIn(done)).toBe(true);
    expect((await suite.t.events.query({ realm: 'main', type: 'LOGIN' })).map((e) => e.userId)).toEqual([ann.id]);
    expect(await suite.t.users.search({})).toHaveLength(1);
  });

  it('a Cyrillic lookalike gets the page any new address gets; once proved, it is refused at the email field, and no account is made', async () => {
    await suite.t.users.create({ email: ANN, emailVerified: true });
    // Before the address is proved nothing differs from any unknown address: same page, a mail is sent.
    const { browser, page } = await waitingPage(CYRILLIC_ANN);
    const refused = await browser.answer(page, { code: codeIn(await suite.nthMailTo(CYRILLIC_ANN, 1)) });
    expect(refused.status).toBe(200);
    expect(refused.text).toContain('fg-page-magic-link-email');
    expect(unescapeHtml(refused.text)).toContain(CONFUSABLE_ERROR);
    expect(refused.text).toMatch(/aria-invalid="true"/);
    expect(sessionCookieOf(refused)).toBeUndefined();
    expect(await suite.t.users.findByEmail(CYRILLIC_ANN)).toBeUndefined();
    expect((await suite.t.events.query({ realm: 'main', type: 'LOGIN_ERROR' })).map((e) => e.error)).toEqual(['confusable_email']);

    // The page takes another address, which signs up as usual.
    const next = await browser.answer(refused, { email: 'bob@example.com' });
    expect(next.text).toContain('fg-page-magic-link');
    expect(signedIn(await browser.answer(next, { code: codeIn(await suite.nthMailTo('bob@example.com', 1)) }))).toBe(true);
  });

  it('JSON clients get the refusal as a field error on email', async () => {
    await suite.t.users.create({ email: ANN });
    const json = { Accept: 'application/json' };
    const agent = new TestBrowser(suite.server).agent;
    const start = await agent.get(`/realms/main/login?client_id=demo&redirect_uri=${encodeURIComponent(DEMO_REDIRECT)}`).set(json).expect(200);
    const submit = (step: { actions: { submit: { href: string; fields: Record<string, string> } } }, fields: Record<string, string>) =>
      agent.post(step.actions.submit.href).set(json).send({ ...step.actions.submit.fields, ...fields });
    const waiting = await submit(start.body, { email: CYRILLIC_ANN });
    const refused = await submit(waiting.body, { code: codeIn(await suite.nthMailTo(CYRILLIC_ANN, 1)) });
    expect(refused.body).toMatchObject({ type: 'step', view: 'magic-link-email', fieldErrors: { email: { key: 'magicLink.error.confusableEmail', text: expect.stringContaining(CONFUSABLE_ERROR) } } });
  });

  it('the link of that mail makes no account either: its page says why', async () => {
    await suite.t.users.create({ email: ANN });
    const { browser } = await waitingPage(CYRILLIC_ANN);
    const shown = await browser.agent.get(linkIn(await suite.nthMailTo(CYRILLIC_ANN, 1)));
    const denied = await browser.post(formTo(shown.text, '/login-actions/link'));
    expect(signedIn(denied)).toBe(false);
    expect(unescapeHtml(denied.text)).toContain(CONFUSABLE_ERROR);
    expect(await suite.t.users.findByEmail(CYRILLIC_ANN)).toBeUndefined();
  });
});
