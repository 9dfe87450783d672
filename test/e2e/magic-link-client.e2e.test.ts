import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { BROWSER_TEST_TIMEOUT_MS, describeWithBrowser } from '../support/browser';
import { useBrowserSuite, type ConsoleErrors } from '../support/browser-suite';
import { CLIENT_APP_HEADING, startClientApp, type ClientApp } from '../support/client-app';
import { createSmtpTestApp } from '../support/mail-test-app';
import { approvalNumberOn, button, expectAccessible, expectHeading, field, linkPathIn, newestMailTo } from '../support/pages';
import { SmtpSink } from '../support/smtp-sink';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);

// The magic-link flow of the browser tests (continue-original, sign-up on first use, no profile
// step), in a realm whose client returns to an app on another origin than Flowgate.
const LINK_FLOW = path.join(__dirname, '..', 'fixtures', 'magic-link', 'e2e', 'flows', 'link.json');

/** How long the waiting page may take to notice by itself that its sign-in moved on (it polls every 3 s). */
const MOVES_ON_WITHIN_MS = 20_000;

const TEXT = {
  en: { lang: 'en', signIn: 'Sign in', email: 'Email address', continue: 'Continue', waiting: 'Check your email', confirmLink: 'Continue signing in', subject: 'Your sign-in link' },
  de: { lang: 'de', signIn: 'Anmelden', email: 'E-Mail-Adresse', continue: 'Weiter', waiting: 'Sehen Sie in Ihre E-Mails', confirmLink: 'Anmeldung fortsetzen', linkDone: 'Erledigt', subject: 'Ihr Anmeldelink' },
} as const;

/** A flows directory with the link flow and realm `main`, whose client `app` returns to `redirectUri`. */
function flowsWithClient(redirectUri: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowgate-client-flows-'));
  copyFileSync(LINK_FLOW, path.join(dir, 'link.json'));
  const realm = {
    realm: 'main',
    displayName: 'Flowgate main',
    settings: { loginTimeoutSeconds: 3600, defaultLocale: 'en', supportedLocales: ['en', 'de'] },
    bindings: { browser: 'link' },
    clients: [{ clientId: 'app', redirectUris: [redirectUri] }],
  };
  writeFileSync(path.join(dir, 'main.realm.json'), JSON.stringify(realm, null, 2));
  return dir;
}

describeWithBrowser('magic link in Chromium: the sign-in ends at a client on another origin', () => {
  let sink: SmtpSink;
  let client: ClientApp;
  let flowsDir: string | undefined;
  const suite = useBrowserSuite(async () => {
    [sink, client] = await Promise.all([SmtpSink.start(), startClientApp()]);
    flowsDir = flowsWithClient(client.redirectUri);
    return createSmtpTestApp(sink, { flowsDir, plugins: [] });
  });
  afterAll(async () => {
    await Promise.all([sink?.stop(), client?.close()]);
    if (flowsDir) rmSync(flowsDir, { recursive: true, force: true });
  });

  const login = (extra = ''): string => `/realms/main/login?client_id=app&redirect_uri=${encodeURIComponent(client.redirectUri)}${extra}`;

  /** Starts the client's sign-in on `page` and sends the address; returns the path of the mailed link. */
  async function askForLink(page: Page, email: string, text: (typeof TEXT)[keyof typeof TEXT] = TEXT.en, extra = ''): Promise<string> {
    await page.goto(`${suite.url}${login(extra)}`);
    await expectHeading(page, text.signIn);
    await field(page, text.email).fill(email);
    await button(page, text.continue).click();
    await expectHeading(page, text.waiting);
    await expectAccessible(page, `magic-link (${email})`);
    return linkPathIn(await newestMailTo(sink, email, 1, text.subject));
  }

  /** Opens the link on `page` and presses its button: "Continue", or in another browser the `number` the waiting tab shows. */
  async function confirmLink(page: Page, linkPath: string, name: string, text: (typeof TEXT)[keyof typeof TEXT] = TEXT.en, number?: string): Promise<void> {
    await page.goto(`${suite.url}${linkPath}`);
    await expectHeading(page, text.confirmLink);
    expect(await page.getAttribute('html', 'lang')).toBe(text.lang);
    await expectAccessible(page, `link-confirm (${name})`);
    await button(page, number ?? text.continue).click();
  }

  /** `page` ends at the client's redirect URI, on the client's own page. */
  async function expectAtClient(page: Page, name: string, errors: ConsoleErrors, timeout?: number): Promise<void> {
    try {
      await page.waitForURL(client.redirectUri, timeout === undefined ? {} : { timeout });
    } catch (err) {
      // A blocked redirect leaves the page as it was and says why only on the console (a CSP violation).
      throw new Error(`${name} stayed at ${page.url()}; console: ${JSON.stringify(errors.messages)}`, { cause: err });
    }
    await expectHeading(page, CLIENT_APP_HEADING);
    await expectAccessible(page, `client (${name})`);
  }

  /** A tab in a new browser profile (another device) whose language is English. */
  async function englishBrowser(): Promise<{ tab: Page; consoleErrors: ConsoleErrors }> {
    const { context, consoleErrors } = await suite.newContext({ locale: 'en-US' });
    return { tab: await context.newPage(), consoleErrors };
  }

  const logins = async (): Promise<number> => (await suite.t.events.query({ realm: 'main', type: 'LOGIN' })).length;

  it('returning user, same browser, the link opened in a new tab: that tab ends at the client, and so does the waiting tab', async () => {
    const email = 'ann@example.com';
    await suite.t.users.create({ email });
    const { tab, consoleErrors } = await englishBrowser();
    const before = await logins();
    const linkPath = await askForLink(tab, email);

    const mailTab = await tab.context().newPage();
    await confirmLink(mailTab, linkPath, 'new tab');
    await expectAtClient(mailTab, 'new tab', consoleErrors);
    await expectAtClient(tab, 'waiting tab', consoleErrors, MOVES_ON_WITHIN_MS);
    expect(await logins()).toBe(before + 1);
    expect(consoleErrors.messages).toEqual([]);
  });

  it('returning user, same browser, the link opened in the waiting tab itself: it ends at the client', async () => {
    const email = 'bob@example.com';
    await suite.t.users.create({ email });
    const { tab, consoleErrors } = await englishBrowser();
    const before = await logins();
    await confirmLink(tab, await askForLink(tab, email), 'waiting tab');
    await expectAtClient(tab, 'waiting tab', consoleErrors);
    expect(await logins()).toBe(before + 1);
    expect(consoleErrors.messages).toEqual([]);
  });

  it('a new person signed up by the link (no step follows) ends at the client', async () => {
    const email = 'new@example.com';
    const { tab, consoleErrors } = await englishBrowser();
    const linkPath = await askForLink(tab, email);
    const mailTab = await tab.context().newPage();
    await confirmLink(mailTab, linkPath, 'sign-up');
    await expectAtClient(mailTab, 'sign-up', consoleErrors);
    expect(await suite.t.users.findByEmail(email)).toMatchObject({ emailVerified: true });
    expect(consoleErrors.messages).toEqual([]);
  });

  it("a German sign-in's link opens in German in an English browser, and the sign-in still ends at the client", async () => {
    const email = 'cat@example.com';
    await suite.t.users.create({ email });
    const laptop = await englishBrowser();
    const linkPath = await askForLink(laptop.tab, email, TEXT.de, '&ui_locales=de');

    const phone = await englishBrowser();
    const number = await approvalNumberOn(laptop.tab);
    await confirmLink(phone.tab, linkPath, 'German, other device', TEXT.de, number);
    await expectHeading(phone.tab, TEXT.de.linkDone);
    expect(await phone.tab.getAttribute('html', 'lang')).toBe('de');
    await expectAccessible(phone.tab, 'link-done (German)');

    await expectAtClient(laptop.tab, 'German waiting tab', laptop.consoleErrors, MOVES_ON_WITHIN_MS);
    expect([...laptop.consoleErrors.messages, ...phone.consoleErrors.messages]).toEqual([]);
  });
});
