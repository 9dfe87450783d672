import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import * as oidc from 'openid-client';
import { SIGNED_IN_HEADING, HOME_HEADING, startExampleApp } from '../../examples/oidc-app';
import { authorizationRequest } from '../oidc/oidc-kit';
import { BROWSER_TEST_TIMEOUT_MS, describeWithBrowser } from '../support/browser';
import { useBrowserSuite, type ConsoleErrors } from '../support/browser-suite';
import { CLIENT_APP_HEADING, startClientApp, type ClientApp } from '../support/client-app';
import { freePort } from '../support/free-port';
import { createSmtpTestApp } from '../support/mail-test-app';
import { expectArrival, PROFILE_ON_CREATE_FLOW, publicClient, shippedFlowsWithClients } from '../support/oidc-browser';
import { button, codeIn, expectAccessible, expectHeading, field, linkPathIn, newestMailTo } from '../support/pages';
import { SmtpSink } from '../support/smtp-sink';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);

const TEXT = {
  en: { lang: 'en', signIn: 'Sign in', email: 'Email address', sendLink: 'Email me a sign-in link', continue: 'Continue', waiting: 'Check your email', confirmLink: 'Continue signing in', subject: 'Your sign-in link' },
  de: { lang: 'de', signIn: 'Anmelden', email: 'E-Mail-Adresse', sendLink: 'Anmeldelink per E-Mail senden', continue: 'Weiter', waiting: 'Sehen Sie in Ihre E-Mails', confirmLink: 'Anmeldung fortsetzen', subject: 'Ihr Anmeldelink' },
} as const;
type Text = (typeof TEXT)[keyof typeof TEXT];

describeWithBrowser('OpenID Connect in Chromium: apps sign people in through the shipped browser flow', () => {
  let sink: SmtpSink;
  let client: ClientApp;
  let examplePort: number;
  let flowsDir: string | undefined;
  let issuer: string;
  const suite = useBrowserSuite(
    async (url) => {
      [sink, client, examplePort] = await Promise.all([SmtpSink.start(), startClientApp(), freePort()]);
      const example = `http://localhost:${examplePort}`;
      flowsDir = shippedFlowsWithClients([
        { clientId: 'app', redirectUris: [client.redirectUri] },
        { clientId: 'signup-app', redirectUris: [client.redirectUri], flowOverrides: { browser: PROFILE_ON_CREATE_FLOW } },
        // The shipped demo client, at the port the example app gets here.
        { clientId: 'demo-app', type: 'public', redirectUris: [`${example}/callback`], postLogoutRedirectUris: [`${example}/`] },
      ]);
      issuer = `${url}/realms/main`;
      // Real time: openid-client checks the ID token's iat and exp against its own clock.
      const t = await createSmtpTestApp(sink, { flowsDir, plugins: [], startsAt: Date.now(), env: { PUBLIC_URL: url! } });
      await t.users.create({ email: 'ann@example.com', emailVerified: true, attributes: { firstName: ['Ann'], lastName: ['Lee'] } });
      return t;
    },
    { urlBeforeBuild: true },
  );
  afterAll(async () => {
    await Promise.all([sink?.stop(), client?.close()]);
    if (flowsDir) rmSync(flowsDir, { recursive: true, force: true });
  });

  /** A tab of a fresh English browser at `url` (the app's authorization request). */
  async function browserAt(url: URL): Promise<{ tab: Page; errors: ConsoleErrors }> {
    const { context, consoleErrors } = await suite.newContext({ locale: 'en-US' });
    const tab = await context.newPage();
    await tab.goto(url.href);
    return { tab, errors: consoleErrors };
  }

  /** Answers the identify-email page; ends on the magic link's waiting page (the shipped flow's first way). */
  async function giveEmail(tab: Page, email: string, text: Text = TEXT.en): Promise<void> {
    await expectHeading(tab, text.signIn);
    expect(await tab.getAttribute('html', 'lang')).toBe(text.lang);
    await expectAccessible(tab, `identify-email (${text.lang})`);
    await field(tab, text.email).fill(email);
    // The shipped flow asks first: the default button mails the link.
    await button(tab, text.sendLink).click();
    await expectHeading(tab, text.waiting);
    await expectAccessible(tab, `magic-link (${text.lang})`);
  }

  /** Opens the newest mailed link to `email` in `tab` and confirms it. */
  async function followLink(tab: Page, email: string, count: number, text: Text = TEXT.en): Promise<void> {
    const linkPath = linkPathIn(await newestMailTo(sink, email, count, text.subject));
    await tab.goto(`${suite.url}${linkPath}`);
    await expectHeading(tab, text.confirmLink);
    await expectAccessible(tab, `link-confirm (${text.lang})`);
    await button(tab, text.continue).click();
  }

  /** The tab reaches the test app's redirect URI; returns that URL (the code and state). */
  async function backAtClient(tab: Page, name: string, errors: ConsoleErrors): Promise<URL> {
    const back = await expectArrival(tab, (u) => u.href.startsWith(client.redirectUri), name, errors);
    await expectHeading(tab, CLIENT_APP_HEADING);
    return back;
  }

  const mailsTo = (to: string): number => sink.messages.filter((m) => m.envelope.to.includes(to)).length;

  it('(a) code + PKCE, the magic link read from the mail: the ID token verifies against certs, userinfo answers', async () => {
    const config = await publicClient(issuer, 'app');
    const request = await authorizationRequest(config, client.redirectUri);
    const { tab, errors } = await browserAt(request.url);
    const before = mailsTo('ann@example.com');
    await giveEmail(tab, 'ann@example.com');
    await followLink(tab, 'ann@example.com', before + 1);
    const back = await backAtClient(tab, 'magic link', errors);

    const tokens = await oidc.authorizationCodeGrant(config, back, { pkceCodeVerifier: request.verifier, expectedState: request.state });
    const user = await suite.t.users.findByEmail('ann@example.com');
    expect(tokens.claims()).toMatchObject({ iss: issuer, aud: 'app', sub: user!.id, email: 'ann@example.com', email_verified: true, given_name: 'Ann', family_name: 'Lee' });
    expect(await oidc.fetchUserInfo(config, tokens.access_token, user!.id)).toMatchObject({ sub: user!.id, email: 'ann@example.com' });
    expect(errors.messages).toEqual([]);
  });

  it('(b) the same with the email code, after "try another way"', async () => {
    const email = 'bob@example.com';
    await suite.t.users.create({ email, emailVerified: true });
    const config = await publicClient(issuer, 'app');
    const request = await authorizationRequest(config, client.redirectUri);
    const { tab, errors } = await browserAt(request.url);
    await giveEmail(tab, email);
    await button(tab, 'Try another way').click();
    await expectHeading(tab, 'Choose how to sign in');
    await expectAccessible(tab, 'select-authenticator');
    await button(tab, 'Email me a code').click();
    await field(tab, 'Code').waitFor();
    await expectAccessible(tab, 'email-otp');
    await field(tab, 'Code').fill(codeIn(await newestMailTo(sink, email, 1, 'Your sign-in code')));
    await button(tab, 'Sign in').click();
    const back = await backAtClient(tab, 'email code', errors);

    const tokens = await oidc.authorizationCodeGrant(config, back, { pkceCodeVerifier: request.verifier, expectedState: request.state });
    expect(tokens.claims()).toMatchObject({ iss: issuer, aud: 'app', email });
    expect(await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub)).toMatchObject({ email });
    expect(errors.messages).toEqual([]);
  });

  it('(c) a new person signed up by the link fills in the profile first; the ID token carries the names', async () => {
    const email = 'new@example.com';
    const config = await publicClient(issuer, 'signup-app');
    const request = await authorizationRequest(config, client.redirectUri);
    const { tab, errors } = await browserAt(request.url);
    await giveEmail(tab, email);
    await followLink(tab, email, 1);
    await expectHeading(tab, 'Complete your profile');
    expect(tab.url().startsWith(client.redirectUri)).toBe(false);
    await expectAccessible(tab, 'update-profile');
    await field(tab, 'First name').fill('Nora');
    await field(tab, 'Last name').fill('Neu');
    await button(tab, 'Save and continue').click();
    const back = await backAtClient(tab, 'after the profile', errors);

    const tokens = await oidc.authorizationCodeGrant(config, back, { pkceCodeVerifier: request.verifier, expectedState: request.state });
    expect(tokens.claims()).toMatchObject({ aud: 'signup-app', email, email_verified: true, given_name: 'Nora', family_name: 'Neu', name: 'Nora Neu' });
    expect(errors.messages).toEqual([]);
  });

  it('(d) ui_locales=de: German pages in an English browser, to the end', async () => {
    const email = 'cat@example.com';
    await suite.t.users.create({ email, emailVerified: true });
    const config = await publicClient(issuer, 'app');
    const request = await authorizationRequest(config, client.redirectUri, { ui_locales: 'de' });
    const { tab, errors } = await browserAt(request.url);
    await giveEmail(tab, email, TEXT.de);
    await followLink(tab, email, 1, TEXT.de);
    const back = await backAtClient(tab, 'German', errors);
    const tokens = await oidc.authorizationCodeGrant(config, back, { pkceCodeVerifier: request.verifier, expectedState: request.state });
    expect(tokens.claims()).toMatchObject({ email });
    expect(errors.messages).toEqual([]);
  });

  it('(e) the example app: sign in through it, see the claims, sign out of both', async () => {
    const app = await startExampleApp({ issuer, port: examplePort });
    try {
      const email = 'dan@example.com';
      await suite.t.users.create({ email, emailVerified: true, attributes: { firstName: ['Dan'], lastName: ['<b>Doe</b>'] } });
      const { context, consoleErrors: errors } = await suite.newContext({ locale: 'en-US' });
      const tab = await context.newPage();
      await tab.goto(`${app.url}/`);
      await expectHeading(tab, HOME_HEADING);
      await expectAccessible(tab, 'example app: home');
      await tab.getByRole('link', { name: 'Sign in with Flowgate' }).click();
      await giveEmail(tab, email);
      await followLink(tab, email, 1);
      await expectArrival(tab, (u) => u.origin === app.url, 'back at the example app', errors);
      await expectHeading(tab, SIGNED_IN_HEADING);
      await expectAccessible(tab, 'example app: claims');
      const claims = tab.getByRole('table', { name: 'ID token claims' });
      await expect(claims.getByRole('row', { name: /^email / }).textContent()).resolves.toContain(email);
      // Escaped: the markup in the name is text, not a bold element.
      await expect(claims.getByRole('row', { name: /^family_name / }).textContent()).resolves.toContain('<b>Doe</b>');

      await tab.getByRole('link', { name: 'Sign out' }).click();
      await expectHeading(tab, 'Sign out?');
      await expectAccessible(tab, 'logout-confirm');
      await button(tab, 'Sign out').click();
      await expectArrival(tab, (u) => u.origin === app.url, 'back at the example app after signing out', errors);
      await expectHeading(tab, HOME_HEADING);
      const account = await context.request.get(`${suite.url}/realms/main/account`, { headers: { accept: 'application/json' } });
      expect(account.status()).toBe(401);
      expect(errors.messages).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
