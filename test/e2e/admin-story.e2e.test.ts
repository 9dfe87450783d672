import net from 'node:net';
import path from 'node:path';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { bootstrapAdmin } from '../../src/admin/bootstrap/admin-setup';
import { adminApiDepsFrom, TYPES } from '../../src/composition/container';
import type { Logger } from '../../src/logging/logger';
import type { DeliveryWorker } from '../../src/mail';
import { BROWSER_TEST_TIMEOUT_MS, describeWithBrowser, launchBrowser, newContext, watchConsoleErrors } from '../support/browser';
import { button, codeIn, expectAccessible, expectHeading, newestMailTo } from '../support/pages';
import { SmtpSink } from '../support/smtp-sink';
import { createTestApp, type TestApp } from '../support/test-app';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS * 3);

const SHIPPED_FLOWS = path.join(__dirname, '..', '..', 'flows');
const ANN = 'ann@example.com';
const COPY = 'browser-otp';
const quiet = { warn: () => undefined, info: () => undefined } as unknown as Logger;

/** A port nobody listens on now: the public URL must be known before the app is built. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Presses Tab until `target` has the focus (at most 60 times), as a keyboard-only admin would. */
async function tabTo(page: Page, label: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate('document.activeElement && document.activeElement.labels && document.activeElement.labels[0] ? document.activeElement.labels[0].textContent : null');
    if (focused === label) return;
  }
  throw new Error(`Tab never reached "${label}"`);
}

describeWithBrowser('the admin story in Chromium', () => {
  let sink: SmtpSink;
  let browser: Browser;
  let t: TestApp;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    sink = await SmtpSink.start();
    [browser, t] = await Promise.all([
      launchBrowser(),
      createTestApp({ flowsDir: SHIPPED_FLOWS, plugins: [], env: { PUBLIC_URL: base, FLOWGATE_ADMIN_EMAIL: 'boss@example.test', SMTP_URL: sink.url, MAIL_FROM: 'Flowgate <no-reply@id.example.test>' } }),
    ]);
    t.container.get(TYPES.DeliveryWorker).start();
    server = t.app.listen(port, '127.0.0.1');
    await t.users.create({ email: ANN, emailVerified: true });
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await browser?.close();
    await t?.close();
    await sink?.stop();
  });

  test('bootstrap, copy and edit the browser flow, bind it, sign in through it, see and revoke the session; every view passes axe', async () => {
    const { link } = await bootstrapAdmin({ ...adminApiDepsFrom(t.container), logger: quiet });
    const admin = await newContext(browser);
    const errors = watchConsoleErrors(admin);
    const page = await admin.newPage();
    page.on('dialog', (dialog) => void dialog.accept());

    // Not signed in: the console explains how to sign in.
    await page.goto(`${base}/admin/`);
    await expectHeading(page, 'Sign in to the admin console');
    await expectAccessible(page, 'admin-sign-in-hint');

    // Sign in with the bootstrap link.
    await page.goto(link!.url);
    await button(page, 'Sign in').click();
    await page.waitForURL(`${base}/admin/`);
    await expectHeading(page, 'Flows of main');
    await expectAccessible(page, 'admin-flows');

    // Copy the built-in browser flow.
    await page.getByLabel('New alias for the copy of browser', { exact: true }).fill(COPY);
    await button(page, 'Copy browser').click();
    await expectHeading(page, `Flow ${COPY}`);
    await expectAccessible(page, 'admin-flow-editor');

    // The copy already has email OTP: remove it, then add it back as an alternative to magic link.
    await button(page, 'Remove Email code').click();
    await page.locator('#announcer', { hasText: 'Email code removed.' }).waitFor();
    expect(await page.locator('.ad-node-name', { hasText: 'Email code' }).count()).toBe(0);
    const methods = `sub-flow ${COPY}/forms/methods`;
    await page.getByLabel(`Step to add to ${methods}`, { exact: true }).selectOption('authenticator:email-otp');
    await page.getByLabel(`Requirement of the new step in ${methods}`, { exact: true }).selectOption('ALTERNATIVE');
    await page.locator('fieldset', { hasText: `Add a step to ${methods}` }).getByRole('button', { name: 'Add step' }).click();
    await page.locator('.ad-node-name', { hasText: 'Email code' }).waitFor();

    // Turn magic link's force-create-user off in its generated config form.
    await page.getByText(`Settings of Magic link — step ${COPY}/forms/methods/magic-link`, { exact: true }).click();
    const force = page.locator('details', { hasText: 'Settings of Magic link' }).getByLabel('Create unknown users', { exact: true });
    expect(await force.isChecked()).toBe(true);
    await force.uncheck();
    await button(page, 'Save settings of Magic link').click();
    await page.locator('#announcer', { hasText: `Settings saved: Magic link — step ${COPY}/forms/methods/magic-link.` }).waitFor();
    const saved = await page.evaluate(async (alias) => (await (await fetch(`/admin/api/realms/main/flows/${alias}`)).json()) as unknown, COPY);
    expect(JSON.stringify(saved)).toContain('"forceCreateUser":false');

    // Keyboard only: Tab to a requirement picker, change it, save; then back.
    await page.getByRole('link', { name: 'All flows' }).focus();
    await tabTo(page, 'Requirement of Email code');
    await page.keyboard.press('d');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('#announcer', { hasText: 'Requirement of Email code saved.' }).waitFor();
    expect(await page.getByLabel('Requirement of Email code', { exact: true }).inputValue()).toBe('DISABLED');
    await page.getByLabel('Requirement of Email code', { exact: true }).focus();
    await page.keyboard.press('a');
    await page.keyboard.press('Tab');
    const patched = page.waitForResponse((res) => res.request().method() === 'PATCH');
    await page.keyboard.press('Enter');
    expect((await patched).status()).toBe(200);
    expect(await page.getByLabel('Requirement of Email code', { exact: true }).inputValue()).toBe('ALTERNATIVE');

    // The flow check view.
    await page.getByRole('link', { name: 'Check this flow for an example user' }).click();
    await expectHeading(page, `Check flow ${COPY}`);
    await button(page, 'Check').click();
    await page.getByText('Outcome: signed in.').waitFor();
    await expectAccessible(page, 'admin-flow-check');

    // Bind the copy to the browser slot.
    await page.getByRole('link', { name: 'Bindings' }).click();
    await expectHeading(page, 'Bindings of main');
    await expectAccessible(page, 'admin-bindings');
    await page.getByLabel('Flow of the browser slot', { exact: true }).selectOption(COPY);
    await page.locator('form', { has: page.getByLabel('Flow of the browser slot', { exact: true }) }).getByRole('button', { name: 'Save' }).click();
    await page.getByText('Flow of the browser slot: saved.').waitFor();

    // A second browser signs in to realm main through the new flow with an emailed code.
    const person = await newContext(browser);
    const tab = await person.newPage();
    await tab.goto(`${base}/realms/main/login`);
    await tab.getByLabel('Email address', { exact: true }).fill(ANN);
    // The copy kept the shipped flow's askFirst: the address page asks which mail to send.
    await button(tab, 'Email me a code').click();
    await expectHeading(tab, 'Check your email');
    const code = codeIn(await newestMailTo(sink, ANN, 1, 'Your sign-in code'));
    await tab.getByLabel('Code', { exact: true }).fill(code);
    await tab.getByRole('button', { name: /sign in|continue|verify/i }).first().click();
    // A sign-in by mail offers a passkey (register-passkey in the main realm); not now.
    await expectHeading(tab, 'Sign in faster next time');
    await button(tab, 'Not now').click();
    await expectHeading(tab, 'Your account');

    // The outbox shows the mail.
    await page.getByRole('link', { name: 'Mail outbox' }).click();
    await expectHeading(page, 'Mail outbox');
    await page.getByRole('button', { name: `View the mail “Your sign-in code” to ${ANN}` }).first().click();
    // Delivered over SMTP, so its bodies are erased (the dev outbox keeps them); the message is listed and opens.
    await page.locator('#mail-viewer h2', { hasText: 'Your sign-in code' }).waitFor();
    await expectAccessible(page, 'admin-mail');

    // The LOGIN event and the new session in the console.
    await page.getByRole('link', { name: 'Events' }).click();
    await expectHeading(page, 'Events of main');
    await page.getByLabel('Type (e.g. LOGIN)', { exact: true }).fill('LOGIN');
    await button(page, 'Filter').click();
    await page.locator('.ad-table td', { hasText: /^LOGIN$/ }).first().waitFor();
    await expectAccessible(page, 'admin-events');

    await page.getByRole('link', { name: 'Users' }).click();
    await expectHeading(page, 'Users of main');
    await expectAccessible(page, 'admin-users');
    await page.getByRole('link', { name: ANN }).click();
    await expectHeading(page, `User ${ANN}`);
    const revoke = page.getByRole('button', { name: /^Revoke the session/ });
    expect(await revoke.count()).toBe(1);
    await expectAccessible(page, 'admin-user');
    await revoke.click();
    await page.locator('#sessions', { hasText: 'Nothing to show.' }).waitFor();

    // The person is signed out: their account page asks them to sign in again.
    await tab.reload();
    await expectHeading(tab, 'Sign in');

    // The one expected failed load: the console asking who is signed in before anyone is (401).
    expect(errors.messages.filter((m) => !/\/admin\/api\/session\): Failed to load resource: .* 401/.test(m))).toEqual([]);
    await person.close();
    await admin.close();
  });
});
