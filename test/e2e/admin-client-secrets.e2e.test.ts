import type { Locator, Page } from 'playwright-core';
import { ADMIN_SESSION_COOKIE } from '../../src/admin/admin-cookie';
import { TYPES } from '../../src/composition/container';
import { BROWSER_TEST_TIMEOUT_MS, describeWithBrowser } from '../support/browser';
import { useBrowserSuite } from '../support/browser-suite';
import { createAdminTestApp, type AdminTestApp } from '../support/admin-test-app';
import { button, expectAccessible, expectHeading, field } from '../support/pages';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS * 2);

describeWithBrowser('the admin console: OpenID Connect settings of clients and their secrets', () => {
  let admin: AdminTestApp;
  const suite = useBrowserSuite(async () => (admin = await createAdminTestApp()));

  async function openClients(): Promise<{ page: Page; consoleErrors: { readonly messages: readonly string[] } }> {
    const { context, consoleErrors } = await suite.newContext();
    await context.addCookies([{ name: ADMIN_SESSION_COOKIE, value: admin.console.cookie, url: suite.url }]);
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${suite.url}/admin/#/main/clients`);
    await expectHeading(page, 'Clients of main');
    return { page, consoleErrors };
  }
  const reveal = (clientId: string) => admin.container.get(TYPES.ClientSecrets).reveal('main', clientId);
  const newClient = (page: Page): Locator => page.locator('section', { has: page.getByRole('heading', { name: 'New client', exact: true }) });

  test('a confidential client: settings checked at their fields, its secret shown once with a copy button, regenerated on request', async () => {
    const { page, consoleErrors } = await openClients();
    const form = newClient(page);
    await field(page, 'Client id').fill('billing');
    await field(page, 'Type').selectOption('confidential');
    await field(page, 'Redirect URIs (one per line)').fill('https://billing.example/cb');
    await form.getByText('OpenID Connect settings', { exact: true }).click();
    await field(page, 'Web origins (one per line)').fill('https://billing.example/');
    await button(page, 'Create client').click();
    await page.getByRole('alert').getByText('FG_WEB_ORIGIN_INVALID', { exact: false }).first().waitFor();
    await form.locator('[data-path="/webOrigins"][aria-invalid="true"]').waitFor();
    await expectAccessible(page, 'clients, web origin refused');

    await field(page, 'Web origins (one per line)').fill('https://billing.example');
    await form.getByLabel('Client credentials', { exact: false }).check();
    await form.getByLabel('Access token lifetime (seconds)', { exact: true }).fill('300');
    await button(page, 'Create client').click();

    const panel = page.getByRole('region', { name: 'Secret of billing' });
    await panel.getByText('you will not see it again', { exact: false }).waitFor();
    await page.locator('h2:focus', { hasText: 'Secret of billing' }).waitFor();
    const first = await field(page, 'Client secret of billing').inputValue();
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await reveal('billing')).toBe(first);
    await button(page, 'Copy the secret of billing').click();
    await page.locator('#announcer', { hasText: 'Secret of billing copied.' }).waitFor();
    await expectAccessible(page, 'clients, secret shown once');

    const stored = (await admin.api('get', '/realms/main/clients/billing').expect(200)).body;
    expect(stored).toMatchObject({ type: 'confidential', webOrigins: ['https://billing.example'], grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'], tokenLifetimes: { accessTokenSeconds: 300 }, hasSecret: true });
    expect(stored.secret).toBeUndefined();

    await button(page, 'Regenerate secret of billing').click();
    await page.locator('#client-secret input').and(page.locator(`:not([value="${first}"])`)).waitFor();
    const second = await field(page, 'Client secret of billing').inputValue();
    expect(second).not.toBe(first);
    expect(await reveal('billing')).toBe(second);

    // Shown once: a fresh page only says that there is one.
    await page.reload();
    await expectHeading(page, 'Clients of main');
    await page.getByText('Secret: kept by Flowgate', { exact: false }).waitFor();
    expect(await page.getByText('you will not see it again', { exact: false }).count()).toBe(0);
    expect(await page.content()).not.toContain(second);
    // A public client has nothing to regenerate.
    expect(await button(page, 'Regenerate secret of demo').isVisible()).toBe(false);
    await expectAccessible(page, 'clients, after reload');
    expect(consoleErrors.messages.filter((m) => !/status of 400/.test(m))).toEqual([]);
  });

  test('a public client made confidential gets its secret in the save; client_credentials stays refused for public clients', async () => {
    const { page } = await openClients();
    const demo = page.locator('section', { has: page.getByRole('heading', { name: 'demo', exact: true }) });
    await demo.getByText('OpenID Connect settings of demo', { exact: true }).click();
    await demo.getByLabel('Client credentials', { exact: false }).check();
    await button(page, 'Save demo').click();
    await page.getByRole('alert').getByText('FG_CLIENT_GRANT_NOT_ALLOWED', { exact: false }).first().waitFor();
    await expectAccessible(page, 'clients, grant refused');

    await field(page, 'Type of demo').selectOption('confidential');
    await button(page, 'Save demo').click();
    await page.getByRole('region', { name: 'Secret of demo' }).waitFor();
    expect(await reveal('demo')).toBe(await field(page, 'Client secret of demo').inputValue());
    await demo.getByText('Secret: kept by Flowgate', { exact: false }).waitFor();
    expect(await button(page, 'Regenerate secret of demo').isVisible()).toBe(true);
  });
});
