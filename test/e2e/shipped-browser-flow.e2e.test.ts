import path from 'node:path';
import { BROWSER_TEST_TIMEOUT_MS, describeWithBrowser } from '../support/browser';
import { useBrowserSuite } from '../support/browser-suite';
import { createSmtpTestApp } from '../support/mail-test-app';
import { button, codeIn, expectAccessible, expectHeading, linkPathIn, newestMailTo } from '../support/pages';
import { SmtpSink } from '../support/smtp-sink';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);

/** The flows a new install serves: the repository's own `flows/` directory, unchanged. */
const SHIPPED_FLOWS = path.join(__dirname, '..', '..', 'flows');
const ANN = 'ann@example.com';
const BEA = 'bea@example.com';
const CAL = 'cal@example.com';

describeWithBrowser('the shipped browser flow in Chromium: the address page asks "link or code" (one mail), with "try another way" between them', () => {
  let sink: SmtpSink;
  const suite = useBrowserSuite(async () => {
    sink = await SmtpSink.start();
    const t = await createSmtpTestApp(sink, { flowsDir: SHIPPED_FLOWS, plugins: [] });
    for (const email of [ANN, BEA, CAL]) await t.users.create({ email, emailVerified: true });
    return t;
  });
  afterAll(() => sink?.stop());

  /** Every mail the sink got for `to`, by subject, oldest first. */
  const subjectsTo = (to: string): string[] => sink.messages.filter((m) => m.envelope.to.includes(to)).map((m) => String(m.parsed.subject));
  /** The mail steps' sends recorded so far (CODE_SENT events), by method, oldest first (the store lists newest first). */
  const sends = async (): Promise<string[]> => (await suite.t.events.query({ realm: 'main', type: 'CODE_SENT' })).map((e) => String(e.details?.['method'])).reverse();

  /** The path of the link in the newest "Your sign-in link" mail to `to`. */
  const newestLink = async (to: string): Promise<string> => linkPathIn(await newestMailTo(sink, to, 1, 'Your sign-in link'));

  it('asks for the email and which mail to send; Enter sends the link (one mail); switches both ways, and the link signs in; every page passes axe', async () => {
    const { context, consoleErrors: errors, page: tab } = await suite.open('/realms/main/login', { locale: 'en-US' });
    await expectHeading(tab, 'Sign in');
    // The address page asks first: the default button mails a link, the other one a code.
    await button(tab, 'Email me a sign-in link').waitFor();
    await button(tab, 'Email me a code').waitFor();
    await expectAccessible(tab, 'identify-email with its choices');
    const sentBefore = (await sends()).length;
    await tab.getByLabel('Email address', { exact: true }).fill(ANN);
    await tab.getByLabel('Email address', { exact: true }).press('Enter');

    // Enter submits the default: the magic link, as before; the waiting page polls its status (no meta refresh).
    await expectHeading(tab, 'Check your email');
    expect((await sends()).slice(sentBefore)).toEqual(['magic-link']);
    await button(tab, 'I clicked the link').waitFor();
    expect(await tab.locator('meta[http-equiv="refresh"]').count()).toBe(0);
    expect(await tab.locator('script[src="/static/poll.js"]').count()).toBe(1);
    await expectAccessible(tab, 'magic-link');
    await newestLink(ANN);

    // Try another way -> the code.
    await button(tab, 'Try another way').click();
    await expectHeading(tab, 'Choose how to sign in');
    await expectAccessible(tab, 'select-authenticator');
    await button(tab, 'Email me a code').click();
    await expectHeading(tab, 'Check your email');
    const code = tab.getByLabel('Code', { exact: true });
    expect(await code.getAttribute('autocomplete')).toBe('one-time-code');
    expect(await code.getAttribute('inputmode')).toBe('numeric');
    await button(tab, 'Send a new code').waitFor();
    await expectAccessible(tab, 'email-otp');
    await sink.waitForMessage((m) => m.envelope.to.includes(ANN) && m.parsed.subject === 'Your sign-in code');

    // ... and back to the link, which is then opened in another tab of the same browser.
    await button(tab, 'Try another way').click();
    await expectHeading(tab, 'Choose how to sign in');
    await button(tab, 'Email me a sign-in link').click();
    await expectHeading(tab, 'Check your email');
    await button(tab, 'I clicked the link').waitFor();
    const linkPath = await newestLink(ANN);

    const mailTab = await context.newPage();
    await mailTab.goto(`${suite.url}${linkPath}`);
    await expectHeading(mailTab, 'Continue signing in');
    await expectAccessible(mailTab, 'link-confirm');
    await button(mailTab, 'Continue').click();
    // A sign-in by mail offers a passkey (register-passkey in the main realm).
    await expectHeading(mailTab, 'Sign in faster next time');

    // The waiting tab notices by itself (its status changed) and shows where the sign-in is: the
    // offer, declined there ("not now"), which ends the sign-in.
    await expectHeading(tab, 'Sign in faster next time');
    await button(tab, 'Not now').click();
    await expectHeading(tab, 'Your account');
    await expectAccessible(tab, 'account');
    expect(errors.messages).toEqual([]);
    expect((await suite.t.events.query({ realm: 'main', type: 'LOGIN' })).length).toBe(1);
  });

  it('choosing "Email me a code" on the address page sends the code and nothing else, and the code signs in', async () => {
    const { consoleErrors: errors, page: tab } = await suite.open('/realms/main/login', { locale: 'en-US' });
    const sentBefore = (await sends()).length;
    await tab.getByLabel('Email address', { exact: true }).fill(BEA);
    await button(tab, 'Email me a code').click();
    await expectHeading(tab, 'Check your email');
    await tab.getByLabel('Code', { exact: true }).waitFor();
    const code = codeIn(await newestMailTo(sink, BEA, 1, 'Your sign-in code'));
    await tab.getByLabel('Code', { exact: true }).fill(code);
    await tab.getByRole('button', { name: /sign in|continue|verify/i }).first().click();
    await expectHeading(tab, 'Sign in faster next time');
    await button(tab, 'Not now').click();
    await expectHeading(tab, 'Your account');
    // Exactly one mail for the whole sign-in: the code.
    expect((await sends()).slice(sentBefore)).toEqual(['email-otp']);
    expect(subjectsTo(BEA)).toEqual(['Your sign-in code']);
    expect(errors.messages).toEqual([]);
  });

  it('a tampered choice shows the address page again with a message, sends nothing, and the page still works; axe on it', async () => {
    const { page: tab } = await suite.open('/realms/main/login', { locale: 'en-US' });
    const sentBefore = (await sends()).length;
    await tab.getByLabel('Email address', { exact: true }).fill(CAL);
    await button(tab, 'Email me a code').evaluate((el) => el.setAttribute('value', 'browser/forms/methods/passkey'));
    await button(tab, 'Email me a code').click();
    await tab.getByText('That way to sign in is not offered here. Choose one of the buttons below.').waitFor();
    await expectHeading(tab, 'Sign in');
    await expectAccessible(tab, 'identify-email after a refused choice');
    expect((await sends()).slice(sentBefore)).toEqual([]);
    await tab.getByLabel('Email address', { exact: true }).fill(CAL);
    await button(tab, 'Email me a code').click();
    await expectHeading(tab, 'Check your email');
    await tab.getByLabel('Code', { exact: true }).waitFor();
    expect((await sends()).slice(sentBefore)).toEqual(['email-otp']);
  });
});
