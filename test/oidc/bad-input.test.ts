import * as oidc from 'openid-client';
import { authorizationRequest, authorizeAsJsonClient, CookieFetch, discover, SPA_REDIRECT, startOidcServer, type OidcTestServer } from './oidc-kit';

let s: OidcTestServer;
let spa: oidc.Configuration;
beforeAll(async () => {
  s = await startOidcServer();
  await s.t.users.create({ email: 'ann@example.com', emailVerified: true });
  spa = await discover(s, 'spa');
});
afterAll(() => s?.close());

const SIGN_IN = { 'identify-email': { email: 'ann@example.com' }, 'fixed-code': { code: '000000' } };

/** GETs an authorization request as a browser would; the answer must be an error page, not a redirect. */
async function expectErrorPage(params: Record<string, string>, reason: string): Promise<void> {
  const url = new URL(`${s.issuer}/protocol/openid-connect/auth`);
  for (const [k, v] of Object.entries({ response_type: 'code', scope: 'openid', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256', state: 's', ...params })) url.searchParams.set(k, v);
  const res = await new CookieFetch().fetch(url.href, { headers: { accept: 'text/html' } });
  expect(res.headers.get('location')).toBeNull();
  expect(res.status).toBe(400);
  const html = await res.text();
  expect(html).toContain('FG_OIDC_REQUEST_INVALID');
  expect(html).toContain('<html lang="en"');
  const json = await new CookieFetch().fetch(url.href, { headers: { accept: 'application/json' } });
  expect(json.status).toBe(400);
  // The JSON face of the sign-in pages: an ErrorDocument with the code, and the RFC error as the reason.
  expect(await json.json()).toMatchObject({ type: 'error', code: 'FG_OIDC_REQUEST_INVALID', reason });
}

test('an unknown client is an error page, never a redirect', async () => {
  await expectErrorPage({ client_id: 'nobody', redirect_uri: SPA_REDIRECT }, 'invalid_client');
  expect(await s.t.events.query({ realm: 'main', type: 'LOGIN_ERROR' })).toEqual(expect.arrayContaining([expect.objectContaining({ error: 'invalid_client', details: { from: 'authorization' } })]));
});

test.each([
  ['case', 'http://LOCALHOST:3000/Callback'],
  ['trailing slash', `${SPA_REDIRECT}/`],
  ['extra path', `${SPA_REDIRECT}/more`],
  ['user info', 'http://evil@localhost:3000/callback'],
  ['fragment', `${SPA_REDIRECT}#x`],
  ['query', `${SPA_REDIRECT}?next=https://evil.example`],
  ['other host', 'https://evil.example/callback'],
])('a near-miss redirect_uri (%s) is an error page, never a redirect', async (_name, redirectUri) => {
  await expectErrorPage({ client_id: 'spa', redirect_uri: redirectUri }, 'invalid_redirect_uri');
});

test('an unknown realm is the 404 page', async () => {
  const res = await new CookieFetch().fetch(`${s.origin}/realms/nowhere/protocol/openid-connect/auth?client_id=spa`, { headers: { accept: 'application/json' } });
  expect(res.status).toBe(404);
  expect(await res.json()).toMatchObject({ code: 'FG_UNKNOWN_REALM' });
});

test('a code or a token of one realm means nothing in another', async () => {
  const request = await authorizationRequest(spa, SPA_REDIRECT);
  const back = await authorizeAsJsonClient(s, new CookieFetch(), request.url, SIGN_IN);
  const other = await oidc.discovery(new URL(`${s.origin}/realms/other`), 'spa', undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  // The redirect names the issuer it came from; openid-client refuses it for another one (iss check), so post the code by hand.
  const token = await fetch(`${s.origin}/realms/other/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: back.searchParams.get('code')!, redirect_uri: SPA_REDIRECT, client_id: 'spa', code_verifier: request.verifier }).toString(),
  });
  expect(token.status).toBe(400);
  expect(await token.json()).toMatchObject({ error: 'invalid_grant' });
  const tokens = await oidc.authorizationCodeGrant(spa, back, { pkceCodeVerifier: request.verifier, expectedState: request.state });
  await expect(oidc.fetchUserInfo(other, tokens.access_token, tokens.claims()!.sub)).rejects.toMatchObject({ status: 401 });
});

test('a token endpoint call without a grant type, or with garbage, is the RFC error, never a 500', async () => {
  for (const body of ['', 'grant_type=password&username=a&password=b', 'grant_type=authorization_code&code=nope&client_id=spa', 'grant_type=refresh_token&refresh_token=nope&client_id=spa', '%%%']) {
    const res = await fetch(`${s.issuer}/protocol/openid-connect/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(((await res.json()) as { error: string }).error).toMatch(/^(invalid_request|invalid_client|invalid_grant|unsupported_grant_type|unauthorized_client)$/);
  }
});
