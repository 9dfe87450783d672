import * as oidc from 'openid-client';
import { authorizationRequest, authorizeAsJsonClient, CookieFetch, discover, SPA_REDIRECT, startOidcServer, type OidcTestServer } from './oidc-kit';

let s: OidcTestServer;
beforeAll(async () => {
  s = await startOidcServer();
  await s.t.users.create({ email: 'ann@example.com', emailVerified: true, attributes: { firstName: ['Ann'], lastName: ['Lee'] } });
});
afterAll(() => s?.close());

const SIGN_IN = { 'identify-email': { email: 'ann@example.com' }, 'fixed-code': { code: '000000' } };

test("discovery is at Keycloak's paths", async () => {
  const config = await discover(s, 'spa');
  const meta = config.serverMetadata();
  expect(meta.issuer).toBe(s.issuer);
  expect(meta.authorization_endpoint).toBe(`${s.issuer}/protocol/openid-connect/auth`);
  expect(meta.token_endpoint).toBe(`${s.issuer}/protocol/openid-connect/token`);
  expect(meta.jwks_uri).toBe(`${s.issuer}/protocol/openid-connect/certs`);
  expect(meta.end_session_endpoint).toBe(`${s.issuer}/protocol/openid-connect/logout`);
});

test('authorization code + PKCE through the JSON face of the flow; ID token, userinfo, refresh', async () => {
  const config = await discover(s, 'spa');
  const { url, verifier, state } = await authorizationRequest(config, SPA_REDIRECT);
  const browser = new CookieFetch();
  const back = await authorizeAsJsonClient(s, browser, url, SIGN_IN);
  expect(back.origin + back.pathname).toBe(SPA_REDIRECT);
  const tokens = await oidc.authorizationCodeGrant(config, back, { pkceCodeVerifier: verifier, expectedState: state });
  const claims = tokens.claims()!;
  expect(claims).toMatchObject({ iss: s.issuer, aud: 'spa', email: 'ann@example.com', email_verified: true, given_name: 'Ann', family_name: 'Lee', name: 'Ann Lee' });
  const user = await s.t.users.findByEmail('ann@example.com');
  expect(claims.sub).toBe(user!.id);
  expect(typeof claims.auth_time).toBe('number');
  const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
  expect(info).toMatchObject({ sub: user!.id, email: 'ann@example.com', given_name: 'Ann' });
  expect(tokens.refresh_token).toEqual(expect.any(String));
  const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
  expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
});
