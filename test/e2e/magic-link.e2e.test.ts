import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TYPES } from '../../src/composition/container';
import type { UserStore } from '../../src/store';
import { BROWSER_TEST_TIMEOUT_MS, describeWithBrowser, launchBrowser, newContext, serve, watchConsoleErrors, type ServedApp } from '../support/browser';
import { createMailTestApp, type MailTestApp } from '../support/mail-test-app';
import { approvalNumberOn, button, codeIn, expectAccessible, expectHeading, field, linkPathIn, mailsTo, newestMailTo } from '../support/pages';
import { SmtpSink } from '../support/smtp-sink';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);

// Realms `main` (continue-original, sign-up on first use), `here` (sign-in-here, profile asked of
// new people) and `strict` (deny, no sign-up); none has a client, so a sign-in ends on the account page.
const FLOWS = path.join(__dirname, '..', 'fixtures', 'magic-link', 'e2e', 'flows');
const SUBJECT = 'Your sign-in link';

/** How long the waiting page may take to notice by itself that its sign-in moved on (it polls every 3 s). */
const MOVES_ON_WITHIN_MS = 20_000;

const TEXT = {
  signIn: 'Sign in',
  email: 'Email address',
  continue: 'Continue',
  waiting: 'Check your email',
  code: 'Code from the email (optional)',
  submitCode: 'Sign in with the code',
  clicked: 'I clicked the link',
  resend: 'Send a new email',
  confirmLink: 'Continue signing in',
  linkDone: 'Done',
  linkInvalid: 'This link does not work',
  account: 'Your account',
  profile: 'Complete your profile',
  firstName: 'First name',
  saveProfile: 'Save and continue',
} as const;

describeWithBrowser('magic link in Chromium, with mail through a real SMTP sink', () => {
  let sink: SmtpSink;
  let browser: Browser;
  let running: MailTestApp;
  let site: ServedApp;
  let contexts: Array<{ context: BrowserContext; errors: { readonly messages: readonly string[] } }> = [];

  beforeAll(async () => {
    [browser, sink] = await Promise.all([launchBrowser(), SmtpSink.start()]);
    running = await createMailTestApp(sink, { flowsDir: FLOWS, plugins: [] });
    site = await serve(running.t.app);
  });

  afterEach(async () => {
    // Every page a test opened printed nothing wrong on the console.
    const errors = contexts.flatMap((c) => c.errors.messages);
    for (const { context } of contexts) await context.close();
    contexts = [];
    expect(errors).toEqual([]);
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), site?.close()]);
    await running?.close();
    await sink?.stop();
  });

  const t = () => running.t;
  /** The users of `realm`. */
  const users = (realm: string) => running.t.container.get(TYPES.UserStore).forRealm(realm);

  /** A new page in a new, separate browser (its own cookies: another device). */
  async function device(): Promise<Page> {
    const context = await newContext(browser, { locale: 'en-US' });
    contexts.push({ context, errors: watchConsoleErrors(context) });
    return context.newPage();
  }

  /** Starts a sign-in in `realm` on `page` and sends the address; returns once the waiting page shows. */
  async function askForLink(page: Page, realm: string, email: string): Promise<void> {
    await page.goto(`${site.url}/realms/${realm}/login`);
    await expectHeading(page, TEXT.signIn);
    await field(page, TEXT.email).fill(email);
    await button(page, TEXT.continue).click();
    await expectHeading(page, TEXT.waiting);
  }

  /**
   * Opens a mailed link on `page` and presses its button ("Continue", or in another browser the
   * `number` the waiting tab shows); the link's GET alone changes nothing.
   */
  async function followLink(page: Page, linkPath: string, name: string, number?: string): Promise<void> {
    await page.goto(`${site.url}${linkPath}`);
    await expectHeading(page, TEXT.confirmLink);
    await expectAccessible(page, `link-confirm (${name})`);
    await button(page, number ?? TEXT.continue).click();
  }

  async function expectSignedIn(page: Page, realm: string, email: string): Promise<void> {
    await expectHeading(page, TEXT.account);
    expect(page.url()).toBe(`${site.url}/realms/${realm}/account`);
    expect(await page.locator('main').textContent()).toContain(email);
  }

  it('same browser: the link opened in another tab signs in, and the waiting tab follows', async () => {
    const email = 'ann@example.com';
    await t().users.create({ email });
    const tab = await device();
    await askForLink(tab, 'main', email);
    await expectAccessible(tab, 'magic-link');
    const mail = await newestMailTo(sink, email, 1, SUBJECT);
    // The realm is named by its display name in the mail.
    expect(mail.parsed.text).toContain('Someone is signing in to Flowgate main with this email address.');

    const mailTab = await tab.context().newPage();
    await followLink(mailTab, linkPathIn(mail), 'same browser');
    await expectSignedIn(mailTab, 'main', email);
    await expectAccessible(mailTab, 'account');
    await expectHeading(tab, TEXT.account);
  });

  it('continue-original: confirmed on a second device, the first tab moves on by itself', async () => {
    const email = 'bob@example.com';
    await t().users.create({ email });
    const laptop = await device();
    await askForLink(laptop, 'main', email);

    const phone = await device();
    await followLink(phone, linkPathIn(await newestMailTo(sink, email, 1, SUBJECT)), 'continue-original', await approvalNumberOn(laptop));
    await expectHeading(phone, TEXT.linkDone);
    await expectAccessible(phone, 'link-done');

    await laptop.waitForURL(`${site.url}/realms/main/account`, { timeout: MOVES_ON_WITHIN_MS });
    await expectSignedIn(laptop, 'main', email);
    // Only the laptop is signed in: the phone only confirmed.
    await phone.goto(`${site.url}/realms/main/account`);
    await expectHeading(phone, TEXT.signIn);
  });

  it('sign-in-here: the second device ends signed in; the first tab says the sign-in continued elsewhere', async () => {
    const email = 'cat@example.com';
    await users('here').create({ email });
    const laptop = await device();
    await askForLink(laptop, 'here', email);

    const phone = await device();
    await followLink(phone, linkPathIn(await newestMailTo(sink, email, 1, SUBJECT)), 'sign-in-here');
    await expectSignedIn(phone, 'here', email);

    const moved = laptop.getByText('This sign-in continued on another device', { exact: false });
    await moved.first().waitFor({ timeout: MOVES_ON_WITHIN_MS });
    await laptop.waitForLoadState('load');
    expect(await laptop.locator('main').textContent()).toContain('FG_SIGN_IN_MOVED');
    await expectAccessible(laptop, 'sign-in moved');
  });

  it('deny: the second device gets the explanation; the first tab still waits and its code signs in', async () => {
    const email = 'dan@example.com';
    await users('strict').create({ email });
    const laptop = await device();
    await askForLink(laptop, 'strict', email);
    const mail = await newestMailTo(sink, email, 1, SUBJECT);

    const phone = await device();
    await followLink(phone, linkPathIn(mail), 'deny');
    await expectHeading(phone, TEXT.linkInvalid);
    expect(await phone.locator('main').textContent()).toContain('only works in the browser where you asked for it');
    await expectAccessible(phone, 'link-invalid (deny)');

    // The refusal touched the sign-in (its step moved on), so the waiting page re-reads itself: the
    // status check sees the change and opens the current step, still the waiting page.
    await laptop.waitForURL((url) => !url.searchParams.has('execution'), { timeout: MOVES_ON_WITHIN_MS });
    await expectHeading(laptop, TEXT.waiting);
    await field(laptop, TEXT.code).fill(codeIn(mail));
    await button(laptop, TEXT.submitCode).click();
    await expectSignedIn(laptop, 'strict', email);
  });

  it('the code typed on the first device signs in', async () => {
    const email = 'eve@example.com';
    await t().users.create({ email });
    const page = await device();
    await askForLink(page, 'main', email);
    const input = field(page, TEXT.code);
    expect(await input.getAttribute('autocomplete')).toBe('one-time-code');
    await input.fill(codeIn(await newestMailTo(sink, email, 1, SUBJECT)));
    await button(page, TEXT.submitCode).click();
    await expectSignedIn(page, 'main', email);
  });

  it('resend: refused during the cooldown with the wait, then a new mail whose link works while the old one does not', async () => {
    const email = 'fay@example.com';
    await t().users.create({ email });
    const page = await device();
    await askForLink(page, 'main', email);
    const first = linkPathIn(await newestMailTo(sink, email, 1, SUBJECT));

    await button(page, TEXT.resend).click();
    await page.getByText('Please wait 60 seconds before asking for another email.').waitFor();
    await expectAccessible(page, 'magic-link (resend refused)');
    expect(mailsTo(sink, email, SUBJECT)).toHaveLength(1);

    t().clock.advanceSeconds(60);
    await button(page, TEXT.resend).click();
    await page.getByText('We sent a new email. Earlier links and codes no longer work.').waitFor();
    const second = linkPathIn(await newestMailTo(sink, email, 2, SUBJECT));
    expect(second).not.toBe(first);

    const mailTab = await page.context().newPage();
    await mailTab.goto(`${site.url}${first}`);
    await expectHeading(mailTab, TEXT.linkInvalid);
    await expectAccessible(mailTab, 'link-invalid (replaced)');
    await followLink(mailTab, second, 'resent');
    await expectSignedIn(mailTab, 'main', email);
  });

  it('force create on: the link signs up an unknown address', async () => {
    const email = 'new-on@example.com';
    const page = await device();
    await askForLink(page, 'main', email);
    expect(await t().users.findByEmail(email)).toBeUndefined();
    const mailTab = await page.context().newPage();
    await followLink(mailTab, linkPathIn(await newestMailTo(sink, email, 1, SUBJECT)), 'sign-up');
    await expectSignedIn(mailTab, 'main', email);
    expect(await t().users.findByEmail(email)).toMatchObject({ emailVerified: true });
  });

  it('force create off: an unknown address gets the same waiting page and no mail', async () => {
    const unknown = 'new-off@example.com';
    const known = 'gus@example.com';
    await users('strict').create({ email: known });
    const first = await device();
    await askForLink(first, 'strict', unknown);
    await expectAccessible(first, 'magic-link (unknown address)');
    const second = await device();
    await askForLink(second, 'strict', known);
    // Mail leaves in the order it was queued: once the known address's mail is here, an unknown one would be too.
    await newestMailTo(sink, known, 1, SUBJECT);
    expect(mailsTo(sink, unknown)).toEqual([]);
    expect(await first.locator('main').getByRole('heading').allTextContents()).toEqual(await second.locator('main').getByRole('heading').allTextContents());
    expect(await users('strict').findByEmail(unknown)).toBeUndefined();
  });

  it('update profile on create: a new person\'s link leads into the update-profile page, then in', async () => {
    const email = 'new-here@example.com';
    const page = await device();
    await askForLink(page, 'here', email);
    const mailTab = await page.context().newPage();
    await followLink(mailTab, linkPathIn(await newestMailTo(sink, email, 1, SUBJECT)), 'update profile on create');
    await expectHeading(mailTab, TEXT.profile);
    await expectAccessible(mailTab, 'update-profile');
    await field(mailTab, TEXT.firstName).fill('Nia');
    await button(mailTab, TEXT.saveProfile).click();
    await expectSignedIn(mailTab, 'here', email);
    expect(await users('here').findByEmail(email)).toMatchObject({ attributes: { firstName: ['Nia'] }, requiredActions: [] });
  });
});
