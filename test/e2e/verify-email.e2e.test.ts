import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TYPES } from '../../src/container';
import type { DeliveryWorker } from '../../src/mail';
import { BROWSER_TEST_TIMEOUT_MS, checkA11y, describeWithBrowser, launchBrowser, newContext, serve, watchConsoleErrors, type ServedApp } from '../support/browser';
import { SmtpSink } from '../support/smtp-sink';
import { createTestApp, type TestApp } from '../support/test-app';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);

// Realm `main` of the links fixtures: email, then the fixed code `000000`; verify-email enabled.
const FLOWS = path.join(__dirname, '..', 'fixtures', 'links', 'flows');
const LOGIN = '/realms/main/login';

describeWithBrowser('verify-email in Chromium', () => {
  let browser: Browser;
  let sink: SmtpSink;
  let t: TestApp;
  let site: ServedApp;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [browser, sink] = await Promise.all([launchBrowser(), SmtpSink.start()]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), sink?.stop()]);
  });

  beforeEach(async () => {
    sink.messages.length = 0;
    t = await createTestApp({ flowsDir: FLOWS, env: { SMTP_URL: sink.url } });
    t.container.get<DeliveryWorker>(TYPES.DeliveryWorker).start();
    site = await serve(t.app);
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    await site.close();
    await t.close();
  });

  async function context(): Promise<{ context: BrowserContext; errors: { readonly messages: readonly string[] } }> {
    const created = await newContext(browser);
    contexts.push(created);
    return { context: created, errors: watchConsoleErrors(created) };
  }

  const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true }).waitFor();

  /** Signs `email` in up to the verify-email page; returns the page and the path of the mailed link. */
  async function reachVerifyPage(page: Page, email: string): Promise<string> {
    await t.users.create({ email, emailVerified: false });
    await page.goto(`${site.url}${LOGIN}`);
    await page.getByLabel('Email address', { exact: true }).fill(email);
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await page.getByLabel('Code', { exact: true }).fill('000000');
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await heading(page, 'Verify your email address');
    const mail = await sink.waitForMessage((m) => m.envelope.to.includes(email));
    const link = /http:\/\/\S+\/realms\/main\/login-actions\/link\?key=[\w-]+/.exec(mail.parsed.text ?? '')?.[0];
    if (!link) throw new Error(`no link in ${mail.parsed.text}`);
    const url = new URL(link);
    return `${url.pathname}${url.search}`;
  }

  it('a link opened on another device signs the waiting tab in by itself', async () => {
    const laptop = await context();
    const tab = await laptop.context.newPage();
    const linkPath = await reachVerifyPage(tab, 'ann@example.com');
    // The waiting page moves on by polling its status, not by a meta refresh (axe: meta-refresh).
    await tab.waitForLoadState('load');
    expect(await checkA11y(tab)).toEqual([]);

    const phone = await context();
    const phonePage = await phone.context.newPage();
    await phonePage.goto(`${site.url}${linkPath}`);
    await heading(phonePage, 'Continue signing in');
    await phonePage.getByRole('button', { name: 'Continue', exact: true }).click();
    await heading(phonePage, 'Done');

    // The waiting page reloads itself and lands on the account page, signed in.
    await heading(tab, 'Your account');
    expect(laptop.errors.messages).toEqual([]);
    expect(phone.errors.messages).toEqual([]);
  });

  it('a link opened in the same browser continues the sign-in there, and cannot be used twice', async () => {
    const laptop = await context();
    const tab = await laptop.context.newPage();
    const linkPath = await reachVerifyPage(tab, 'bob@example.com');
    const mailTab = await laptop.context.newPage();
    await mailTab.goto(`${site.url}${linkPath}`);
    await heading(mailTab, 'Continue signing in');
    await mailTab.getByRole('button', { name: 'Continue', exact: true }).click();
    await heading(mailTab, 'Your account');

    await mailTab.goto(`${site.url}${linkPath}`);
    await heading(mailTab, 'This link does not work');
    expect(laptop.errors.messages).toEqual([]);
  });
});
