import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { REQUIRED_ACTIONS_PLUGINS, signUpFlowsDirWith } from '../fixtures/required-actions';
import { BROWSER_TEST_TIMEOUT_MS, describeWithBrowser } from '../support/browser';
import { useBrowserSuite } from '../support/browser-suite';
import { button, expectAccessible, expectHeading, field } from '../support/pages';
import { createTestApp } from '../support/test-app';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS * 2);

// The required-actions realm with a browser flow that signs anyone in with `000000`, creating the
// account of a new address; update-profile is a default action, the terms are switched off. The
// profile: firstName and lastName (required), team (blue | green, optional), and staffNote, which
// only administrators may see (permissions.view: ["admin"]). No client: sign-ins end on the
// account page.
const LOGIN = '/realms/main/login';
const ACCOUNT = '/realms/main/account';
const EMAIL = 'nea@example.com';

const TEXT = {
  en: {
    signIn: 'Sign in', email: 'Email address', continue: 'Continue', codeHeading: 'Enter the code', code: 'Code',
    profile: 'Complete your profile', firstName: 'First name', lastName: 'Last name', team: 'Team', save: 'Save and continue',
    account: 'Your account', notGiven: 'Not given', edit: 'Edit your profile',
  },
  de: {
    signIn: 'Anmelden', email: 'E-Mail-Adresse', continue: 'Weiter', codeHeading: 'Code eingeben', code: 'Code',
    profile: 'Profil vervollständigen', firstName: 'Vorname', lastName: 'Nachname', team: 'Team', save: 'Speichern und weiter',
    account: 'Ihr Konto', notGiven: 'Nicht angegeben', edit: 'Profil bearbeiten',
  },
} as const;

describeWithBrowser('the account page shows who you are, in Chromium: the profile the person may see, and a link to edit it', () => {
  let flowsDir: string;
  const suite = useBrowserSuite(() => {
    flowsDir = signUpFlowsDirWith((realm) => {
      realm.requiredActions['terms-and-conditions'] = { ...realm.requiredActions['terms-and-conditions'], enabled: false };
      const profile = realm['userProfile'] as { attributes: unknown[] };
      profile.attributes.push({ name: 'staffNote', label: { en: 'Staff note', de: 'Notiz' }, permissions: { view: ['admin'] } });
    });
    return createTestApp({ flowsDir, plugins: REQUIRED_ACTIONS_PLUGINS });
  });
  afterAll(() => fs.rmSync(flowsDir, { recursive: true, force: true }));

  /** The account page's details as [term, value] pairs, in order. */
  const details = (page: Page): Promise<string[][]> =>
    page.locator('.fg-details > div').evaluateAll((rows) => rows.map((row) => [row.querySelector('dt')?.textContent ?? '', row.querySelector('dd')?.textContent ?? '']));

  async function signIn(page: Page, text: (typeof TEXT)['en' | 'de']): Promise<void> {
    await page.goto(`${suite.url}${LOGIN}`);
    await expectHeading(page, text.signIn);
    await field(page, text.email).fill(EMAIL);
    await button(page, text.continue).click();
    await expectHeading(page, text.codeHeading);
    await field(page, text.code).fill('000000');
    await button(page, text.continue).click();
  }

  test('names given on "Complete your profile" at sign-up are on the account page; edited there, the new ones are', async () => {
    const en = TEXT.en;
    const { context, consoleErrors } = await suite.newContext({ locale: 'en-US' });
    const page = await context.newPage();

    // Sign-up: the profile is asked for (a default action), without the attribute the person may not see.
    await signIn(page, en);
    await expectHeading(page, en.profile);
    expect(await page.getByLabel('Staff note').count()).toBe(0);
    await field(page, en.firstName).fill('Nea');
    await field(page, en.lastName).fill('<b>Ng</b>');
    await button(page, en.save).click();
    await page.waitForURL(`${suite.url}${ACCOUNT}`);
    await expectHeading(page, en.account);
    const nea = (await suite.t.users.findByEmail(EMAIL))!;
    await suite.t.users.setAttribute(nea.id, 'staffNote', ['watch this one']);
    await page.reload();
    await expectHeading(page, en.account);

    // Labels from the realm's profile, values as typed (escaped, never markup), nothing hidden shown.
    expect(await details(page)).toEqual([
      [en.email, EMAIL],
      [en.firstName, 'Nea'],
      [en.lastName, '<b>Ng</b>'],
      [en.team, en.notGiven],
    ]);
    expect(await page.locator('.fg-details b').count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toContain('watch this one');
    await expectAccessible(page, 'account with the profile');

    // Edit: the update-profile page, pre-filled, through single sign-on; saved, back on the account page.
    await page.getByRole('link', { name: en.edit, exact: true }).click();
    await expectHeading(page, en.profile);
    expect(await field(page, en.firstName).inputValue()).toBe('Nea');
    await expectAccessible(page, 'update-profile from the account page');
    await field(page, en.firstName).fill('Neala');
    await field(page, en.lastName).fill('Ng');
    await field(page, `${en.team} (optional)`).selectOption('green');
    await button(page, en.save).click();
    await page.waitForURL(`${suite.url}${ACCOUNT}?kc_action=update-profile&kc_action_status=success`);
    await expectHeading(page, en.account);
    expect(await details(page)).toEqual([
      [en.email, EMAIL],
      [en.firstName, 'Neala'],
      [en.lastName, 'Ng'],
      [en.team, 'green'],
    ]);
    await expectAccessible(page, 'account after editing the profile');
    expect((await suite.t.users.findById(nea.id))!.attributes).toMatchObject({ firstName: ['Neala'], lastName: ['Ng'], team: ['green'], staffNote: ['watch this one'] });

    // Another browser, in German: the labels follow the page's language.
    const de = TEXT.de;
    const german = await suite.newContext({ locale: 'de-DE' });
    const dePage = await german.context.newPage();
    await signIn(dePage, de);
    await expectHeading(dePage, de.account);
    expect(await dePage.getAttribute('html', 'lang')).toBe('de');
    expect(await details(dePage)).toEqual([
      [de.email, EMAIL],
      [de.firstName, 'Neala'],
      [de.lastName, 'Ng'],
      [de.team, 'green'],
    ]);
    expect(await dePage.getByRole('link', { name: de.edit, exact: true }).getAttribute('href')).toBe(`${LOGIN}?kc_action=update-profile`);
    await expectAccessible(dePage, 'account in German');

    expect([...consoleErrors.messages, ...german.consoleErrors.messages]).toEqual([]);
  });
});
