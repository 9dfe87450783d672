import path from 'node:path';
import request from 'supertest';
import type { Locator, Page } from 'playwright-core';
import { ADMIN_SESSION_COOKIE } from '../../src/admin/admin-cookie';
import { BROWSER_TEST_TIMEOUT_MS, describeWithBrowser } from '../support/browser';
import { useBrowserSuite } from '../support/browser-suite';
import { createAdminTestApp, type AdminTestApp } from '../support/admin-test-app';
import { button, expectAccessible, expectHeading, field } from '../support/pages';
import { FIXED_CODE_PLUGIN } from '../support/test-app';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS * 2);

// Realm `main` of the example-plugin flows: no clients, the example required action
// choose-display-name listed with priority 10 (its config schema drives a generated form).
const EXAMPLES = path.join(__dirname, '..', '..', 'examples', 'plugins');
const PLUGINS = [FIXED_CODE_PLUGIN, path.join(EXAMPLES, 'email-domain'), path.join(EXAMPLES, 'choose-display-name')];
const FLOWS = path.join(__dirname, '..', 'plugins', 'fixtures', 'example-flows');

describeWithBrowser('the admin console: clients, required actions, user profile, import/export, audit and API tokens', () => {
  let admin: AdminTestApp;
  const suite = useBrowserSuite(async () => (admin = await createAdminTestApp({ flowsDir: FLOWS, plugins: PLUGINS })));

  /** The console at `hash`, signed in with the administrator's session cookie. */
  async function openConsole(hash: string, heading: string): Promise<{ page: Page; consoleErrors: { readonly messages: readonly string[] } }> {
    const { context, consoleErrors } = await suite.newContext();
    await context.addCookies([{ name: ADMIN_SESSION_COOKIE, value: admin.console.cookie, url: suite.url }]);
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${suite.url}/admin/${hash}`);
    await expectHeading(page, heading);
    return { page, consoleErrors };
  }

  const announced = (page: Page, text: string): Promise<void> => page.locator('#announcer', { hasText: text }).waitFor();
  const alert = (page: Page): Locator => page.getByRole('alert');

  test('every view in the navigation passes axe', async () => {
    const { page, consoleErrors } = await openConsole('#/main/flows', 'Flows of main');
    const links = await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(links).toEqual(expect.arrayContaining(['#/main/clients', '#/main/required-actions', '#/main/user-profile', '#/main/transfer', '#/-/audit', '#/-/tokens', '#/-/mail']));
    for (const href of links) {
      // A fresh load each time: a hash change alone would leave the last view's heading focused until the next one renders.
      await page.goto('about:blank');
      await page.goto(`${suite.url}/admin/${href}`);
      await page.locator('#main h1:focus').waitFor();
      expect(await page.locator('#main h1').textContent()).not.toMatch(/Not found|Could not load/);
      await expectAccessible(page, `view ${href}`);
    }
    expect(unexpected(consoleErrors.messages)).toEqual([]);
  });

  test('clients: create (a bad redirect URI is refused at its field), edit, a stale save is refused, delete', async () => {
    const { page, consoleErrors } = await openConsole('#/main/clients', 'Clients of main');
    await page.getByText('This realm has no clients yet.').waitFor();
    await expectAccessible(page, 'clients, none yet');

    await field(page, 'Client id').fill('shop');
    await field(page, 'Redirect URIs (one per line)').fill('https://shop.example/callback\nnot a uri');
    await button(page, 'Create client').click();
    await alert(page).getByText('FG_REDIRECT_URI_REFUSED', { exact: false }).first().waitFor();
    await expectFieldError(field(page, 'Redirect URIs (one per line)'), 'FG_REDIRECT_URI_REFUSED');
    await admin.api('get', '/realms/main/clients/shop').expect(404);
    await expectAccessible(page, 'clients, create refused');

    await field(page, 'Redirect URIs (one per line)').fill('https://shop.example/callback');
    await button(page, 'Create client').click();
    await expectHeading(page, 'Clients of main');
    const uris = field(page, 'Redirect URIs of shop (one per line)');
    expect(await uris.inputValue()).toBe('https://shop.example/callback');
    await page.getByText('Flow overrides: none', { exact: false }).waitFor();

    await uris.fill('https://shop.example/callback\nhttps://shop.example/other');
    await button(page, 'Save shop').click();
    await announced(page, 'Client shop saved.');
    expect((await admin.api('get', '/realms/main/clients/shop').expect(200)).body.redirectUris).toEqual(['https://shop.example/callback', 'https://shop.example/other']);

    // Someone else changes the realm: this page's version is stale, and its save is refused.
    const current = await admin.api('get', '/realms/main/clients/shop').expect(200);
    await admin.api('put', '/realms/main/clients/shop').set('If-Match', current.headers['etag']).send({ redirectUris: ['https://shop.example/theirs'] }).expect(200);
    await uris.fill('https://shop.example/mine');
    await button(page, 'Save shop').click();
    await alert(page).getByText('Changed by someone else', { exact: false }).waitFor();
    expect((await admin.api('get', '/realms/main/clients/shop').expect(200)).body.redirectUris).toEqual(['https://shop.example/theirs']);
    await expectAccessible(page, 'clients, stale save refused');

    await button(page, 'Reload').click();
    await field(page, 'Redirect URIs of shop (one per line)').waitFor();
    await button(page, 'Delete shop').click();
    await page.getByText('This realm has no clients yet.').waitFor();
    await admin.api('get', '/realms/main/clients/shop').expect(404);
    expect(unexpected(consoleErrors.messages)).toEqual([]);
  });

  test("required actions: the example action's options form from its schema, checked in the page and by the server", async () => {
    const { page, consoleErrors } = await openConsole('#/main/required-actions', 'Required actions of main');
    const section = page.locator('section', { has: page.getByRole('heading', { name: 'Choose a display name', exact: true }) });
    await section.getByText('Asks people who have no display name', { exact: false }).waitFor();
    const shortest = section.getByLabel('Shortest name', { exact: true });
    expect(await shortest.inputValue()).toBe('2');
    expect(await section.getByLabel('Reserved names', { exact: true }).inputValue()).toContain('administrator');
    expect(await section.getByLabel('Priority', { exact: true }).inputValue()).toBe('10');
    expect(await section.getByLabel('Enabled (runs when pending)', { exact: true }).isChecked()).toBe(true);
    await expectAccessible(page, 'required actions');

    // Below the schema's minimum: marked before anything is sent.
    const before = (await admin.api('get', '/realms/main/required-actions/choose-display-name')).headers['etag'];
    await shortest.fill('0');
    await button(page, 'Save Choose a display name').click();
    await expectFieldError(shortest, 'At least 1.');
    expect((await admin.api('get', '/realms/main/required-actions/choose-display-name')).headers['etag']).toBe(before);

    // Not an integer priority: the server's refusal lands on the priority field.
    await shortest.fill('3');
    await section.getByLabel('Priority', { exact: true }).fill('1.5');
    await button(page, 'Save Choose a display name').click();
    await expectFieldError(section.getByLabel('Priority', { exact: true }), 'FG_ADMIN_INVALID_BODY');
    await expectAccessible(page, 'required actions, refused');

    await section.getByLabel('Priority', { exact: true }).fill('20');
    await section.getByLabel('Reserved names', { exact: true }).fill('admin\nstaff');
    await section.getByLabel('Default action (every new user gets it)', { exact: true }).check();
    await button(page, 'Save Choose a display name').click();
    await announced(page, 'Choose a display name saved.');
    const saved = (await admin.api('get', '/realms/main/required-actions/choose-display-name').expect(200)).body;
    expect(saved).toMatchObject({ enabled: true, defaultAction: true, priority: 20, config: { minLength: 3, reserved: ['admin', 'staff'] } });
    expect(unexpected(consoleErrors.messages)).toEqual([]);
  });

  test('user profile: add an attribute, reorder, a reserved name is refused at its field, and users get the new field', async () => {
    const { page, consoleErrors } = await openConsole('#/main/user-profile', 'User profile of main');
    await page.getByText('This realm has the default profile', { exact: false }).waitFor();
    await expectAccessible(page, 'user profile, default');

    await button(page, 'Add attribute').click();
    const third = page.locator('fieldset', { has: page.getByText('Attribute 3:', { exact: false }) });
    await third.getByLabel('Name', { exact: true }).fill('email');
    await third.getByLabel('Label by locale (one per line, locale: text)', { exact: true }).fill('en: Nickname\nde: Spitzname');
    await button(page, 'Save profile').click();
    await expectFieldError(third.getByLabel('Name', { exact: true }), 'FG_PROFILE_ATTRIBUTE_RESERVED');
    expect((await admin.api('get', '/realms/main/user-profile').expect(200)).body.custom).toBe(false);
    await expectAccessible(page, 'user profile, refused');

    await third.getByLabel('Name', { exact: true }).fill('nickname');
    await third.getByLabel('Validation (JSON)', { exact: true }).fill('{"maxLength": ');
    await page.getByRole('button', { name: 'Move up: attribute 3', exact: true }).click();
    await expectFieldError(third.getByLabel('Validation (JSON)', { exact: true }), 'Not valid JSON');
    await third.getByLabel('Validation (JSON)', { exact: true }).fill('{"maxLength": 30}');
    await page.getByRole('button', { name: 'Move up: attribute 3', exact: true }).click();
    await button(page, 'Save profile').click();
    await announced(page, 'Profile saved.');
    const profile = (await admin.api('get', '/realms/main/user-profile').expect(200)).body;
    expect(profile.custom).toBe(true);
    expect(profile.attributes.map((a: { name: string }) => a.name)).toEqual(['firstName', 'nickname', 'lastName']);
    expect(profile.attributes[1]).toMatchObject({ type: 'string', required: false, validation: { maxLength: 30 }, label: { en: 'Nickname', de: 'Spitzname' } });

    // The admin API's user edits go through the new profile.
    const user = await admin.api('post', '/realms/main/users').send({ email: 'nick@example.test', attributes: { firstName: 'Nick', lastName: 'Name', nickname: 'n'.repeat(31) } });
    expect(user.status).toBe(400);
    expect(user.body.errors[0]).toMatchObject({ code: 'FG_PROFILE_VALUE_INVALID', path: '/attributes/nickname' });
    expect(unexpected(consoleErrors.messages)).toEqual([]);
  });

  test("users are created and edited through the realm's profile fields, refusals on the field", async () => {
    await admin.api('put', '/realms/main/user-profile').set('If-Match', (await admin.api('get', '/realms/main/user-profile')).headers['etag']).send({
      attributes: [
        { name: 'firstName', type: 'string', required: true, validation: { maxLength: 100 }, label: { en: 'First name' } },
        { name: 'team', type: 'string', required: false, validation: { enum: ['red', 'blue'] }, label: { en: 'Team' } },
        { name: 'shoeSize', type: 'number', required: false, validation: { min: 20, max: 50 }, label: { en: 'Shoe size' } },
      ],
    }).expect(200);
    const { page, consoleErrors } = await openConsole('#/main/users', 'Users of main');
    await field(page, 'Email').fill('ada@example.test');
    await field(page, 'Shoe size').fill('99');
    await button(page, 'Create user').click();
    await expectFieldError(field(page, 'First name'), 'FG_PROFILE_VALUE_INVALID');
    await expectFieldError(field(page, 'Shoe size'), 'error.profile.tooLarge');
    await expectAccessible(page, 'new user refused');

    await field(page, 'First name').fill('Ada');
    await field(page, 'Shoe size').fill('38');
    await field(page, 'Team').selectOption('blue');
    await button(page, 'Create user').click();
    await expectHeading(page, 'User ada@example.test');
    expect(await field(page, 'First name').inputValue()).toBe('Ada');
    expect(await field(page, 'Team').inputValue()).toBe('blue');
    await expectAccessible(page, 'user page with profile fields');

    await field(page, 'Team').selectOption('');
    await field(page, 'First name').fill('Augusta Ada');
    await button(page, 'Save user').click();
    await announced(page, 'User saved.');
    const [user] = (await admin.api('get', '/realms/main/users?email=ada@').expect(200)).body.users;
    expect(user.attributes).toEqual({ firstName: ['Augusta Ada'], shoeSize: ['38'] });
    expect(unexpected(consoleErrors.messages)).toEqual([]);
  });

  test('import and export: the export is shown, a bad import names its file and path and changes nothing, a good one applies', async () => {
    const { page, consoleErrors } = await openConsole('#/main/transfer', 'Import and export of main');
    const exported = JSON.parse(await field(page, 'The export').inputValue());
    expect(exported).toEqual((await admin.api('get', '/realms/main/export').expect(200)).body);
    expect(await page.getByRole('link', { name: 'Download main.export.json', exact: true }).getAttribute('download')).toBe('main.export.json');
    await expectAccessible(page, 'import and export');

    const bad = structuredClone(exported);
    bad.files['main.realm.json'].bindings = { browser: 'no-such-flow' };
    await field(page, 'Or paste an export').fill(JSON.stringify(bad));
    await button(page, 'Import into main').click();
    await alert(page).getByText('FG_UNKNOWN_FLOW', { exact: false }).waitFor();
    await alert(page).getByText('in main.realm.json', { exact: false }).waitFor();
    expect((await admin.api('get', '/realms/main/export').expect(200)).body).toEqual(exported);
    await expectAccessible(page, 'import refused');

    await field(page, 'Or paste an export').fill('{ not json');
    await button(page, 'Import into main').click();
    await expectFieldError(field(page, 'Or paste an export'), 'not valid JSON');

    const good = structuredClone(exported);
    good.files['main.realm.json'].displayName = 'Imported through the console';
    await field(page, 'Or paste an export').fill(JSON.stringify(good));
    await button(page, 'Import into main').click();
    await announced(page, 'Realm imported.');
    const after = (await admin.api('get', '/realms/main/export').expect(200)).body;
    expect(after.files).toEqual(good.files);
    expect(after.version).toBeGreaterThan(exported.version);
    await page.getByText(`Imported: main is now version ${after.version}.`).waitFor();
    expect(unexpected(consoleErrors.messages)).toEqual([]);
  });

  test('admin audit and API tokens: a token made in the console works once shown, is audited, and stops working when revoked', async () => {
    const { page, consoleErrors } = await openConsole('#/-/tokens', 'API tokens');
    await expectAccessible(page, 'API tokens');
    await field(page, 'Name (what uses it, e.g. ci-deploy)').fill('ci-deploy');
    await button(page, 'Create token').click();
    await page.getByRole('heading', { name: 'Token ci-deploy created', exact: true }).waitFor();
    const secret = await field(page, 'Secret (shown only now: copy it into your automation)').inputValue();
    expect(secret).toMatch(/^fgat_/);
    const bearer = (): request.Test => request(admin.app).get('/admin/api/realms').set('Authorization', `Bearer ${secret}`);
    await bearer().expect(200);
    await page.getByRole('cell', { name: 'ci-deploy', exact: true }).waitFor();
    await expectAccessible(page, 'API tokens, one created');

    await page.getByRole('button', { name: 'Revoke the token ci-deploy', exact: true }).click();
    await announced(page, 'Token ci-deploy revoked.');
    await bearer().expect(401);
    await page.reload();
    await expectHeading(page, 'API tokens');
    expect(await page.getByText(secret).count()).toBe(0);

    await page.goto(`${suite.url}/admin/#/-/audit`);
    await expectHeading(page, 'Admin audit');
    await page.getByRole('cell', { name: 'token.create', exact: true }).waitFor();
    await expectAccessible(page, 'admin audit');
    await field(page, 'Resource (e.g. realms/main/flows/)').fill('realms/main/');
    await button(page, 'Filter').click();
    await page.getByRole('cell', { name: 'token.create', exact: true }).waitFor({ state: 'detached' });
    await field(page, 'Actor (user id)').fill('nobody');
    await button(page, 'Filter').click();
    await page.getByText('Nothing to show.').waitFor();
    expect(unexpected(consoleErrors.messages)).toEqual([]);
  });
});

/** Console errors other than the browser's log of the refusals these tests provoke (400, 409). */
function unexpected(messages: readonly string[]): string[] {
  return messages.filter((m) => !/Failed to load resource: the server responded with a status of (400|409) /.test(m));
}

/** The control is marked invalid and the message is shown next to it. */
async function expectFieldError(control: Locator, message: string): Promise<void> {
  await control.page().waitForFunction((el) => el?.getAttribute('aria-invalid') === 'true', await control.elementHandle());
  const describedBy = (await control.getAttribute('aria-describedby')) ?? '';
  const texts = await Promise.all(describedBy.split(/\s+/).filter(Boolean).map((id) => control.page().locator(`#${id}`).textContent()));
  expect(texts.join(' ')).toContain(message);
}
