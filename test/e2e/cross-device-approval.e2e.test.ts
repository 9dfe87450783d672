import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { BROWSER_TEST_TIMEOUT_MS, describeWithBrowser, launchBrowser, newContext, serve, watchConsoleErrors, type ServedApp } from '../support/browser';
import { createMailTestApp, type MailTestApp } from '../support/mail-test-app';
import { approvalNumberOn, button, expectAccessible, expectHeading, field, linkPathIn, newestMailTo } from '../support/pages';
import { SmtpSink } from '../support/smtp-sink';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);

// #19 item 1: an attacker starts a sign-in with someone's address in their own browser; the person
// opens the genuine mail in theirs. Realm `main` uses the default `crossDevice: continue-original`.
const FLOWS = path.join(__dirname, '..', 'fixtures', 'magic-link', 'e2e', 'flows');
const SUBJECT = 'Your sign-in link';
/** How long the waiting page may take to notice by itself that its sign-in moved on (it polls every 3 s). */
const MOVES_ON_WITHIN_MS = 20_000;

const TEXT = {
  signIn: 'Sign in',
  email: 'Email address',
  continue: 'Continue',
  waiting: 'Check your email',
  confirmLink: 'Continue signing in',
  linkDone: 'Done',
  linkInvalid: 'This link does not work',
  rejected: 'Sign-in cancelled',
  notMe: "This wasn't me",
  account: 'Your account',
} as const;

describeWithBrowser('cross-device approval in Chromium: the attacker\'s browser and the person\'s', () => {
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

  /** A new page in a separate browser (its own cookies). */
  async function device(): Promise<Page> {
    const context = await newContext(browser, { locale: 'en-US' });
    contexts.push({ context, errors: watchConsoleErrors(context) });
    return context.newPage();
  }

  /** The attacker's tab: a sign-in with `email`, up to the waiting page with its number. */
  async function attackerWaits(email: string): Promise<{ attacker: Page; number: string }> {
    const attacker = await device();
    await attacker.goto(`${site.url}/realms/main/login`);
    await expectHeading(attacker, TEXT.signIn);
    await field(attacker, TEXT.email).fill(email);
    await button(attacker, TEXT.continue).click();
    await expectHeading(attacker, TEXT.waiting);
    await expectAccessible(attacker, 'magic-link with its number');
    return { attacker, number: await approvalNumberOn(attacker) };
  }

  /** The person's browser on the link of the genuine mail: three numbers, where and when, "This wasn't me". */
  async function personOpensMail(email: string): Promise<Page> {
    const person = await device();
    await person.goto(`${site.url}${linkPathIn(await newestMailTo(sink, email, 1, SUBJECT))}`);
    await expectHeading(person, TEXT.confirmLink);
    await expectAccessible(person, 'link-confirm with numbers');
    const main = person.locator('main');
    expect(await main.textContent()).toContain('Chrome on Linux');
    expect(await person.locator('main time').count()).toBe(1);
    expect(await button(person, TEXT.continue).count()).toBe(0);
    return person;
  }

  /** The numbers the person's page offers. */
  const offered = async (person: Page): Promise<string[]> => (await person.locator('.fg-number-choices button').allTextContents()).map((t) => t.trim());

  it('the right number signs the waiting tab in; the person\'s browser is only told it is done', async () => {
    const email = 'ann@example.com';
    await running.t.users.create({ email });
    const { attacker, number } = await attackerWaits(email);
    const person = await personOpensMail(email);
    const numbers = await offered(person);
    expect(numbers).toHaveLength(3);
    expect(numbers).toContain(number);

    await button(person, number).click();
    await expectHeading(person, TEXT.linkDone);
    await attacker.waitForURL(`${site.url}/realms/main/account`, { timeout: MOVES_ON_WITHIN_MS });
    await expectHeading(attacker, TEXT.account);
  });

  it('a wrong number spends the approval, is recorded, and the waiting tab shows a clear failure', async () => {
    const email = 'bob@example.com';
    await running.t.users.create({ email });
    const { attacker, number } = await attackerWaits(email);
    const person = await personOpensMail(email);
    const wrong = (await offered(person)).find((n) => n !== number)!;

    await button(person, wrong).click();
    await expectHeading(person, TEXT.linkInvalid);
    expect(await person.locator('main').textContent()).toContain('FG_APPROVAL_MISMATCH');
    await expectAccessible(person, 'link-invalid (wrong number)');
    expect((await running.t.events.query({ realm: 'main', type: 'LOGIN_ERROR' })).map((e) => e.error)).toContain('approval_mismatch');

    await attacker.getByText('This sign-in was stopped', { exact: false }).first().waitFor({ timeout: MOVES_ON_WITHIN_MS });
    await attacker.waitForLoadState('load');
    expect(await attacker.locator('main').textContent()).toContain('FG_APPROVAL_MISMATCH');
    await expectAccessible(attacker, 'approval mismatch');
    await attacker.goto(`${site.url}/realms/main/account`);
    await expectHeading(attacker, TEXT.signIn);
  });

  it('"This wasn\'t me" cancels the waiting sign-in, is recorded, and the waiting tab says so', async () => {
    const email = 'cat@example.com';
    await running.t.users.create({ email });
    const { attacker } = await attackerWaits(email);
    const person = await personOpensMail(email);

    await button(person, TEXT.notMe).click();
    await expectHeading(person, TEXT.rejected);
    await expectAccessible(person, 'link-rejected');
    expect((await running.t.events.query({ realm: 'main', type: 'LOGIN_ERROR' })).map((e) => e.error)).toContain('sign_in_rejected');

    await attacker.getByText('This sign-in was cancelled', { exact: false }).first().waitFor({ timeout: MOVES_ON_WITHIN_MS });
    await attacker.waitForLoadState('load');
    expect(await attacker.locator('main').textContent()).toContain('FG_SIGN_IN_REJECTED');
    await expectAccessible(attacker, 'sign-in rejected');
  });

  it('same browser: no numbers and no extra step; the link signs in', async () => {
    const email = 'dan@example.com';
    await running.t.users.create({ email });
    const { attacker: own } = await attackerWaits(email);
    const mailTab = await own.context().newPage();
    await mailTab.goto(`${site.url}${linkPathIn(await newestMailTo(sink, email, 1, SUBJECT))}`);
    await expectHeading(mailTab, TEXT.confirmLink);
    expect(await mailTab.locator('.fg-number-choices').count()).toBe(0);
    expect(await button(mailTab, TEXT.notMe).count()).toBe(0);
    await expectAccessible(mailTab, 'link-confirm (same browser)');
    await button(mailTab, TEXT.continue).click();
    await expectHeading(mailTab, TEXT.account);
    await expectHeading(own, TEXT.account);
  });
});
