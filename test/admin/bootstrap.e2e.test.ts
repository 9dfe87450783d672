import type { Server } from 'node:http';
import type { Browser, BrowserContext } from 'playwright-core';
import { bootstrapAdmin } from '../../src/admin/bootstrap/admin-setup';
import { adminApiDepsFrom } from '../../src/composition/container';
import type { Logger } from '../../src/logging/logger';
import { BROWSER_TEST_TIMEOUT_MS, describeWithBrowser, launchBrowser, newContext, watchConsoleErrors } from '../support/browser';
import { button, expectAccessible, expectHeading } from '../support/pages';
import { createTestApp, type TestApp } from '../support/test-app';
import { freePort } from '../support/free-port';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);

const quiet = { warn: () => undefined, info: () => undefined } as unknown as Logger;

describeWithBrowser('the bootstrap sign-in link in Chromium', () => {
  let browser: Browser;
  let t: TestApp;
  let server: Server;
  let context: BrowserContext;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    [browser, t] = await Promise.all([launchBrowser(), createTestApp({ env: { PUBLIC_URL: base, FLOWGATE_ADMIN_EMAIL: 'boss@example.test' } })]);
    server = t.app.listen(port, '127.0.0.1');
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await browser.close();
    await t.close();
  });

  test('confirm page, sign-in to the console with a working session, and the page of a used link: all accessible', async () => {
    const { link } = await bootstrapAdmin({ ...adminApiDepsFrom(t.container), logger: quiet });
    context = await newContext(browser);
    const errors = watchConsoleErrors(context);
    const page = await context.newPage();

    await page.goto(link!.url);
    await expectHeading(page, 'Sign in to the admin console');
    await expectAccessible(page, 'admin-bootstrap');

    await button(page, 'Sign in').click();
    await page.waitForURL(`${base}/admin/`);
    const session = await page.evaluate(async () => {
      const res = await fetch('/admin/api/session');
      return { status: res.status, body: (await res.json()) as { via?: string; user?: { email?: string } } };
    });
    expect(session).toMatchObject({ status: 200, body: { via: 'session', user: { email: 'boss@example.test' } } });

    await page.goto(link!.url);
    await expectHeading(page, 'This sign-in link does not work');
    await expectAccessible(page, 'admin-bootstrap-invalid');
    expect(errors.messages).toEqual([]);
    await context.close();
  });
});
