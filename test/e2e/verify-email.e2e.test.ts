import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TYPES } from '../../src/composition/container';
import type { DeliveryWorker } from '../../src/mail';
import { BROWSER_TEST_TIMEOUT_MS, describeWithBrowser, launchBrowser, newContext, serve, watchConsoleErrors, type ServedApp } from '../support/browser';
import { button, expectAccessible, expectHeading, field, linkPathIn, newestMailTo } from '../support/pages';
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
    t.container.get(TYPES.DeliveryWorker).start();
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

  /** Signs `email` in up to the verify-email page; returns the page and the path of the mailed link. */
  async function reachVerifyPage(page: Page, email: string): Promise<string> {
    await t.users.create({ email, emailVerified: false });
    await page.goto(`${site.url}${LOGIN}`);
    await field(page, 'Email address').fill(email);
    await button(page, 'Continue').click();
    await field(page, 'Code').fill('000000');
    await button(page, 'Continue').click();
    await expectHeading(page, 'Verify your email address');
    return linkPathIn(await newestMailTo(sink, email));
  }

  it('a link opened on another device signs the waiting tab in by itself', async () => {
    const laptop = await context();
    const tab = await laptop.context.newPage();
    const linkPath = await reachVerifyPage(tab, 'ann@example.com');
    // The waiting page moves on by polling its status, not by a meta refresh (axe: meta-refresh).
    await expectAccessible(tab, 'verify-email');

    const phone = await context();
    const phonePage = await phone.context.newPage();
    await phonePage.goto(`${site.url}${linkPath}`);
    await expectHeading(phonePage, 'Continue signing in');
    await button(phonePage, 'Continue').click();
    await expectHeading(phonePage, 'Done');

    // The waiting page reloads itself and lands on the account page, signed in.
    await expectHeading(tab, 'Your account');
    expect(laptop.errors.messages).toEqual([]);
    expect(phone.errors.messages).toEqual([]);
  });

  it('a link opened in the same browser continues the sign-in there, and cannot be used twice', async () => {
    const laptop = await context();
    const tab = await laptop.context.newPage();
    const linkPath = await reachVerifyPage(tab, 'bob@example.com');
    const mailTab = await laptop.context.newPage();
    await mailTab.goto(`${site.url}${linkPath}`);
    await expectHeading(mailTab, 'Continue signing in');
    await button(mailTab, 'Continue').click();
    await expectHeading(mailTab, 'Your account');

    await mailTab.goto(`${site.url}${linkPath}`);
    await expectHeading(mailTab, 'This link does not work');
    expect(laptop.errors.messages).toEqual([]);
  });
});
