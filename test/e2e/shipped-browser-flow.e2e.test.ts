import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TYPES } from '../../src/container';
import type { DeliveryWorker } from '../../src/mail';
import { BROWSER_TEST_TIMEOUT_MS, checkA11y, describeWithBrowser, launchBrowser, newContext, serve, watchConsoleErrors, type ServedApp } from '../support/browser';
import { SmtpSink, type ReceivedMail } from '../support/smtp-sink';
import { createTestApp, type TestApp } from '../support/test-app';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);

/** The flows a new install serves: the repository's own `flows/` directory, unchanged. */
const SHIPPED_FLOWS = path.join(__dirname, '..', '..', 'flows');
const ANN = 'ann@example.com';

describeWithBrowser('the shipped browser flow in Chromium: magic link or email code, with "try another way" between them', () => {
  let sink: SmtpSink;
  let browser: Browser;
  let t: TestApp;
  let site: ServedApp;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    [browser, t] = await Promise.all([
      launchBrowser(),
      createTestApp({ flowsDir: SHIPPED_FLOWS, plugins: [], env: { SMTP_URL: sink.url, MAIL_FROM: 'Flowgate <no-reply@id.example.test>' } }),
    ]);
    t.container.get<DeliveryWorker>(TYPES.DeliveryWorker).start();
    site = await serve(t.app);
    await t.users.create({ email: ANN, emailVerified: true });
  });

  afterAll(async () => {
    await context?.close();
    await Promise.all([browser?.close(), site?.close()]);
    await t?.close();
    await sink?.stop();
  });

  const heading = async (page: Page, name: string): Promise<void> => {
    await page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
    await page.waitForLoadState('load');
  };
  const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
  async function expectAccessible(page: Page, name: string): Promise<void> {
    expect({ page: name, violations: await checkA11y(page) }).toEqual({ page: name, violations: [] });
  }

  /** The path of the link in the newest mail to `to` with `subject`, waiting until there are `count` of them. */
  async function newestLink(to: string, subject: string, count: number): Promise<string> {
    const matching = (): ReceivedMail[] => sink.messages.filter((m) => m.envelope.to.includes(to) && m.parsed.subject === subject);
    await sink.waitForMessage(() => matching().length >= count);
    const text = matching().at(-1)!.parsed.text ?? '';
    const link = /https?:\/\/\S+\/realms\/main\/login-actions\/link\?key=[\w-]+/.exec(text)?.[0];
    if (!link) throw new Error(`no link in:\n${text}`);
    const url = new URL(link);
    return `${url.pathname}${url.search}`;
  }

  it('asks for the email, offers link and code, switches both ways, and the link signs in; every page passes axe', async () => {
    context = await newContext(browser, { locale: 'en-US' });
    const errors = watchConsoleErrors(context);
    const tab = await context.newPage();

    await tab.goto(`${site.url}/realms/main/login`);
    await heading(tab, 'Sign in');
    await expectAccessible(tab, 'identify-email');
    await tab.getByLabel('Email address', { exact: true }).fill(ANN);
    await button(tab, 'Continue').click();

    // Magic link first: the waiting page, which polls its status (no meta refresh).
    await heading(tab, 'Check your email');
    await button(tab, 'I clicked the link').waitFor();
    expect(await tab.locator('meta[http-equiv="refresh"]').count()).toBe(0);
    expect(await tab.locator('script[src="/static/poll.js"]').count()).toBe(1);
    await expectAccessible(tab, 'magic-link');
    await newestLink(ANN, 'Your sign-in link', 1);

    // Try another way -> the code.
    await button(tab, 'Try another way').click();
    await heading(tab, 'Choose how to sign in');
    await expectAccessible(tab, 'select-authenticator');
    await button(tab, 'Email me a code').click();
    await heading(tab, 'Check your email');
    const code = tab.getByLabel('Code', { exact: true });
    expect(await code.getAttribute('autocomplete')).toBe('one-time-code');
    expect(await code.getAttribute('inputmode')).toBe('numeric');
    await button(tab, 'Send a new code').waitFor();
    await expectAccessible(tab, 'email-otp');
    await sink.waitForMessage((m) => m.envelope.to.includes(ANN) && m.parsed.subject === 'Your sign-in code');

    // ... and back to the link, which is then opened in another tab of the same browser.
    await button(tab, 'Try another way').click();
    await heading(tab, 'Choose how to sign in');
    await button(tab, 'Email me a sign-in link').click();
    await heading(tab, 'Check your email');
    await button(tab, 'I clicked the link').waitFor();
    const linkPath = await newestLink(ANN, 'Your sign-in link', 1);

    const mailTab = await context.newPage();
    await mailTab.goto(`${site.url}${linkPath}`);
    await heading(mailTab, 'Continue signing in');
    await expectAccessible(mailTab, 'link-confirm');
    await button(mailTab, 'Continue').click();
    await heading(mailTab, 'Your account');
    await expectAccessible(mailTab, 'account');

    // The waiting tab notices by itself (its status changed) and shows where the sign-in ended.
    await heading(tab, 'Your account');
    expect(errors.messages).toEqual([]);
    expect((await t.events.query({ realm: 'main', type: 'LOGIN' })).length).toBe(1);
  });
});
