import path from 'node:path';
import type { Page } from 'playwright-core';
import { TYPES } from '../../src/composition/container';
import type { UserStore } from '../../src/store';
import { BROWSER_TEST_TIMEOUT_MS, describeWithBrowser } from '../support/browser';
import { useBrowserSuite, type ConsoleErrors } from '../support/browser-suite';
import { createSmtpTestApp } from '../support/mail-test-app';
import { button, codeIn, expectAccessible, expectHeading, field, nthMailTo } from '../support/pages';
import { SmtpSink } from '../support/smtp-sink';
import { FIXED_CODE_PLUGIN } from '../support/test-app';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);

// Realm `main`: email, then a code sent by email. Realm `choice`: email, then the emailed code or
// the fixed code `000000` as ALTERNATIVES. No client: a finished sign-in lands on the account page.
const FLOWS = path.join(__dirname, '..', 'fixtures', 'email-otp-e2e', 'flows');

/** What the pages and the mail say, per language: a missing translation shows up as a heading, label or button not found. */
const TEXT = {
  en: {
    signIn: 'Sign in',
    email: 'Email address',
    continue: 'Continue',
    checkEmail: 'Check your email',
    codeLabel: 'Code',
    submitCode: 'Sign in',
    wrongCode: 'That code is not right. Check the email and try again.',
    errorSummary: 'There is a problem',
    subject: 'Your sign-in code',
  },
  de: {
    signIn: 'Anmelden',
    email: 'E-Mail-Adresse',
    continue: 'Weiter',
    checkEmail: 'Sehen Sie in Ihre E-Mails',
    codeLabel: 'Code',
    submitCode: 'Anmelden',
    wrongCode: 'Dieser Code stimmt nicht. Prüfen Sie die E-Mail und versuchen Sie es erneut.',
    errorSummary: 'Es gibt ein Problem',
    subject: 'Ihr Anmeldecode',
  },
} as const;

/** The account page is not part of the sign-in: it follows the browser's language (en-US here), not ui_locales. */
const ACCOUNT_HEADING = 'Your account';
const TRY_ANOTHER_WAY = 'Try another way';
const CHOOSER_HEADING = 'Choose how to sign in';
const EMAIL_OTP_CHOICE = 'Email me a code';
const FIXED_CODE_CHOICE = 'A fixed code';
const FIXED_CODE_HEADING = 'Enter the code';

describeWithBrowser('email-otp sign-in in Chromium, with the code read from a real SMTP sink', () => {
  let sink: SmtpSink;
  let consoleErrors: ConsoleErrors;
  const suite = useBrowserSuite(async () => {
    sink = await SmtpSink.start();
    return createSmtpTestApp(sink, { flowsDir: FLOWS, plugins: [FIXED_CODE_PLUGIN] });
  });
  afterAll(() => sink?.stop());

  /** A fresh browser profile for the test (closed after it); the console check covers every page it opens. */
  async function openPage(): Promise<Page> {
    const made = await suite.newContext({ locale: 'en-US' });
    consoleErrors = made.consoleErrors;
    return made.context.newPage();
  }

  /** A code of the same shape that is surely not `code`. */
  const wrongFor = (code: string): string => (code === '000000' ? '111111' : '000000');

  /** Types the address on the email page and continues; returns once the code page has loaded. */
  async function enterEmail(page: Page, email: string, text: (typeof TEXT)[keyof typeof TEXT]): Promise<void> {
    await field(page, text.email).fill(email);
    await button(page, text.continue).click();
    await expectHeading(page, text.checkEmail);
  }

  /** Checks the code page is the emailed-code page: the address it was sent to and a one-time-code input. */
  async function expectCodePage(page: Page, email: string, text: (typeof TEXT)[keyof typeof TEXT]): Promise<void> {
    expect(await page.getByRole('status').first().textContent()).toContain(email);
    const input = field(page, text.codeLabel);
    expect(await input.getAttribute('autocomplete')).toBe('one-time-code');
    expect(await input.getAttribute('inputmode')).toBe('numeric');
  }

  test.each([
    ['en', 'ann@example.com', ''],
    ['de', 'bea@example.com', '?ui_locales=de'],
  ] as const)('signs in with the emailed code after a wrong one (%s); every page passes axe, no console errors', async (language, email, query) => {
    const text = TEXT[language];
    const user = await suite.t.users.create({ email });
    const page = await openPage();

    await page.goto(`${suite.url}/realms/main/login${query}`);
    await expectHeading(page, text.signIn);
    expect(await page.getAttribute('html', 'lang')).toBe(language);
    await expectAccessible(page, `identify-email (${language})`);

    await enterEmail(page, email, text);
    await expectCodePage(page, email, text);
    // One way only in this realm: nothing to switch to.
    expect(await button(page, TRY_ANOTHER_WAY).count()).toBe(0);
    await expectAccessible(page, `email-otp (${language})`);

    const mail = await nthMailTo(sink, email, 1);
    // The mail is in the sign-in's language, like its pages.
    expect(mail.parsed.subject).toBe(text.subject);
    const code = codeIn(mail);

    // A wrong code: the page comes back with the field error, announced by the role=alert summary.
    await field(page, text.codeLabel).fill(wrongFor(code));
    await button(page, text.submitCode).click();
    const summary = page.getByRole('alert');
    await summary.getByRole('link', { name: text.wrongCode, exact: true }).waitFor();
    await page.waitForLoadState('load');
    expect(await summary.getByRole('heading', { level: 2 }).textContent()).toBe(text.errorSummary);
    expect(await page.getAttribute('html', 'lang')).toBe(language);
    const input = field(page, text.codeLabel);
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    // The field's own error is what a screen reader reads with the field.
    const describedBy = await input.getAttribute('aria-describedby');
    expect(await page.locator(`#${describedBy}`).textContent()).toContain(text.wrongCode);
    await expectAccessible(page, `email-otp with an error (${language})`);

    await input.fill(code);
    await button(page, text.submitCode).click();
    await page.waitForURL(`${suite.url}/realms/main/account`);
    await expectHeading(page, ACCOUNT_HEADING);
    expect(await page.locator('main').textContent()).toContain(email);
    await expectAccessible(page, `account after email-otp (${language})`);
    // One code was sent for the whole sign-in: the wrong entry did not send another.
    expect((await suite.t.events.query({ realm: 'main', type: 'CODE_SENT' })).filter((e) => e.userId === user.id)).toHaveLength(1);
    expect(consoleErrors.messages).toEqual([]);
  });

  test('with the emailed code and the fixed code as alternatives, "try another way" switches to the other and back', async () => {
    const email = 'cat@example.com';
    await suite.t.container.get(TYPES.UserStore).forRealm('choice').create({ email });
    const page = await openPage();

    await page.goto(`${suite.url}/realms/choice/login`);
    await expectHeading(page, TEXT.en.signIn);
    await enterEmail(page, email, TEXT.en);
    await expectCodePage(page, email, TEXT.en);
    await expectAccessible(page, 'email-otp with alternatives');
    const code = codeIn(await nthMailTo(sink, email, 1));

    // To the chooser: both ways of this level, the emailed code first (flow order).
    await button(page, TRY_ANOTHER_WAY).click();
    await expectHeading(page, CHOOSER_HEADING);
    const choices = page.locator('button[name="choice"]');
    expect(await choices.allTextContents()).toEqual([EMAIL_OTP_CHOICE, FIXED_CODE_CHOICE]);
    await expectAccessible(page, 'select-authenticator from email-otp');

    await button(page, FIXED_CODE_CHOICE).click();
    await expectHeading(page, FIXED_CODE_HEADING);
    await expectAccessible(page, 'fixed-code with alternatives');

    // And back: the emailed code is still on offer from the other way's page.
    await button(page, TRY_ANOTHER_WAY).click();
    await expectHeading(page, CHOOSER_HEADING);
    expect(await choices.allTextContents()).toEqual([EMAIL_OTP_CHOICE, FIXED_CODE_CHOICE]);
    await button(page, EMAIL_OTP_CHOICE).click();
    await expectHeading(page, TEXT.en.checkEmail);
    await expectCodePage(page, email, TEXT.en);

    // Coming back shows the live code again instead of mailing a new one: still one code sent, and
    // the first mail's code signs in.
    expect(await suite.t.events.query({ realm: 'choice', type: 'CODE_SENT' })).toHaveLength(1);
    await field(page, TEXT.en.codeLabel).fill(code);
    await button(page, TEXT.en.submitCode).click();
    await page.waitForURL(`${suite.url}/realms/choice/account`);
    await expectHeading(page, ACCOUNT_HEADING);
    expect(await page.locator('main').textContent()).toContain(email);
    await expectAccessible(page, 'account after switching ways');
    expect(consoleErrors.messages).toEqual([]);
  });
});
