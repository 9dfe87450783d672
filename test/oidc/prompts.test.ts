import * as oidc from 'openid-client';
import { authorizationRequest, authorizeAsJsonClient, CookieFetch, discover, SPA_REDIRECT, startOidcServer, type OidcTestServer } from './oidc-kit';

let s: OidcTestServer;
let config: oidc.Configuration;
beforeAll(async () => {
  s = await startOidcServer();
  await s.t.users.create({ email: 'ann@example.com', emailVerified: true, attributes: { firstName: ['Ann'], lastName: ['Lee'] } });
  config = await discover(s, 'spa');
});
afterAll(() => s?.close());

/** Lets `ms` pass for the provider (real time) and for Flowgate's sessions (the test clock) alike. */
async function pass(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
  s.t.clock.advance(ms);
}

const SIGN_IN = { 'identify-email': { email: 'ann@example.com' }, 'fixed-code': { code: '000000' } };

/** Signs `browser` in through the app once; returns the tokens. */
async function signIn(browser: CookieFetch, extra: Record<string, string> = {}, answers: Record<string, Record<string, string>> = SIGN_IN) {
  const request = await authorizationRequest(config, SPA_REDIRECT, extra);
  const back = await authorizeAsJsonClient(s, browser, request.url, answers);
  return oidc.authorizationCodeGrant(config, back, { pkceCodeVerifier: request.verifier, expectedState: request.state, ...(extra.max_age !== undefined && { maxAge: Number(extra.max_age) }) });
}

describe('prompt=none', () => {
  test('without a session: login_required at the redirect URI, no page', async () => {
    const request = await authorizationRequest(config, SPA_REDIRECT, { prompt: 'none' });
    const res = await new CookieFetch().fetch(request.url.href);
    expect(res.status).toBe(303);
    const back = new URL(res.headers.get('location')!);
    expect(back.origin + back.pathname).toBe(SPA_REDIRECT);
    expect(back.searchParams.get('error')).toBe('login_required');
    expect(back.searchParams.get('state')).toBe(request.state);
  });

  test('with a session: a code at once, for the same person', async () => {
    const browser = new CookieFetch();
    const first = await signIn(browser);
    const request = await authorizationRequest(config, SPA_REDIRECT, { prompt: 'none' });
    const res = await browser.fetch(request.url.href);
    expect(res.status).toBe(303);
    const back = new URL(res.headers.get('location')!);
    expect(back.searchParams.get('error')).toBeNull();
    const tokens = await oidc.authorizationCodeGrant(config, back, { pkceCodeVerifier: request.verifier, expectedState: request.state });
    expect(tokens.claims()!.sub).toBe(first.claims()!.sub);
    expect(tokens.claims()!.auth_time).toBe(first.claims()!.auth_time);
    expect(first.claims()!.acr).toBe('1');
  });

  test('a browser signed in on Flowgate\'s own pages is signed in for apps too (one session)', async () => {
    const browser = new CookieFetch();
    // Sign in without any app: the plain login page's JSON face.
    await authorizeAsJsonClient(s, browser, new URL(`${s.origin}/realms/main/login`), SIGN_IN).catch(() => undefined);
    const request = await authorizationRequest(config, SPA_REDIRECT, { prompt: 'none' });
    const res = await browser.fetch(request.url.href);
    const back = new URL(res.headers.get('location')!);
    expect(back.searchParams.get('error')).toBeNull();
    expect(back.searchParams.get('code')).toEqual(expect.any(String));
  });
});

describe('re-authentication', () => {
  test('prompt=login asks again although the browser has a session; auth_time moves on', async () => {
    const browser = new CookieFetch();
    const first = await signIn(browser);
    await pass(1100);
    // The steps must be answered again (single sign-on would need no answers).
    await expect(signIn(browser, { prompt: 'login' }, {})).rejects.toThrow(/no answer for step identify-email/);
    const again = await signIn(browser, { prompt: 'login' });
    expect(again.claims()!.sub).toBe(first.claims()!.sub);
    expect(again.claims()!.auth_time!).toBeGreaterThan(first.claims()!.auth_time!);
  });

  test('max_age: an older sign-in is asked again; a fresh one is not', async () => {
    const browser = new CookieFetch();
    await signIn(browser);
    // Within max_age: single sign-on answers (no step needs an answer).
    await expect(signIn(browser, { max_age: '300' }, {})).resolves.toBeDefined();
    await pass(2100);
    // Past it: the steps are asked again.
    await expect(signIn(browser, { max_age: '1' }, {})).rejects.toThrow(/no answer for step identify-email/);
  });
});

test('login_hint pre-fills identify-email; ui_locales=de gives German steps', async () => {
  const request = await authorizationRequest(config, SPA_REDIRECT, { login_hint: 'ann@example.com', ui_locales: 'de' });
  const browser = new CookieFetch();
  const first = await browser.fetch(request.url.href);
  const step = await browser.fetch(new URL(first.headers.get('location')!, s.origin).href, { headers: { accept: 'application/json' } });
  const doc = (await step.json()) as { locale: string; fields: Array<{ name: string; value?: string }> };
  expect(doc.locale).toBe('de');
  expect(doc.fields.find((f) => f.name === 'email')?.value).toBe('ann@example.com');
});

test('kc_action=update-profile runs the action and the redirect carries kc_action_status', async () => {
  const browser = new CookieFetch();
  await signIn(browser);
  const request = await authorizationRequest(config, SPA_REDIRECT, { kc_action: 'update-profile' });
  const back = await authorizeAsJsonClient(s, browser, request.url, { 'update-profile': { firstName: 'Anna', lastName: 'Lee' } });
  expect(back.searchParams.get('kc_action_status')).toBe('success');
  const tokens = await oidc.authorizationCodeGrant(config, back, { pkceCodeVerifier: request.verifier, expectedState: request.state });
  expect(tokens.claims()).toMatchObject({ given_name: 'Anna' });
});
