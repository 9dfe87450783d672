import { REQUIRED_ACTIONS_FLOWS, REQUIRED_ACTIONS_PLUGINS } from '../fixtures/required-actions';
import { BROWSER_TEST_TIMEOUT_MS, describeWithBrowser } from '../support/browser';
import { useBrowserSuite } from '../support/browser-suite';
import { button, expectAccessible, expectHeading, field } from '../support/pages';
import { createTestApp } from '../support/test-app';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);

// The required-actions realm: after email and the fixed code `000000`, the terms (priority 20),
// then the profile (update-profile, 40). Without a client the sign-in ends on the account page.
const LOGIN = '/realms/main/login';
const ACCOUNT = '/realms/main/account';

/** What the pages say, per language: a missing translation shows up as a heading, label or button not found. */
const ACCOUNT_HEADING = 'Your account';
const TEXT = {
  en: {
    email: 'Email address',
    continue: 'Continue',
    code: 'Code',
    terms: 'Terms and conditions',
    termsText: 'Be kind to the service.',
    accept: 'Accept',
    profile: 'Complete your profile',
    firstName: 'First name',
    lastName: 'Last name',
    save: 'Save and continue',
    required: 'Fill in this field.',
  },
  de: {
    email: 'E-Mail-Adresse',
    continue: 'Weiter',
    code: 'Code',
    terms: 'Nutzungsbedingungen',
    termsText: 'Gehen Sie pfleglich mit dem Dienst um.',
    accept: 'Akzeptieren',
    profile: 'Profil vervollständigen',
    firstName: 'Vorname',
    lastName: 'Nachname',
    save: 'Speichern und weiter',
    required: 'Füllen Sie dieses Feld aus.',
  },
} as const;

describeWithBrowser('required-action pages in Chromium', () => {
  const suite = useBrowserSuite(() => createTestApp({ flowsDir: REQUIRED_ACTIONS_FLOWS, plugins: REQUIRED_ACTIONS_PLUGINS }));

  test.each([
    ['en', 'ann@example.com', LOGIN],
    ['de', 'bea@example.com', `${LOGIN}?ui_locales=de`],
  ] as const)('a sign-in that needs the terms and the profile (%s): every page passes axe, no console errors', async (language, email, path) => {
    const text = TEXT[language];
    const user = await suite.t.users.create({ email });
    await suite.t.users.addRequiredAction(user.id, 'update-profile');
    const { page, consoleErrors } = await suite.open(path, { locale: 'en-US' });
    await field(page, text.email).fill(email);
    await button(page, text.continue).click();
    await field(page, text.code).fill('000000');
    await button(page, text.continue).click();

    await expectHeading(page, text.terms);
    expect(await page.getAttribute('html', 'lang')).toBe(language);
    expect(await page.locator('.fg-terms').getAttribute('lang')).toBe(language);
    expect(await page.locator('.fg-terms').textContent()).toContain(text.termsText);
    await expectAccessible(page, `terms-and-conditions (${language})`);
    await button(page, text.accept).click();

    await expectHeading(page, text.profile);
    expect(await page.locator('main').textContent()).toContain(email);
    await expectAccessible(page, `update-profile (${language})`);

    // Only the first name: the page comes back with the last name's error, which must pass axe too.
    await field(page, text.firstName).fill('Ann');
    await button(page, text.save).click();
    await page.getByRole('alert').getByText(text.required).waitFor();
    await page.waitForLoadState('load');
    expect(await field(page, text.lastName).getAttribute('aria-invalid')).toBe('true');
    expect(await field(page, text.firstName).inputValue()).toBe('Ann');
    await expectAccessible(page, `update-profile with an error (${language})`);

    await field(page, text.lastName).fill('Lee');
    await button(page, text.save).click();
    await page.waitForURL(`${suite.url}${ACCOUNT}`);
    // The account page is not part of the sign-in: it follows the browser's language (en-US), not ui_locales.
    await expectHeading(page, ACCOUNT_HEADING);

    const saved = await suite.t.users.findById(user.id);
    expect(saved!.requiredActions).toEqual([]);
    expect(saved!.attributes).toMatchObject({ firstName: ['Ann'], lastName: ['Lee'], termsAcceptedVersion: ['2025-01'] });
    expect(consoleErrors.messages).toEqual([]);
  });
});
