import fs from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { ADMIN_SESSION_COOKIE } from '../../src/admin/admin-cookie';
import { REQUIRED_ACTIONS_PLUGINS, signUpFlowsDirWith } from '../fixtures/required-actions';
import { createAdminTestApp, type AdminTestApp } from '../support/admin-test-app';
import { BROWSER_TEST_TIMEOUT_MS, describeWithBrowser } from '../support/browser';
import { useBrowserSuite } from '../support/browser-suite';
import { button, expectAccessible, expectHeading, field } from '../support/pages';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS * 2);

// The required-actions realm, with a browser flow that signs anyone in with `000000` (creating the
// account of a new address) and the terms listed but switched off, asked of nobody yet: an
// administrator switches them on in the admin UI. update-profile stays a default action.
const LOGIN = '/realms/main/login';
const TERMS_ID = 'terms-and-conditions';
const TEXT = {
  signIn: 'Sign in',
  email: 'Email address',
  continue: 'Continue',
  codeHeading: 'Enter the code',
  code: 'Code',
  account: 'Your account',
  terms: 'Terms and conditions',
  accept: 'Accept',
  profile: 'Complete your profile',
  firstName: 'First name',
  lastName: 'Last name',
  saveProfile: 'Save and continue',
  adminHeading: 'Required actions of main',
  enabled: 'Enabled (runs when pending)',
  defaultAction: 'Default action (every new user gets it)',
  defaultActionHelp: 'Only accounts created from now on get it; people who already have an account are not asked.',
  askEveryone: 'Ask everyone',
  save: 'Save Terms and conditions',
  saved: 'Terms and conditions saved.',
} as const;

describeWithBrowser('"default action" in Chromium: switched on in the admin UI, it reaches new accounts only', () => {
  let admin: AdminTestApp;
  let flowsDir: string;
  const suite = useBrowserSuite(async () => {
    flowsDir = signUpFlowsDirWith((realm) => {
      const terms = realm.requiredActions[TERMS_ID]!;
      const { askEveryone: _everyone, ...config } = terms['config'] as Record<string, unknown>;
      realm.requiredActions[TERMS_ID] = { ...terms, enabled: false, config };
    });
    return (admin = await createAdminTestApp({ flowsDir, plugins: REQUIRED_ACTIONS_PLUGINS }));
  });
  afterAll(() => fs.rmSync(flowsDir, { recursive: true, force: true }));

  /** The main heading of the page now showing, once it has loaded. */
  async function headingNow(page: Page): Promise<string | null> {
    await page.locator('main h1').waitFor();
    await page.waitForLoadState('load');
    return page.locator('main h1').textContent();
  }

  /** Signs `email` in on `page` (a fresh browser: email, then the fixed code); stops at the page after the code. */
  async function signIn(page: Page, email: string): Promise<void> {
    await page.goto(`${suite.url}${LOGIN}`);
    await expectHeading(page, TEXT.signIn);
    await field(page, TEXT.email).fill(email);
    await button(page, TEXT.continue).click();
    await expectHeading(page, TEXT.codeHeading);
    await field(page, TEXT.code).fill('000000');
    await button(page, TEXT.continue).click();
  }

  /** An account made before the change, signed in once in its own browser; returns that browser's page on the account page. */
  async function existingSignedIn(email: string): Promise<{ page: Page; consoleErrors: { readonly messages: readonly string[] } }> {
    await admin.users.create({ email });
    const { context, consoleErrors } = await suite.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await signIn(page, email);
    await expectHeading(page, TEXT.account);
    return { page, consoleErrors };
  }

  /** The admin UI's required-actions view and its terms section, signed in as the administrator. */
  async function termsInAdminUi(): Promise<{ page: Page; section: Locator; consoleErrors: { readonly messages: readonly string[] } }> {
    const { context, consoleErrors } = await suite.newContext({ locale: 'en-US' });
    await context.addCookies([{ name: ADMIN_SESSION_COOKIE, value: admin.console.cookie, url: suite.url }]);
    const page = await context.newPage();
    await page.goto(`${suite.url}/admin/#/main/required-actions`);
    await expectHeading(page, TEXT.adminHeading);
    const section = page.locator('section', { has: page.getByRole('heading', { level: 2, name: TEXT.terms, exact: true }) });
    return { page, section, consoleErrors };
  }

  async function saveTerms(page: Page): Promise<void> {
    await button(page, TEXT.save).click();
    await page.locator('#announcer', { hasText: TEXT.saved }).waitFor();
  }

  test('an account that existed is not stopped at its next visit; a new account is asked for the terms, then its profile', async () => {
    const ann = await existingSignedIn('ann@example.com');
    await expectAccessible(ann.page, 'account before the change');

    const ui = await termsInAdminUi();
    await ui.section.getByLabel(TEXT.enabled, { exact: true }).check();
    const byDefault = ui.section.getByLabel(TEXT.defaultAction, { exact: true });
    await byDefault.check();
    // The checkbox says plainly whom it reaches, and the terms' own option is there, off.
    expect(await ui.page.locator(`#${await byDefault.getAttribute('aria-describedby')}`).textContent()).toContain(TEXT.defaultActionHelp);
    expect(await ui.section.getByLabel(TEXT.askEveryone, { exact: true }).isChecked()).toBe(false);
    await expectAccessible(ui.page, 'admin: required actions, terms as a default action');
    await saveTerms(ui.page);
    expect((await admin.api('get', `/realms/main/required-actions/${TERMS_ID}`).expect(200)).body).toMatchObject({ enabled: true, defaultAction: true });

    // Ann's next visit: her session signs her in again, and nothing stops her.
    await ann.page.goto(`${suite.url}${LOGIN}`);
    expect(await headingNow(ann.page)).toBe(TEXT.account);
    const annNow = await admin.users.findByEmail('ann@example.com');
    expect(annNow!.requiredActions).toEqual([]);

    // A new address signs up: the terms (a default action), then the profile (another), then in.
    const bob = await suite.newContext({ locale: 'en-US' });
    const bobPage = await bob.context.newPage();
    await signIn(bobPage, 'bob@example.com');
    expect(await headingNow(bobPage)).toBe(TEXT.terms);
    await expectAccessible(bobPage, 'terms for a new account');
    await button(bobPage, TEXT.accept).click();
    await expectHeading(bobPage, TEXT.profile);
    await field(bobPage, TEXT.firstName).fill('Bob');
    await field(bobPage, TEXT.lastName).fill('Berg');
    await button(bobPage, TEXT.saveProfile).click();
    await expectHeading(bobPage, TEXT.account);
    await expectAccessible(bobPage, 'account of the new account');
    const bobNow = await admin.users.findByEmail('bob@example.com');
    expect(bobNow!.requiredActions).toEqual([]);
    expect(bobNow!.attributes['termsAcceptedVersion']).toEqual(['2025-01']);

    expect([...ann.consoleErrors.messages, ...ui.consoleErrors.messages, ...bob.consoleErrors.messages]).toEqual([]);
  });

  test('"Ask everyone", ticked in the admin UI, asks an account that existed at its next visit', async () => {
    const cid = await existingSignedIn('cid@example.com');

    const ui = await termsInAdminUi();
    await ui.section.getByLabel(TEXT.enabled, { exact: true }).check();
    await ui.section.getByLabel(TEXT.askEveryone, { exact: true }).check();
    await expectAccessible(ui.page, 'admin: required actions, terms asked of everyone');
    await saveTerms(ui.page);
    expect((await admin.api('get', `/realms/main/required-actions/${TERMS_ID}`).expect(200)).body).toMatchObject({ enabled: true, config: { askEveryone: true } });

    await cid.page.goto(`${suite.url}${LOGIN}`);
    expect(await headingNow(cid.page)).toBe(TEXT.terms);
    await expectAccessible(cid.page, 'terms for an account that existed, asked of everyone');
    await button(cid.page, TEXT.accept).click();
    await expectHeading(cid.page, TEXT.account);
    expect((await admin.users.findByEmail('cid@example.com'))!.attributes['termsAcceptedVersion']).toEqual(['2025-01']);

    expect([...cid.consoleErrors.messages, ...ui.consoleErrors.messages]).toEqual([]);
  });
});
