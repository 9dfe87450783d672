import path from 'node:path';
import { BROWSER_TEST_TIMEOUT_MS, describeWithBrowser } from '../support/browser';
import { useBrowserSuite } from '../support/browser-suite';
import { button, expectAccessible, expectHeading, field } from '../support/pages';
import { createTestApp, FIXED_CODE_PLUGIN } from '../support/test-app';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);

// The example plugins of examples/plugins, loaded as a third party's are: through the server
// config's `plugins`. The flow (test/plugins/fixtures/example-flows): email, then `email-domain`
// refusing blocked.example, the fixed code `000000`, and for partner.example addresses
// (`condition-email-domain`) the code a second time; the realm enables `choose-display-name`.
const EXAMPLES = path.join(__dirname, '..', '..', 'examples', 'plugins');
const FLOWS = path.join(__dirname, '..', 'plugins', 'fixtures', 'example-flows');
const PLUGINS = [FIXED_CODE_PLUGIN, path.join(EXAMPLES, 'email-domain'), path.join(EXAMPLES, 'choose-display-name')];
const LOGIN = '/realms/main/login';
const ACCOUNT = '/realms/main/account';

/** What the pages say, per language: a missing translation shows up as a heading, label or button not found. */
const TEXT = {
  en: {
    email: 'Email address',
    continue: 'Continue',
    refused: 'This email address cannot be used here',
    useAnother: 'Use another email address',
    startAgain: 'Enter the email address you want to sign in with.',
    signIn: 'Sign in',
  },
  de: {
    email: 'E-Mail-Adresse',
    continue: 'Weiter',
    refused: 'Diese E-Mail-Adresse ist hier nicht möglich',
    useAnother: 'Andere E-Mail-Adresse verwenden',
    startAgain: 'Geben Sie die E-Mail-Adresse ein, mit der Sie sich anmelden möchten.',
    signIn: 'Anmelden',
  },
} as const;

describeWithBrowser('example plugins in Chromium', () => {
  const suite = useBrowserSuite(() => createTestApp({ flowsDir: FLOWS, plugins: PLUGINS }));
  const open = (path: string) => suite.open(path);

  test.each([
    ['en', LOGIN],
    ['de', `${LOGIN}?ui_locales=de`],
  ] as const)('a refused domain gets its own page, which leads back to the address (%s); every page passes axe', async (language, start) => {
    const text = TEXT[language];
    const { page, consoleErrors } = await open(start);
    await field(page, text.email).fill('bob@blocked.example');
    await button(page, text.continue).click();

    await expectHeading(page, text.refused);
    expect(await page.getAttribute('html', 'lang')).toBe(language);
    expect(await page.locator('main').textContent()).toContain('blocked.example');
    await expectAccessible(page, `email-domain-refused (${language})`);

    await button(page, text.useAnother).click();
    await expectHeading(page, text.signIn);
    await page.getByText(text.startAgain).waitFor();
    expect(await field(page, text.email).inputValue()).toBe('');
    await expectAccessible(page, `identify-email after email-domain-refused (${language})`);
    expect(consoleErrors.messages).toEqual([]);
  });

  test('a partner gives the code twice, then chooses a display name; a reserved one is refused', async () => {
    const pat = await suite.t.users.create({ email: 'pat@partner.example' });
    const { page, consoleErrors } = await open(LOGIN);
    await field(page, 'Email address').fill('pat@partner.example');
    await button(page, 'Continue').click();

    await page.waitForURL(/execution=browser%2Ffixed-code$/);
    await field(page, 'Code').fill('000000');
    await button(page, 'Continue').click();
    // The partner branch, which `condition-email-domain` opened.
    await page.waitForURL(/execution=browser%2Fpartners%2Ffixed-code$/);
    await field(page, 'Code').fill('000000');
    await button(page, 'Continue').click();

    await expectHeading(page, 'Choose a display name');
    await page.getByText('Use between 2 and 40 characters.').waitFor();
    await expectAccessible(page, 'choose-display-name');

    await field(page, 'Display name').fill('Support');
    await button(page, 'Save and continue').click();
    await page.getByRole('alert').getByText('This name is reserved. Choose another one.').waitFor();
    await page.waitForLoadState('load');
    expect(await field(page, 'Display name').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'choose-display-name with an error');

    await field(page, 'Display name').fill('Pat Lee');
    await button(page, 'Save and continue').click();
    await page.waitForURL(`${suite.url}${ACCOUNT}`);
    expect((await suite.t.users.findById(pat.id))?.attributes['displayName']).toEqual(['Pat Lee']);
    expect(consoleErrors.messages).toEqual([]);
  });
});
