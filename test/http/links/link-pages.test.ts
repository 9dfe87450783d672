import path from 'node:path';
import type { Server } from 'node:http';
import type request from 'supertest';
import { TYPES } from '../../../src/composition/container';
import { LINK_TOKEN_PURPOSE } from '../../../src/engine/links';
import type { TokenStore } from '../../../src/store';
import { createMailTestApp, type MailTestApp } from '../../support/mail-test-app';
import { SmtpSink, type ReceivedMail } from '../../support/smtp-sink';
import type { TestApp } from '../../support/test-app';
import { DEMO_LOGIN, DEMO_REDIRECT, formTo, rightNumberForm, TestBrowser } from '../http-kit';

// Realm `main` of each: the magic-link fixtures have clients `demo` (http://localhost:3000) and
// `elsewhere` (https://app.example.org); the links fixtures run verify-email after a fixed code.
const MAGIC_LINK_FLOWS = path.join(__dirname, '..', '..', 'fixtures', 'magic-link', 'flows');
const VERIFY_EMAIL_FLOWS = path.join(__dirname, '..', '..', 'fixtures', 'links', 'flows');
const ANN = 'ann@example.com';
const ELSEWHERE_REDIRECT = 'https://app.example.org/return';
const ELSEWHERE_LOGIN = `/realms/main/login?client_id=elsewhere&redirect_uri=${encodeURIComponent(ELSEWHERE_REDIRECT)}`;

/** The `form-action` directive of a response's CSP. */
function formAction(res: request.Response): string | undefined {
  const directive = String(res.headers['content-security-policy'])
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith('form-action '));
  return directive?.slice('form-action '.length);
}

/** The path and query of the link in a mail's text part. */
function linkPathIn(mail: ReceivedMail): string {
  const match = /http:\/\/id\.example\.test(\/realms\/main\/login-actions\/link\?key=[A-Za-z0-9_-]+)/.exec(mail.parsed.text ?? '');
  if (!match) throw new Error(`no link in:\n${mail.parsed.text}`);
  return match[1]!;
}

describe('link pages over HTTP: the sign-in they belong to decides their form targets and language', () => {
  let sink: SmtpSink;
  let running: MailTestApp;
  let t: TestApp;
  let server: Server;

  beforeAll(async () => {
    sink = await SmtpSink.start();
  });
  afterAll(() => sink.stop());
  afterEach(() => running.close());

  async function start(flowsDir: string): Promise<void> {
    sink.messages.length = 0;
    running = await createMailTestApp(sink, { flowsDir });
    ({ t, server } = running);
  }

  /** A magic-link sign-in started at `login` up to its waiting page, in a new browser; returns the mailed link's path. */
  async function magicLink(login: string, email = ANN): Promise<{ browser: TestBrowser; page: request.Response; link: string }> {
    const before = sink.messages.length;
    const browser = new TestBrowser(server);
    const page = await browser.answer(await browser.start(login), { email });
    expect(page.text).toContain('fg-page-magic-link');
    const mail = await sink.waitForMessage((m) => sink.messages.indexOf(m) >= before && m.envelope.to.includes(email));
    return { browser, page, link: linkPathIn(mail) };
  }

  describe('magic link', () => {
    beforeEach(() => start(MAGIC_LINK_FLOWS));

    it("the confirmation page lets its form lead to the sign-in's client origin and no other, in every browser", async () => {
      await t.users.create({ email: ANN });
      const demo = await magicLink(DEMO_LOGIN);
      expect(formAction(await demo.browser.agent.get(demo.link))).toBe("'self' http://localhost:3000");

      const elsewhere = await magicLink(ELSEWHERE_LOGIN);
      // Another browser may finish the sign-in too (sign-in-here), so its page allows the same one origin.
      const other = new TestBrowser(server);
      expect(formAction(await other.agent.get(elsewhere.link))).toBe("'self' https://app.example.org");
      const shown = await elsewhere.browser.agent.get(elsewhere.link);
      expect(formAction(shown)).toBe("'self' https://app.example.org");
      const done = await elsewhere.browser.post(formTo(shown.text, '/login-actions/link'));
      expect(done.status).toBe(303);
      expect(done.headers['location']).toBe(ELSEWHERE_REDIRECT);
      expect(formAction(done)).toBe("'self' https://app.example.org");

      // A sign-in without a client ends here: nothing is added.
      const own = await magicLink('/realms/main/login');
      expect(formAction(await own.browser.agent.get(own.link))).toBe("'self'");
    });

    it("the confirmation page, and the answer to its POST, are in the sign-in's language, not the browser's", async () => {
      await t.users.create({ email: ANN });
      const { link, page } = await magicLink(`${DEMO_LOGIN}&ui_locales=de`);
      expect(sink.messages.at(-1)!.parsed.subject).toBe('Ihr Anmeldelink');

      const phone = new TestBrowser(server);
      phone.agent.set('Accept-Language', 'en');
      const shown = await phone.agent.get(link);
      expect(shown.text).toContain('<html lang="de">');
      expect(shown.text).toContain('Anmeldung fortsetzen');
      const confirm = rightNumberForm(shown.text, page.text);
      const done = await phone.post(confirm);
      expect(done.text).toContain('<html lang="de">');
      expect(done.text).toContain('Erledigt');
      const again = await phone.post(confirm);
      expect(again.status).toBe(410);
      expect(again.text).toContain('Dieser Link wurde bereits verwendet.');
    });

    it('a link whose token names no locale (issued before links kept one) follows the browser', async () => {
      const ann = await t.users.create({ email: ANN });
      const { page } = await magicLink(`${DEMO_LOGIN}&ui_locales=de`);
      const step = formTo(page.text, '/login-actions/authenticate');
      const authSessionId = new URL(step.action, 'http://x').searchParams.get('tab_id')!;
      const older = await running.t.container
        .get(TYPES.TokenStore)
        .forRealm('main')
        .issue({
          purpose: LINK_TOKEN_PURPOSE,
          subject: `magic-link:${ANN}`,
          ttlSeconds: 600,
          data: { email: ANN, userId: ann.id, authSessionId, execution: step.fields['execution']!, plugin: 'magic-link' },
        });
      const path = `/realms/main/login-actions/link?key=${older.secret}`;
      for (const [language, heading] of [['en', 'Continue signing in'], ['de', 'Anmeldung fortsetzen']] as const) {
        const shown = await new TestBrowser(server).agent.get(path).set('Accept-Language', language);
        expect([language, shown.status, shown.text.includes(`<html lang="${language}">`), shown.text.includes(heading)]).toEqual([language, 200, true, true]);
      }
    });
  });

  describe('verify-email', () => {
    beforeEach(() => start(VERIFY_EMAIL_FLOWS));

    it("its link page allows the sign-in's client origin only, and is in the sign-in's language", async () => {
      await t.users.create({ email: ANN, emailVerified: false });
      const browser = new TestBrowser(server);
      const code = await browser.answer(await browser.start(`${DEMO_LOGIN}&ui_locales=de`), { email: ANN });
      const page = await browser.answer(code, { code: '000000' });
      expect(page.text).toContain('fg-page-verify-email');
      const link = linkPathIn(await sink.waitForMessage((m) => m.envelope.to.includes(ANN)));

      const shown = await browser.agent.get(link).set('Accept-Language', 'en');
      expect(formAction(shown)).toBe("'self' http://localhost:3000");
      expect(shown.text).toContain('<html lang="de">');
      expect(shown.text).toContain('Anmeldung fortsetzen');
      const done = await browser.post(formTo(shown.text, '/login-actions/link'));
      expect(done.status).toBe(303);
      expect(done.headers['location']).toBe(DEMO_REDIRECT);
    });
  });
});
