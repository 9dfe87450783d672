import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ADMIN_SESSION_COOKIE } from '../../src/admin/admin-cookie';
import { TYPES } from '../../src/composition/container';
import type { MailService } from '../../src/mail';
import type { UserSessionStore } from '../../src/store/user-session.store';
import { BROWSER_TEST_TIMEOUT_MS, describeWithBrowser } from '../support/browser';
import { useBrowserSuite } from '../support/browser-suite';
import { createAdminTestApp, type AdminTestApp } from '../support/admin-test-app';
import { button, expectAccessible, expectHeading } from '../support/pages';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS * 2);

// The shipped realm `main` (locales en and de): its built-in browser flow offers a magic link and an
// email code, and both plugins have an option titled "Create unknown users".
const SHIPPED_FLOWS = path.join(__dirname, '..', '..', 'flows');
const MAGIC = 'Magic link';
const OTP = 'Email code';
const CREATE_USERS = 'Create unknown users';

describeWithBrowser('the admin console while configuring a magic link: step settings, localised texts, tables', () => {
  let admin: AdminTestApp;
  const suite = useBrowserSuite(async () => (admin = await createAdminTestApp({ flowsDir: SHIPPED_FLOWS, plugins: [] })));

  async function openConsole(hash: string, heading: string): Promise<{ page: Page; consoleErrors: { readonly messages: readonly string[] } }> {
    const { context, consoleErrors } = await suite.newContext();
    await context.addCookies([{ name: ADMIN_SESSION_COOKIE, value: admin.console.cookie, url: suite.url }]);
    const page = await context.newPage();
    await page.goto(`${suite.url}/admin/${hash}`);
    await expectHeading(page, heading);
    return { page, consoleErrors };
  }

  /** The settings group of one step, named by its plugin and its step id. */
  const settingsOf = (page: Page, plugin: string, step: string): Locator =>
    page.getByRole('group', { name: `Settings of ${plugin} — step ${step}`, exact: true });

  test('a built-in flow shows its steps\' settings read-only, each named by plugin and step, with "Copy to change" beside them', async () => {
    const { page, consoleErrors } = await openConsole('#/main/flows/browser', 'Flow browser');
    const magic = settingsOf(page, MAGIC, 'browser/forms/methods/magic-link');
    const otp = settingsOf(page, OTP, 'browser/forms/methods/email-otp');
    await magic.locator('summary').click();
    await otp.locator('summary').click();

    // The same option title in both steps, each under its own plugin's name and with its own value.
    expect(await settingValue(magic, CREATE_USERS)).toBe('Yes (default)');
    expect(await settingValue(otp, CREATE_USERS)).toBe('No (default)');
    expect(await settingValue(magic, 'Link lifetime (seconds)')).toMatch(/^\d+ \(default\)$/);
    expect(await magic.locator('input, select, textarea').count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Save/ }).count()).toBe(0);
    await expectAccessible(page, 'built-in flow with its settings shown', 'all');

    await magic.getByRole('button', { name: /^Copy to change/ }).click();
    await expectHeading(page, 'Flow browser-copy');
    await admin.api('get', '/realms/main/flows/browser-copy').expect(200);
    await settingsOf(page, MAGIC, 'browser-copy/forms/methods/magic-link').waitFor();
    expect(consoleErrors.messages).toEqual([]);
  });

  test("saving a step's settings shows a visible confirmation naming the step until the next action, the panel stays open and the focus on its Save", async () => {
    await admin.api('post', '/realms/main/flows/browser/copy').send({ alias: 'magic' }).expect(201);
    const { page, consoleErrors } = await openConsole('#/main/flows/magic', 'Flow magic');
    const magic = settingsOf(page, MAGIC, 'magic/forms/methods/magic-link');
    const otp = settingsOf(page, OTP, 'magic/forms/methods/email-otp');
    await magic.locator('summary').click();
    await otp.locator('summary').click();

    // Two fields share the label; the group around each names its plugin and step.
    expect(await page.getByLabel(CREATE_USERS, { exact: true }).count()).toBe(2);
    const force = magic.getByLabel(CREATE_USERS, { exact: true });
    expect(await force.isChecked()).toBe(true);
    expect(await otp.getByLabel(CREATE_USERS, { exact: true }).isChecked()).toBe(false);
    await expectAccessible(page, 'flow editor, both settings open', 'all');

    await force.uncheck();
    await button(page, `Save settings of ${MAGIC}`).click();
    const status = page.getByRole('status').filter({ hasText: `Settings saved: ${MAGIC} — step magic/forms/methods/magic-link.` });
    await status.waitFor();
    await expectShown(page, status);
    expect(await magic.getAttribute('open')).not.toBeNull();
    expect(await page.evaluate('document.activeElement && document.activeElement.textContent')).toBe(`Save settings of ${MAGIC}`);
    expect(await magic.getByLabel(CREATE_USERS, { exact: true }).isChecked()).toBe(false);
    expect(steps(await admin.api('get', '/realms/main/flows/magic').expect(200))).toMatchObject({ 'magic-link': { forceCreateUser: false } });
    await expectAccessible(page, 'flow editor, settings saved', 'all');

    // Still there once the admin moves on to read the page; replaced by the next action's outcome.
    await page.keyboard.press('Tab');
    await page.waitForTimeout(300);
    await expectShown(page, status);
    await otp.getByLabel('Mails per address per hour', { exact: true }).fill('7');
    await button(page, `Save settings of ${OTP}`).click();
    await page.getByRole('status').filter({ hasText: `Settings saved: ${OTP} — step magic/forms/methods/email-otp.` }).waitFor();
    expect(await status.count()).toBe(0);
    expect(steps(await admin.api('get', '/realms/main/flows/magic').expect(200))).toMatchObject({ 'magic-link': { forceCreateUser: false }, 'email-otp': { maxSendsPerHour: 7 } });
    expect(consoleErrors.messages).toEqual([]);
  });

  test("the terms' text is one field per supported locale, saved by locale with empty ones left out; refusals land on their locale's field", async () => {
    const { page, consoleErrors } = await openConsole('#/main/required-actions', 'Required actions of main');
    const terms = page.locator('section', { has: page.getByRole('heading', { name: 'Terms and conditions', exact: true }) });
    const english = terms.getByLabel('Text (English)', { exact: true });
    const german = terms.getByLabel('Text (Deutsch)', { exact: true });
    expect(await english.evaluate((el) => el.tagName)).toBe('TEXTAREA');
    expect(await german.getAttribute('lang')).toBe('de');
    expect(await terms.getByLabel('Text', { exact: true }).count()).toBe(0);
    await expectAccessible(page, 'required actions with the terms fields', 'all');

    // English is required by the schema: marked before anything is sent.
    await terms.getByLabel('Version', { exact: true }).fill('2025-01');
    await german.fill('Seien Sie nett.');
    await button(page, 'Save Terms and conditions').click();
    await expectFieldError(english, 'Required.');

    await english.fill('Be nice.\n\nReally.');
    await german.fill('');
    await button(page, 'Save Terms and conditions').click();
    await terms.getByText('Saved:', { exact: false }).waitFor();
    expect((await admin.api('get', '/realms/main/required-actions/terms-and-conditions').expect(200)).body.config).toEqual({ version: '2025-01', text: { en: 'Be nice.\n\nReally.' } });

    // A refusal of the German text (the server's own answer to it) is shown at the German field.
    const current = await admin.api('get', '/realms/main/required-actions/terms-and-conditions').expect(200);
    const refusal = await admin
      .api('put', '/realms/main/required-actions/terms-and-conditions')
      .set('If-Match', current.headers['etag'])
      .send({ config: { version: '2025-01', text: { en: 'Be nice.', de: '' } } })
      .expect(400);
    expect(refusal.body.errors).toContainEqual(expect.objectContaining({ path: '/config/text/de' }));
    await page.route('**/admin/api/realms/main/required-actions/terms-and-conditions', (route) => route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify(refusal.body) }), { times: 1 });
    await german.fill('Seien Sie nett.');
    await button(page, 'Save Terms and conditions').click();
    await expectFieldError(german, refusal.body.errors[0].code);
    await expectAccessible(page, 'terms refused at the German field', 'all');

    // "Saved:" is still shown from the save before: wait for this save's answer instead.
    const saved = page.waitForResponse((r) => r.url().endsWith('/required-actions/terms-and-conditions') && r.request().method() === 'PUT');
    await button(page, 'Save Terms and conditions').click();
    expect((await saved).status()).toBe(200);
    expect((await admin.api('get', '/realms/main/required-actions/terms-and-conditions').expect(200)).body.config).toEqual({ version: '2025-01', text: { en: 'Be nice.\n\nReally.', de: 'Seien Sie nett.' } });
    await page.reload();
    await expectHeading(page, 'Required actions of main');
    expect(await english.inputValue()).toBe('Be nice.\n\nReally.');
    expect(await german.inputValue()).toBe('Seien Sie nett.');
    expect(consoleErrors.messages.filter((m) => !/status of 400/.test(m))).toEqual([]);
  });

  test('the mail outbox, the user page and the API tokens name every column', async () => {
    await admin.container.get(TYPES.MailService).enqueue({ realm: 'main', to: 'ann@example.test', template: 'test-message', locale: 'en' });
    const ann = await admin.users.create({ email: 'ann@example.test', emailVerified: true });
    await admin.api('put', `/realms/main/users/${ann.id}/required-actions/update-profile`).expect(200);
    await admin.container.get(TYPES.UserSessionStore).create({ realm: 'main', userId: ann.id });

    const { page, consoleErrors } = await openConsole('#/-/mail', 'Mail outbox');
    for (const [hash, heading] of [['#/-/mail', 'Mail outbox'], [`#/main/users/${ann.id}`, 'User ann@example.test'], ['#/main/users', 'Users of main'], ['#/-/tokens', 'API tokens']] as const) {
      await page.goto(`${suite.url}/admin/${hash}`);
      await expectHeading(page, heading);
      await page.locator('tbody tr').first().waitFor();
      expect({ hash, empty: await page.locator('th').evaluateAll((ths) => ths.filter((th) => (th.textContent ?? '').trim() === '').length) }).toEqual({ hash, empty: 0 });
      await expectAccessible(page, hash, 'all');
    }
    expect(consoleErrors.messages).toEqual([]);
  });
});

/** The value shown for the setting titled `title` in a read-only settings group. */
async function settingValue(group: Locator, title: string): Promise<string | undefined> {
  return group.locator('dt').evaluateAll((dts, wanted) => {
    const dt = dts.find((el) => el.textContent === wanted);
    return dt?.nextElementSibling?.textContent ?? undefined;
  }, title);
}

/** The config of each top-level plugin step of the copied browser flow's methods sub-flow, by plugin id. */
function steps(res: { body: { executions: unknown[] } }): Record<string, unknown> {
  const found: Record<string, unknown> = {};
  const walk = (executions: unknown[]): void => {
    for (const e of executions as Array<{ authenticator?: string; config?: unknown; flow?: { executions: unknown[] } }>) {
      if (e.authenticator) found[e.authenticator] = e.config ?? {};
      if (e.flow && typeof e.flow === 'object') walk(e.flow.executions);
    }
  };
  walk(res.body.executions);
  return found;
}

/** The element is drawn on screen, in the viewport, at a readable size (not only to screen readers). */
async function expectShown(page: Page, element: Locator): Promise<void> {
  const box = await element.boundingBox();
  const viewport = page.viewportSize();
  expect(box).not.toBeNull();
  expect(viewport).not.toBeNull();
  expect(box!.width).toBeGreaterThan(100);
  expect(box!.height).toBeGreaterThan(10);
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height).toBeLessThanOrEqual(viewport!.height);
}

/** The control is marked invalid and the message is shown next to it. */
async function expectFieldError(control: Locator, message: string): Promise<void> {
  await control.page().waitForFunction((el) => el?.getAttribute('aria-invalid') === 'true', await control.elementHandle());
  const describedBy = (await control.getAttribute('aria-describedby')) ?? '';
  const texts = await Promise.all(describedBy.split(/\s+/).filter(Boolean).map((id) => control.page().locator(`#${id}`).textContent()));
  expect(texts.join(' ')).toContain(message);
}
