import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { BROWSER_TEST_TIMEOUT_MS, describeWithBrowser } from '../support/browser';
import { useBrowserSuite } from '../support/browser-suite';
import { createSmtpTestApp } from '../support/mail-test-app';
import { button, expectAccessible, expectHeading, field, linkPathIn, newestMailTo } from '../support/pages';
import { SmtpSink } from '../support/smtp-sink';
import { TYPES } from '../../src/composition/tokens';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS * 3);

/** The flows a new install serves: the repository's own `flows/` directory, unchanged. */
const SHIPPED_FLOWS = path.join(__dirname, '..', '..', 'flows');
/** A new address: nobody has an account with it until its magic link is used (the shipped flow's `forceCreateUser`). */
const ANN = 'ann@example.com';

/**
 * A platform authenticator in this tab (Chromium's DevTools WebAuthn domain): CTAP2, built in,
 * resident keys, user verification that always succeeds, as a laptop's fingerprint reader would.
 */
async function addVirtualAuthenticator(context: BrowserContext, page: Page): Promise<(present: boolean) => Promise<void>> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  // Whether the person is there to answer: off, a request waits (as a conditional one does until a passkey is picked).
  return async (present) => {
    await cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled: present });
  };
}

describeWithBrowser('passkeys in Chromium with a virtual authenticator: the magic link signs up, a passkey signs in next time (#21)', () => {
  let sink: SmtpSink;
  // WebAuthn needs a secure context and a domain for an RP ID: http://localhost is both, 127.0.0.1 neither.
  let base: string;
  const suite = useBrowserSuite(
    async (url) => {
      base = url!.replace('127.0.0.1', 'localhost');
      sink = await SmtpSink.start();
      return createSmtpTestApp(sink, { flowsDir: SHIPPED_FLOWS, plugins: [], env: { PUBLIC_URL: base } });
    },
    { urlBeforeBuild: true },
  );
  afterAll(() => sink?.stop());

  const codesSent = async (): Promise<number> => (await suite.t.events.query({ realm: 'main', type: 'CODE_SENT' })).length;
  const passkeysOf = async (email: string) => {
    const user = await suite.t.users.findByEmail(email);
    return suite.t.container.get(TYPES.PasskeyStore).listForUser('main', user!.id);
  };

  async function signOut(tab: Page): Promise<void> {
    await tab.goto(`${base}/realms/main/account`);
    await button(tab, 'Sign out everywhere').click();
    await expectHeading(tab, 'You have signed out');
  }

  it('a new address signs up by magic link -> register-passkey -> sign out -> passkey alone (no address, no mail) -> remove on the account page -> magic link again -> recovery registers a new one; axe on every new page', async () => {
    expect(await suite.t.users.findByEmail(ANN)).toBeUndefined();
    const { context, consoleErrors } = await suite.newContext({ locale: 'en-US' });
    const tab = await context.newPage();
    const presence = await addVirtualAuthenticator(context, tab);

    // 1. Sign-up by magic link: no account and no passkey yet, so the passkey step is skipped (as
    // for anyone without one) and the mail goes out; the account is made when its link is used.
    await tab.goto(`${base}/realms/main/login`);
    await field(tab, 'Email address').fill(ANN);
    await button(tab, 'Email me a sign-in link').click();
    await expectHeading(tab, 'Check your email');
    expect(await suite.t.users.findByEmail(ANN)).toBeUndefined();
    await tab.goto(`${base}${linkPathIn(await newestMailTo(sink, ANN, 1, 'Your sign-in link'))}`);
    await button(tab, 'Continue').click();

    // 2. The offer: name the passkey and create it on the (virtual) platform authenticator.
    await expectHeading(tab, 'Sign in faster next time');
    const created = await suite.t.users.findByEmail(ANN);
    expect(created).toMatchObject({ email: ANN, emailVerified: true });
    expect((await suite.t.events.query({ realm: 'main', type: 'REGISTER' })).map((e) => [e.userId, e.details?.['method']])).toEqual([[created!.id, 'magic-link']]);
    await expectAccessible(tab, 'register-passkey');
    expect(await tab.locator('script[src="/static/simplewebauthn-browser.js"]').count()).toBe(1);
    await tab.getByLabel('Name for this passkey (for example, the device)').fill('Test laptop');
    await button(tab, 'Create a passkey').click();
    await expectHeading(tab, 'Your account');
    expect((await passkeysOf(ANN)).map((p) => p.label)).toEqual(['Test laptop']);
    await expectAccessible(tab, 'account');

    // 3. Signed out, then in again with the passkey alone: no address typed, no mail sent. On the
    // address page nobody is present for the authenticator, so the page's conditional request (tested
    // below) waits and this walks the other way to a passkey: "try another way".
    await signOut(tab);
    const sentBefore = await codesSent();
    await presence(false);
    await tab.goto(`${base}/realms/main/login`);
    await button(tab, 'Try another way').click();
    await expectHeading(tab, 'Choose how to sign in');
    await button(tab, 'Sign in with a passkey').click();
    await expectHeading(tab, 'Sign in with a passkey');
    await expectAccessible(tab, 'passkey');
    await presence(true);
    await button(tab, 'Use a passkey').click();
    await expectHeading(tab, 'Your account');
    expect(await codesSent()).toBe(sentBefore);
    const logins = await suite.t.events.query({ realm: 'main', type: 'LOGIN' });
    expect(logins).toHaveLength(2);
    // The method shows on the events: the mail sign-in proved an inbox, this one a passkey.
    expect(logins.map((e) => e.details?.['amr'])).toEqual(expect.arrayContaining([['email'], ['hwk']]));
    expect((await passkeysOf(ANN))[0]!.lastUsedAt).toBeDefined();

    // 4. Removed on the account page (it was the only one: the page warns).
    await tab.getByText('This is your only passkey. Without it you sign in with an email again.').waitFor();
    await button(tab, 'Remove this passkey').click();
    await tab.getByText('You have no passkey. You sign in with an email.').waitFor();
    expect(await passkeysOf(ANN)).toEqual([]);
    expect((await suite.t.events.query({ realm: 'main', type: 'REMOVE_CREDENTIAL' })).length).toBe(1);

    // 5. The authenticator still holds the removed passkey: it signs nobody in, and says nothing more.
    await signOut(tab);
    await presence(false);
    await tab.goto(`${base}/realms/main/login`);
    await button(tab, 'Try another way').click();
    await button(tab, 'Sign in with a passkey').click();
    await presence(true);
    await button(tab, 'Use a passkey').click();
    await tab.getByText('That passkey could not sign you in. Try again, or use another way.').waitFor();
    const errors = await suite.t.events.query({ realm: 'main', type: 'LOGIN_ERROR' });
    // The failure's method shows as the plugin, as for the mail methods; no user is named.
    expect(errors.filter((e) => e.error === 'unknown_credential').map((e) => [e.details?.['plugin'], e.userId ?? null])).toEqual([['passkey', null]]);

    // 6. The next sign-in by address falls back to the magic link.
    await presence(false);
    await tab.goto(`${base}/realms/main/login`);
    await field(tab, 'Email address').fill(ANN);
    await button(tab, 'Email me a sign-in link').click();
    await expectHeading(tab, 'Check your email');

    // 7. Recovery: "Lost your passkey?" proves the address by mail, then registers a new passkey.
    await presence(false);
    await tab.goto(`${base}/realms/main/login`);
    await button(tab, 'Try another way').click();
    await button(tab, 'Sign in with a passkey').click();
    await tab.getByRole('link', { name: 'Lost your passkey?' }).click();
    await expectHeading(tab, 'Sign in');
    await field(tab, 'Email address').fill(ANN);
    // The recovery flow does not ask first: one way, the link.
    await button(tab, 'Continue').click();
    await expectHeading(tab, 'Check your email');
    await tab.goto(`${base}${linkPathIn(await newestMailTo(sink, ANN, 3, 'Your sign-in link'))}`);
    await button(tab, 'Continue').click();
    await expectHeading(tab, 'Sign in faster next time');
    await tab.getByLabel('Name for this passkey (for example, the device)').fill('New laptop');
    await presence(true);
    await button(tab, 'Create a passkey').click();
    await expectHeading(tab, 'Your account');
    expect((await passkeysOf(ANN)).map((p) => p.label)).toEqual(['New laptop']);
    expect(consoleErrors.messages).toEqual([]);
  });

  it('conditional UI: the address field offers the saved passkey in its autofill, choosing it signs in (no address typed, no mail); axe on the page', async () => {
    const CORA = 'cora@example.com';
    const { context, consoleErrors } = await suite.newContext({ locale: 'en-US' });
    const tab = await context.newPage();
    const presence = await addVirtualAuthenticator(context, tab);
    await tab.goto(`${base}/realms/main/login`);
    await field(tab, 'Email address').fill(CORA);
    await button(tab, 'Email me a sign-in link').click();
    await expectHeading(tab, 'Check your email');
    await tab.goto(`${base}${linkPathIn(await newestMailTo(sink, CORA, 1, 'Your sign-in link'))}`);
    await button(tab, 'Continue').click();
    await tab.getByLabel('Name for this passkey (for example, the device)').fill('Cora laptop');
    await button(tab, 'Create a passkey').click();
    await expectHeading(tab, 'Your account');
    await signOut(tab);

    // Nobody picks a passkey yet: the page waits with its conditional request pending beside the field.
    await presence(false);
    const sentBefore = await codesSent();
    await tab.goto(`${base}/realms/main/login`);
    await expectHeading(tab, 'Sign in');
    const email = field(tab, 'Email address');
    expect(await email.getAttribute('autocomplete')).toBe('email webauthn');
    const offer = tab.locator('form[data-step-offer]');
    expect(JSON.parse((await offer.getAttribute('data-step-offer'))!)).toMatchObject({ mediation: 'conditional', publicKey: { rpId: 'localhost', allowCredentials: [] } });
    expect(await offer.locator('input[name="execution"]').inputValue()).not.toBe(await tab.locator('form:not([data-step-offer]) input[name="execution"]').first().inputValue());
    await expectAccessible(tab, 'identify-email with the passkey offer');

    // Picking the saved passkey: Chromium's virtual authenticator answers a pending conditional request
    // as soon as a person is present (headless Chromium draws no autofill list to click).
    await presence(true);
    await tab.reload();
    await expectHeading(tab, 'Your account');
    expect(await codesSent()).toBe(sentBefore);
    const cora = await suite.t.users.findByEmail(CORA);
    const logins = (await suite.t.events.query({ realm: 'main', type: 'LOGIN' })).filter((e) => e.userId === cora!.id);
    expect(logins.map((e) => e.details?.['amr'])).toEqual(expect.arrayContaining([['email'], ['hwk']]));
    expect(logins).toHaveLength(2);
    expect(consoleErrors.messages).toEqual([]);
  });
});
