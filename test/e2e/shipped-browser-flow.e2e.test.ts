import path from 'node:path';
import { BROWSER_TEST_TIMEOUT_MS, describeWithBrowser } from '../support/browser';
import { useBrowserSuite } from '../support/browser-suite';
import { createSmtpTestApp } from '../support/mail-test-app';
import { button, expectAccessible, expectHeading, linkPathIn, newestMailTo } from '../support/pages';
import { SmtpSink } from '../support/smtp-sink';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);

/** The flows a new install serves: the repository's own `flows/` directory, unchanged. */
const SHIPPED_FLOWS = path.join(__dirname, '..', '..', 'flows');
const ANN = 'ann@example.com';

describeWithBrowser('the shipped browser flow in Chromium: magic link or email code, with "try another way" between them', () => {
  let sink: SmtpSink;
  const suite = useBrowserSuite(async () => {
    sink = await SmtpSink.start();
    const t = await createSmtpTestApp(sink, { flowsDir: SHIPPED_FLOWS, plugins: [] });
    await t.users.create({ email: ANN, emailVerified: true });
    return t;
  });
  afterAll(() => sink?.stop());

  /** The path of the link in the newest "Your sign-in link" mail to `to`. */
  const newestLink = async (to: string): Promise<string> => linkPathIn(await newestMailTo(sink, to, 1, 'Your sign-in link'));

  it('asks for the email, offers link and code, switches both ways, and the link signs in; every page passes axe', async () => {
    const { context, consoleErrors: errors, page: tab } = await suite.open('/realms/main/login', { locale: 'en-US' });
    await expectHeading(tab, 'Sign in');
    await expectAccessible(tab, 'identify-email');
    await tab.getByLabel('Email address', { exact: true }).fill(ANN);
    await button(tab, 'Continue').click();

    // Magic link first: the waiting page, which polls its status (no meta refresh).
    await expectHeading(tab, 'Check your email');
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
});
