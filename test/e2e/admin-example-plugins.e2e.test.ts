import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ADMIN_SESSION_COOKIE } from '../../src/admin/admin-cookie';
import { BROWSER_TEST_TIMEOUT_MS, describeWithBrowser } from '../support/browser';
import { useBrowserSuite } from '../support/browser-suite';
import { createAdminTestApp, type AdminTestApp } from '../support/admin-test-app';
import { button, expectAccessible, expectHeading } from '../support/pages';
import { FIXED_CODE_PLUGIN } from '../support/test-app';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS * 2);

// The example plugins, listed in the server config's `plugins` as a third party's would be, with
// the flows that use them (test/plugins/fixtures/example-flows: email, email-domain denying
// blocked.example, the fixed code, and a partners sub-flow behind condition-email-domain).
const EXAMPLES = path.join(__dirname, '..', '..', 'examples', 'plugins');
const PLUGINS = [FIXED_CODE_PLUGIN, path.join(EXAMPLES, 'email-domain'), path.join(EXAMPLES, 'choose-display-name')];
const FLOWS = path.join(__dirname, '..', 'plugins', 'fixtures', 'example-flows');
const COPY = 'with-domains';
const AUTHENTICATOR = 'Email domain allow/deny list';
const CONDITION = 'Condition - email domain';

describeWithBrowser("the example plugins' generated config forms in the admin console", () => {
  let admin: AdminTestApp;
  const suite = useBrowserSuite(async () => (admin = await createAdminTestApp({ flowsDir: FLOWS, plugins: PLUGINS })));

  /** The console, signed in with the administrator's session cookie (as the sign-in would set it). */
  async function openConsole(): Promise<{ page: Page; consoleErrors: { readonly messages: readonly string[] } }> {
    const { context, consoleErrors } = await suite.newContext();
    await context.addCookies([{ name: ADMIN_SESSION_COOKIE, value: admin.console.cookie, url: suite.url }]);
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${suite.url}/admin/#/main/flows`);
    await expectHeading(page, 'Flows of main');
    return { page, consoleErrors };
  }

  const flowConfig = async (): Promise<unknown[]> => {
    const res = await admin.api('get', `/realms/main/flows/${COPY}`).expect(200);
    return res.body.executions;
  };

  test('the authenticator and the condition get forms from their schemas: help, defaults, inline checks, saved config', async () => {
    const { page, consoleErrors } = await openConsole();
    await page.getByLabel('New alias for the copy of browser', { exact: true }).fill(COPY);
    await button(page, 'Copy browser').click();
    await expectHeading(page, `Flow ${COPY}`);

    // The authenticator's settings: one control per schema property, its description as help text.
    await page.getByText(`Settings of ${AUTHENTICATOR} — step ${COPY}/email-domain`, { exact: true }).click();
    const settings = page.locator('details', { hasText: `Settings of ${AUTHENTICATOR}` }).first();
    const domains = settings.getByLabel('Domains', { exact: true });
    expect(await domains.inputValue()).toBe('blocked.example');
    expect(await settings.getByLabel('Mode', { exact: true }).inputValue()).toBe('deny');
    expect(await settings.getByLabel('Include subdomains', { exact: true }).isChecked()).toBe(true);
    await settings.getByText('Whether a listed domain also covers its subdomains', { exact: false }).waitFor();
    await expectAccessible(page, 'flow editor with the email-domain settings open');

    // A domain the schema's pattern refuses is marked at its field before anything is sent.
    const before = (await admin.api('get', `/realms/main/flows/${COPY}`)).headers['etag'];
    await domains.fill('Not A Domain');
    await button(page, `Save settings of ${AUTHENTICATOR}`).click();
    await expectFieldError(domains, 'Line 1: Does not match the pattern');
    expect((await admin.api('get', `/realms/main/flows/${COPY}`)).headers['etag']).toBe(before);
    await expectAccessible(page, 'email-domain settings with an error');

    await domains.fill('blocked.example\nspam.example');
    await button(page, `Save settings of ${AUTHENTICATOR}`).click();
    await page.locator('#announcer', { hasText: `Settings saved: ${AUTHENTICATOR} — step ${COPY}/email-domain.` }).waitFor();
    expect(await flowConfig()).toContainEqual(expect.objectContaining({ authenticator: 'email-domain', config: { mode: 'deny', domains: ['blocked.example', 'spam.example'] } }));

    // A second partners condition, added from the catalog: its required domains are asked for at once.
    const partners = `sub-flow ${COPY}/partners`;
    await page.getByLabel(`Step to add to ${partners}`, { exact: true }).selectOption('condition:condition-email-domain');
    const addForm = page.locator('form', { has: page.getByLabel(`Step to add to ${partners}`, { exact: true }) });
    const newSettings = addForm.locator('details', { hasText: `Settings of the new ${CONDITION} step` });
    expect(await newSettings.getAttribute('open')).not.toBeNull();
    await newSettings.getByText('Match when the domain is none of the listed ones instead.', { exact: false }).waitFor();
    await addForm.getByRole('button', { name: 'Add step' }).click();
    await expectFieldError(newSettings.getByLabel('Domains', { exact: true }), 'Required.');

    await addForm.getByLabel(`Alias of the new step in ${partners} (only when the flow has this step already)`, { exact: true }).fill('resellers');
    await newSettings.getByLabel('Domains', { exact: true }).fill('reseller.example');
    await newSettings.getByLabel('Negate', { exact: true }).check();
    await addForm.getByRole('button', { name: 'Add step' }).click();
    await page.locator('#announcer', { hasText: 'Step added.' }).waitFor();
    const partnersFlow = (await flowConfig()).find((e) => (e as { id: string }).id === `${COPY}/partners`) as { flow: { executions: unknown[] } };
    expect(partnersFlow.flow.executions).toContainEqual(
      expect.objectContaining({ id: `${COPY}/partners/resellers`, condition: 'condition-email-domain', requirement: 'REQUIRED', config: { domains: ['reseller.example'], negate: true } }),
    );
    await expectAccessible(page, 'flow editor after adding the condition');
    expect(consoleErrors.messages).toEqual([]);
  });
});

/** The control is marked invalid and the message is shown next to it. */
async function expectFieldError(control: Locator, message: string): Promise<void> {
  await control.page().waitForFunction((el) => el?.getAttribute('aria-invalid') === 'true', await control.elementHandle());
  const describedBy = (await control.getAttribute('aria-describedby')) ?? '';
  const texts = await Promise.all(describedBy.split(/\s+/).filter(Boolean).map((id) => control.page().locator(`#${id}`).textContent()));
  expect(texts.join(' ')).toContain(message);
}
