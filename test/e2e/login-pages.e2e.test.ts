import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { BROWSER_TEST_TIMEOUT_MS, describeWithBrowser, type ContextOptions } from '../support/browser';
import { useBrowserSuite, type ConsoleErrors } from '../support/browser-suite';
import { button, expectAccessible, expectHeading, field } from '../support/pages';
import { createTestApp } from '../support/test-app';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);

// The http test flows: realm `main` ("Test realm"), browser flow = SSO cookie | (email, then the
// fixed code `000000`) | a way that always refuses; client `demo` with one redirect URI.
const EMAIL = 'ann@example.com';
const LOGIN = '/realms/main/login';
const ACCOUNT = '/realms/main/account';
const LOGOUT = '/realms/main/logout';
const CODE_STEP = /\/login-actions\/authenticate\?tab_id=[\w-]+&execution=browser%2Fforms%2Ffixed-code$/;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** What the pages say, per language: a missing translation shows up as a heading, label or button not found. */
const TEXT = {
  en: {
    title: 'Sign in – Test realm',
    signIn: 'Sign in',
    email: 'Email address',
    continue: 'Continue',
    tryAnotherWay: 'Try another way',
    code: 'Enter the code',
    codeLabel: 'Code',
    wrongCode: 'That code is not right.',
    account: 'Your account',
    signOutTitle: 'Sign out?',
    signOut: 'Sign out',
    signedOut: 'You have signed out',
  },
  de: {
    title: 'Anmelden – Test realm',
    signIn: 'Anmelden',
    email: 'E-Mail-Adresse',
    continue: 'Weiter',
    tryAnotherWay: 'Auf andere Weise anmelden',
    code: 'Code eingeben',
    codeLabel: 'Code',
    wrongCode: 'Der Code stimmt nicht.',
    account: 'Ihr Konto',
    signOutTitle: 'Abmelden?',
    signOut: 'Abmelden',
    signedOut: 'Sie haben sich abgemeldet',
  },
} as const;
type Texts = (typeof TEXT)[keyof typeof TEXT];

describeWithBrowser('login pages in Chromium', () => {
  let context: BrowserContext | undefined;
  let consoleErrors: ConsoleErrors;
  let screenshots: { readonly dir: string; readonly keep: boolean } | undefined;
  const suite = useBrowserSuite(async () => {
    const t = await createTestApp();
    await t.users.create({ email: EMAIL });
    return t;
  });

  beforeAll(() => {
    // FLOWGATE_SCREENSHOT_DIR keeps the screenshots for a person to look at; otherwise they are scratch.
    const wanted = process.env.FLOWGATE_SCREENSHOT_DIR;
    screenshots = wanted ? { dir: wanted, keep: true } : { dir: mkdtempSync(join(tmpdir(), 'flowgate-e2e-')), keep: false };
  });
  afterAll(() => {
    if (screenshots && !screenshots.keep) rmSync(screenshots.dir, { recursive: true, force: true });
  });

  /** A fresh browser profile for the test (closed after it); the console check covers every page it opens. */
  async function openPage(options: ContextOptions = {}): Promise<Page> {
    ({ context, consoleErrors } = await suite.newContext(options));
    return context.newPage();
  }

  /** Opens the sign-in at `path` and checks the email page is in the expected language. */
  async function startSignIn(page: Page, text: Texts, path = LOGIN): Promise<void> {
    await page.goto(`${suite.url}${path}`);
    await expectHeading(page, text.signIn);
    expect(await page.title()).toBe(text.title);
    expect(await page.getAttribute('html', 'lang')).toBe(text === TEXT.de ? 'de' : 'en');
    expect(await button(page, text.tryAnotherWay).count()).toBe(1);
  }

  /** Types the email and continues; returns once the code page has loaded. */
  async function enterEmail(page: Page, text: Texts): Promise<void> {
    await field(page, text.email).fill(EMAIL);
    await button(page, text.continue).click();
    await page.waitForURL(CODE_STEP);
    await expectHeading(page, text.code);
  }

  /** Types the right code; returns once the account page has loaded. */
  async function enterCode(page: Page, text: Texts): Promise<void> {
    await field(page, text.codeLabel).fill('000000');
    await button(page, text.continue).click();
    await page.waitForURL(`${suite.url}${ACCOUNT}`);
    await expectHeading(page, text.account);
    expect(await page.locator('main').textContent()).toContain(EMAIL);
  }

  /** Signs out through the confirmation page, checking both pages with axe. */
  async function signOut(page: Page, text: Texts, language: string): Promise<void> {
    await page.goto(`${suite.url}${LOGOUT}`);
    await expectHeading(page, text.signOutTitle);
    await expectAccessible(page, `logout-confirm (${language})`);
    await button(page, text.signOut).click();
    await expectHeading(page, text.signedOut);
    await expectAccessible(page, `logged-out (${language})`);
  }

  test('signs in with email and code, lands on the account page and signs out; every page passes axe', async () => {
    const page = await openPage();
    await startSignIn(page, TEXT.en);
    await expectAccessible(page, 'identify-email');
    const shot = await page.screenshot({ path: join(screenshots!.dir, 'identify-email.png'), fullPage: true });
    expect(shot.subarray(0, PNG_SIGNATURE.length)).toEqual(PNG_SIGNATURE);

    await enterEmail(page, TEXT.en);
    await expectAccessible(page, 'fixed-code');

    // A wrong code first: the page with the error summary and the field error must pass too.
    await field(page, TEXT.en.codeLabel).fill('123456');
    await button(page, TEXT.en.continue).click();
    await page.getByRole('alert').getByText(TEXT.en.wrongCode).waitFor();
    await page.waitForLoadState('load');
    expect(await field(page, TEXT.en.codeLabel).getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'fixed-code with an error');

    await enterCode(page, TEXT.en);
    await expectAccessible(page, 'account');

    await signOut(page, TEXT.en, 'en');
    // Signed out for real: the account page sends the browser to sign in again.
    await page.goto(`${suite.url}${ACCOUNT}`);
    await expectHeading(page, TEXT.en.signIn);
    expect(consoleErrors.messages).toEqual([]);
  });

  test('"try another way" shows the chooser; the refusing way hands back to the email step', async () => {
    const page = await openPage();
    await startSignIn(page, TEXT.en);
    await button(page, TEXT.en.tryAnotherWay).click();
    await expectHeading(page, 'Choose how to sign in');
    const choices = await page.locator('button[name="choice"]').all();
    expect(await Promise.all(choices.map((choice) => choice.getAttribute('value')))).toEqual(['browser/forms', 'browser/refuse']);
    await expectAccessible(page, 'select-authenticator');

    // The refusing way is an ALTERNATIVE: when it fails, the next way (email) runs again.
    await button(page, 'Always refuses').click();
    await expectHeading(page, TEXT.en.signIn);
    expect(await field(page, TEXT.en.email).isVisible()).toBe(true);
    expect(consoleErrors.messages).toEqual([]);
  });

  test('a redirect URI the client does not have gets the error page, not a redirect', async () => {
    const page = await openPage();
    const evil = encodeURIComponent('https://evil.example/callback');
    const response = await page.goto(`${suite.url}${LOGIN}?client_id=demo&redirect_uri=${evil}`);
    expect(response?.status()).toBe(400);
    expect(new URL(page.url()).origin).toBe(suite.url);
    await expectHeading(page, 'Something went wrong');
    expect(await page.locator('main').textContent()).toContain('FG_INVALID_REDIRECT_URI');
    await expectAccessible(page, 'error');
    expect(consoleErrors.messages).toEqual([]);
  });

  test('a form from a window the sign-in has moved on from gets page-expired, with a way to continue', async () => {
    const first = await openPage();
    await startSignIn(first, TEXT.en);
    // A second window of the same browser on the same step, like a duplicated tab.
    const second = await context!.newPage();
    await second.goto(first.url());
    await expectHeading(second, TEXT.en.signIn);

    await enterEmail(first, TEXT.en);
    await field(second, TEXT.en.email).fill(EMAIL);
    const [stale] = await Promise.all([second.waitForResponse((r) => r.request().method() === 'POST'), button(second, TEXT.en.continue).click()]);
    expect(stale.status()).toBe(409);
    await expectHeading(second, 'This page has expired');
    await expectAccessible(second, 'page-expired');

    await second.getByRole('link', { name: 'Continue where I was', exact: true }).click();
    await expectHeading(second, TEXT.en.code);
    expect(consoleErrors.messages).toEqual([]);
  });

  test('a planted fg_browser is replaced; the cookie changes at sign-in; the signed-in browser still works (#19 item 5)', async () => {
    const page = await openPage();
    const browserCookie = async (): Promise<string | undefined> => (await context!.cookies(suite.url)).find((c) => c.name === 'fg_browser')?.value;
    await context!.addCookies([{ name: 'fg_browser', value: 'AAAAAAAAAAAAAAAAAAAAAA', url: suite.url }]);
    await startSignIn(page, TEXT.en);
    const issued = await browserCookie();
    expect(issued).toMatch(/^[\w-]{22}\.[\w-]{43}$/);
    expect(issued!.startsWith('AAAAAAAAAAAAAAAAAAAAAA')).toBe(false);

    await enterEmail(page, TEXT.en);
    await enterCode(page, TEXT.en);
    const rotated = await browserCookie();
    expect(rotated).toMatch(/^[\w-]{22}\.[\w-]{43}$/);
    expect(rotated).not.toBe(issued);

    // Signed in with the new id: SSO finishes a new sign-in at once, and the sign-out form's token is the new one's.
    await page.goto(`${suite.url}${LOGIN}`);
    await page.waitForURL(`${suite.url}${ACCOUNT}`);
    await signOut(page, TEXT.en, 'en, after rotation');
    expect(consoleErrors.messages).toEqual([]);
  });

  test('ui_locales=de makes the sign-in German in an English browser', async () => {
    const page = await openPage({ locale: 'en-US' });
    await startSignIn(page, TEXT.de, `${LOGIN}?ui_locales=de`);
    await expectAccessible(page, 'identify-email (de)');

    // The locale belongs to the sign-in: the next step stays German, and so does its error.
    await enterEmail(page, TEXT.de);
    await field(page, TEXT.de.codeLabel).fill('123456');
    await button(page, TEXT.de.continue).click();
    await page.getByRole('alert').getByText(TEXT.de.wrongCode).waitFor();
    await page.waitForLoadState('load');
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    await expectAccessible(page, 'fixed-code with an error (de)');
    expect(consoleErrors.messages).toEqual([]);
  });

  test('a German browser (Accept-Language: de) gets every page in German', async () => {
    const page = await openPage({ locale: 'de' });
    await startSignIn(page, TEXT.de);
    await enterEmail(page, TEXT.de);
    await expectAccessible(page, 'fixed-code (de)');
    await enterCode(page, TEXT.de);
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    await expectAccessible(page, 'account (de)');
    await signOut(page, TEXT.de, 'de');
    expect(consoleErrors.messages).toEqual([]);
  });
});
