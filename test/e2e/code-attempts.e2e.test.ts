import path from 'node:path';
import type { Page } from 'playwright-core';
import { TYPES } from '../../src/composition/container';
import type { UserStore } from '../../src/store';
import { BROWSER_TEST_TIMEOUT_MS, describeWithBrowser } from '../support/browser';
import { useBrowserSuite } from '../support/browser-suite';
import { createSmtpTestApp } from '../support/mail-test-app';
import { button, codeIn, expectAccessible, expectHeading, field, nthMailTo } from '../support/pages';
import { SmtpSink } from '../support/smtp-sink';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS * 2);

// Realm `otp`: email, then an emailed code (five wrong tries kill it). Realm `link`: email, then a
// magic link whose mail also carries a code (the same five tries). No client: a finished sign-in
// lands on the account page.
const FLOWS = path.join(__dirname, '..', 'fixtures', 'code-attempts', 'flows');
const ACCOUNT_HEADING = 'Your account';
/** Seconds after a mail before another may be asked for: the longer default of the two steps (magic-link's). */
const RESEND_COOLDOWN_SECONDS = 60;

/** What the pages say, per step and language. */
const TEXT = {
  otp: {
    en: {
      email: 'Email address', continue: 'Continue', waiting: 'Check your email', code: 'Code', submit: 'Sign in', resend: 'Send a new code',
      wrong: 'That code is not right. Check the email and try again.',
      tooMany: 'Too many wrong codes. Ask for a new one.',
      expired: 'That code has expired. Ask for a new one.',
    },
    de: {
      email: 'E-Mail-Adresse', continue: 'Weiter', waiting: 'Sehen Sie in Ihre E-Mails', code: 'Code', submit: 'Anmelden', resend: 'Neuen Code senden',
      wrong: 'Dieser Code stimmt nicht. Prüfen Sie die E-Mail und versuchen Sie es erneut.',
      tooMany: 'Zu viele falsche Codes. Fordern Sie einen neuen an.',
      expired: 'Dieser Code ist abgelaufen. Fordern Sie einen neuen an.',
    },
  },
  link: {
    en: {
      email: 'Email address', continue: 'Continue', waiting: 'Check your email', code: 'Code from the email (optional)', submit: 'Sign in with the code', resend: 'Send a new email',
      wrong: 'That code is not right. Check the email and try again.',
      tooMany: 'Too many wrong codes. Ask for a new email.',
      expired: 'That code no longer works. Ask for a new email.',
    },
  },
} as const;

type Text = (typeof TEXT)['otp']['en' | 'de'] | (typeof TEXT)['link']['en'];

describeWithBrowser('a code killed by too many wrong tries, in Chromium, with mail through a real SMTP sink', () => {
  let sink: SmtpSink;
  const suite = useBrowserSuite(async () => {
    sink = await SmtpSink.start();
    return createSmtpTestApp(sink, { flowsDir: FLOWS, plugins: [] });
  });
  afterAll(() => sink?.stop());

  const wrongFor = (code: string): string => (code === '000000' ? '111111' : '000000');

  /** Presses `name` and waits for the page the POST redirects to (the same step again, or the account page). */
  async function press(page: Page, name: string): Promise<void> {
    const shown = page.waitForResponse((r) => r.request().method() === 'GET' && /\/login-actions\/authenticate|\/account/.test(r.url()));
    await button(page, name).click();
    await shown;
    await page.waitForLoadState('load');
  }

  /** Types `code` and sends it; returns the texts of the page's error summary. */
  async function tryCode(page: Page, text: Text, code: string): Promise<string[]> {
    await field(page, text.code).fill(code);
    await press(page, text.submit);
    return page.getByRole('alert').locator('li').allTextContents();
  }

  /**
   * Five wrong codes, a sixth, then the right one: every try after the fourth says too many wrong
   * codes, never "expired". Then a new mail after the cooldown, whose code signs in.
   */
  async function killThenRecover(page: Page, realm: string, email: string, text: Text, subject: string, label: string): Promise<void> {
    await field(page, text.email).fill(email);
    await button(page, text.continue).click();
    await expectHeading(page, text.waiting);
    const code = codeIn(await nthMailTo(sink, email, 1, subject));

    for (let i = 1; i <= 4; i++) expect(await tryCode(page, text, wrongFor(code))).toEqual([text.wrong]);
    expect(await tryCode(page, text, wrongFor(code))).toEqual([text.tooMany]);
    await expectAccessible(page, `${label}: the fifth wrong code`);
    expect(await tryCode(page, text, wrongFor(code))).toEqual([text.tooMany]);
    await expectAccessible(page, `${label}: a sixth try`);
    const afterRight = await tryCode(page, text, code);
    expect(afterRight).toEqual([text.tooMany]);
    expect(afterRight).not.toContain(text.expired);
    await expectAccessible(page, `${label}: the right code, too late`);

    suite.t.clock.advanceSeconds(RESEND_COOLDOWN_SECONDS);
    await press(page, text.resend);
    const fresh = codeIn(await nthMailTo(sink, email, 2, subject));
    await field(page, text.code).fill(fresh);
    await press(page, text.submit);
    await expectHeading(page, ACCOUNT_HEADING);
    expect(page.url()).toBe(`${suite.url}/realms/${realm}/account`);
  }

  test.each([
    ['en', 'ann@example.com', ''],
    ['de', 'bea@example.com', '?ui_locales=de'],
  ] as const)('email-otp (%s): the sixth try and the right code say too many wrong codes, not expired', async (language, email, query) => {
    await suite.t.container.get(TYPES.UserStore).forRealm('otp').create({ email });
    const { page, consoleErrors } = await suite.open(`/realms/otp/login${query}`, { locale: 'en-US' });
    const subject = language === 'en' ? 'Your sign-in code' : 'Ihr Anmeldecode';
    await killThenRecover(page, 'otp', email, TEXT.otp[language], subject, `email-otp (${language})`);
    expect(consoleErrors.messages).toEqual([]);
  });

  test('magic-link: the code in the mail says too many wrong codes after the fifth, the right one too', async () => {
    const email = 'cat@example.com';
    await suite.t.container.get(TYPES.UserStore).forRealm('link').create({ email });
    const { page, consoleErrors } = await suite.open('/realms/link/login', { locale: 'en-US' });
    await killThenRecover(page, 'link', email, TEXT.link.en, 'Your sign-in link', 'magic-link');
    expect(consoleErrors.messages).toEqual([]);
  });
});
