import type { Locator, Page } from 'playwright-core';
import { ADMIN_SESSION_COOKIE } from '../../src/admin/admin-cookie';
import { TYPES } from '../../src/composition/container';
import { BROWSER_TEST_TIMEOUT_MS, describeWithBrowser } from '../support/browser';
import { useBrowserSuite } from '../support/browser-suite';
import { createAdminTestApp, storedPasskey, type AdminTestApp } from '../support/admin-test-app';
import { expectAccessible, expectHeading } from '../support/pages';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS * 2);

describeWithBrowser("the admin console: a user's passkeys (#21)", () => {
  let admin: AdminTestApp;
  const suite = useBrowserSuite(async () => (admin = await createAdminTestApp()));

  async function openUser(id: string, email: string): Promise<{ page: Page; consoleErrors: { readonly messages: readonly string[] } }> {
    const { context, consoleErrors } = await suite.newContext();
    await context.addCookies([{ name: ADMIN_SESSION_COOKIE, value: admin.console.cookie, url: suite.url }]);
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${suite.url}/admin/#/main/users/${id}`);
    await expectHeading(page, `User ${email}`);
    return { page, consoleErrors };
  }
  /** The text of each row of a table, cell by cell, without its action column. */
  const rows = (table: Locator): Promise<string[][]> =>
    table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, -1).map((td) => (td.textContent ?? '').trim())));

  test('lists the passkeys of one user (never another\'s), removes one after confirming (REMOVE_CREDENTIAL from admin), axe on the page', async () => {
    const ann = await admin.users.create({ email: 'ann@example.test', emailVerified: true });
    const bob = await admin.users.create({ email: 'bob@example.test', emailVerified: true });
    const store = admin.container.get(TYPES.PasskeyStore);
    await store.add('main', storedPasskey(ann.id, 'cred-phone', 'Phone', true));
    await store.add('main', storedPasskey(ann.id, 'cred-laptop', 'Laptop', false));
    await store.add('main', storedPasskey(bob.id, 'cred-bob', 'Bob phone', true));

    const { page, consoleErrors } = await openUser(ann.id, 'ann@example.test');
    const table = page.getByRole('table', { name: 'Passkeys of ann@example.test' });
    await table.getByRole('cell', { name: 'Laptop', exact: true }).waitFor();
    const listed = await rows(table);
    expect(listed.map(([label, , lastUsed, synced]) => [label, lastUsed, synced]).sort()).toEqual([['Laptop', 'never', 'No'], ['Phone', 'never', 'Yes']]);
    expect(await table.getByText('Bob phone').count()).toBe(0);
    await expectAccessible(page, 'user with passkeys', 'all');

    await table.getByRole('button', { name: 'Remove the passkey Phone', exact: true }).click();
    await table.getByRole('cell', { name: 'Phone', exact: true }).waitFor({ state: 'detached' });
    expect((await rows(table)).map(([label]) => label)).toEqual(['Laptop']);
    expect((await store.listForUser('main', ann.id)).map((p) => p.label)).toEqual(['Laptop']);
    expect((await store.listForUser('main', bob.id)).map((p) => p.label)).toEqual(['Bob phone']);
    const removed = await admin.events.query({ realm: 'main', type: 'REMOVE_CREDENTIAL' });
    expect(removed.map((e) => [e.userId, e.details?.['from']])).toEqual([[ann.id, 'admin']]);

    await table.getByRole('button', { name: 'Remove the passkey Laptop', exact: true }).click();
    await table.getByRole('cell', { name: 'Nothing to show.' }).waitFor();
    expect(await store.listForUser('main', ann.id)).toEqual([]);
    await expectAccessible(page, 'user without passkeys', 'all');
    expect(consoleErrors.messages).toEqual([]);
  });
});
