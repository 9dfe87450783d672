import * as oidc from 'openid-client';
import { authorizationRequest, authorizeAsJsonClient, CookieFetch, discover, startOidcServer, type OidcTestServer } from './oidc-kit';

const PARTNER_REDIRECT = 'http://localhost:3003/callback';
const SIGN_IN = { 'identify-email': { email: 'ann@example.com' }, 'fixed-code': { code: '000000' } };

let s: OidcTestServer;
let partner: oidc.Configuration;
beforeAll(async () => {
  s = await startOidcServer();
  await s.t.users.create({ email: 'ann@example.com', emailVerified: true });
  partner = await discover(s, 'partner');
});
afterAll(() => s?.close());

test('a client that requires consent asks once; allowed, the app gets its code, and the next time nobody is asked', async () => {
  const browser = new CookieFetch();
  const first = await authorizationRequest(partner, PARTNER_REDIRECT);
  const back = await authorizeAsJsonClient(s, browser, first.url, { ...SIGN_IN, consent: { decision: 'allow' } });
  const tokens = await oidc.authorizationCodeGrant(partner, back, { pkceCodeVerifier: first.verifier, expectedState: first.state });
  expect(tokens.claims()).toMatchObject({ email: 'ann@example.com' });
  // Granted already: single sign-on and no consent page (no answers at all).
  const again = await authorizationRequest(partner, PARTNER_REDIRECT);
  const second = await authorizeAsJsonClient(s, browser, again.url, {});
  expect(second.searchParams.get('code')).toEqual(expect.any(String));
});

test('the consent page says what the app asks for, in the page\'s language', async () => {
  const browser = new CookieFetch();
  await authorizeAsJsonClient(s, browser, new URL(`${s.origin}/realms/main/login`), SIGN_IN).catch(() => undefined);
  const request = await authorizationRequest(partner, PARTNER_REDIRECT, { ui_locales: 'de' });
  const started = await browser.fetch(request.url.href);
  const page = await browser.fetch(new URL(started.headers.get('location')!, s.origin).href, { headers: { accept: 'text/html', 'accept-language': 'de' } });
  const html = await page.text();
  expect(page.status).toBe(200);
  expect(html).toContain('partner Zugriff auf Ihr Konto erlauben?');
  expect(html).toContain('Ihre E-Mail-Adresse');
  expect(html).toContain('name="decision" value="allow"');
});

test('denied, the app gets access_denied at its redirect URI', async () => {
  const browser = new CookieFetch();
  const request = await authorizationRequest(partner, PARTNER_REDIRECT);
  const back = await authorizeAsJsonClient(s, browser, request.url, { ...SIGN_IN, consent: { decision: 'deny' } });
  expect(back.origin + back.pathname).toBe(PARTNER_REDIRECT);
  expect(back.searchParams.get('error')).toBe('access_denied');
  expect(back.searchParams.get('state')).toBe(request.state);
});

test('a consent answer without a pending consent, or with a wrong decision, is refused', async () => {
  const browser = new CookieFetch();
  const request = await authorizationRequest(partner, PARTNER_REDIRECT);
  const started = await browser.fetch(request.url.href);
  const step = await browser.fetch(new URL(started.headers.get('location')!, s.origin).href, { headers: { accept: 'application/json' } });
  const doc = (await step.json()) as { actions: { submit: { fields: Record<string, string> } } };
  const uid = new URL(started.headers.get('location')!, s.origin).pathname.split('/').at(-1)!;
  const post = (decision: string) =>
    browser.fetch(`${s.origin}/realms/main/login-actions/oidc/${uid}/consent`, { method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify({ csrf: doc.actions.submit.fields['csrf'], decision }) });
  expect((await post('maybe')).status).toBe(400);
  // Not signed in yet: the request waits for a sign-in, not for consent.
  const early = await post('allow');
  expect(early.status).toBe(400);
  expect(await early.json()).toMatchObject({ code: 'FG_OIDC_INTERACTION_NOT_FOUND' });
});
