import * as oidc from 'openid-client';
import { authorizationRequest, authorizeAsJsonClient, BACKEND_REDIRECT, BACKEND_SECRET, CookieFetch, discover, SPA_REDIRECT, startOidcServer, type OidcTestServer } from './oidc-kit';

let s: OidcTestServer;
let spa: oidc.Configuration;
let backend: oidc.Configuration;
beforeAll(async () => {
  s = await startOidcServer();
  await s.t.users.create({ email: 'ann@example.com', emailVerified: true });
  spa = await discover(s, 'spa');
  backend = await discover(s, 'backend', BACKEND_SECRET);
});
afterAll(() => s?.close());

const SIGN_IN = { 'identify-email': { email: 'ann@example.com' }, 'fixed-code': { code: '000000' } };

async function codeFor(config: oidc.Configuration, redirectUri: string, browser = new CookieFetch()) {
  const request = await authorizationRequest(config, redirectUri);
  const back = await authorizeAsJsonClient(s, browser, request.url, SIGN_IN);
  return { back, request, browser };
}

async function events(type: string) {
  return s.t.events.query({ realm: 'main', types: [type] });
}

test('a confidential client signs in with its secret; the exchange is recorded as CODE_TO_TOKEN', async () => {
  const { back, request } = await codeFor(backend, BACKEND_REDIRECT);
  const tokens = await oidc.authorizationCodeGrant(backend, back, { pkceCodeVerifier: request.verifier, expectedState: request.state });
  expect(tokens.claims()!.aud).toBe('backend');
  expect(await events('CODE_TO_TOKEN')).toEqual(expect.arrayContaining([expect.objectContaining({ clientId: 'backend', userId: tokens.claims()!.sub })]));
});

test('client credentials for a confidential client (CLIENT_LOGIN); refused for a public one', async () => {
  const tokens = await oidc.clientCredentialsGrant(backend, { scope: '' });
  expect(tokens.access_token).toEqual(expect.any(String));
  expect(await events('CLIENT_LOGIN')).toEqual(expect.arrayContaining([expect.objectContaining({ clientId: 'backend' })]));
  // A public client cannot authenticate, so it has no client of its own to stand for.
  await expect(oidc.clientCredentialsGrant(spa)).rejects.toMatchObject({ error: 'invalid_request' });
});

test('a wrong secret: invalid_client, CODE_TO_TOKEN_ERROR recorded', async () => {
  const wrong = await discover(s, 'backend', 'not-the-secret');
  const { back, request } = await codeFor(wrong, BACKEND_REDIRECT);
  await expect(oidc.authorizationCodeGrant(wrong, back, { pkceCodeVerifier: request.verifier, expectedState: request.state })).rejects.toMatchObject({
    status: 401,
    cause: [expect.objectContaining({ parameters: expect.objectContaining({ error: 'invalid_client' }) })],
  });
  expect(await events('CODE_TO_TOKEN_ERROR')).toEqual(expect.arrayContaining([expect.objectContaining({ clientId: 'backend', error: 'invalid_client' })]));
});

test('introspection and revocation', async () => {
  const { back, request } = await codeFor(backend, BACKEND_REDIRECT);
  const tokens = await oidc.authorizationCodeGrant(backend, back, { pkceCodeVerifier: request.verifier, expectedState: request.state });
  const active = await oidc.tokenIntrospection(backend, tokens.access_token);
  expect(active).toMatchObject({ active: true, client_id: 'backend', sub: tokens.claims()!.sub });
  expect(await events('INTROSPECT_TOKEN')).not.toHaveLength(0);
  await oidc.tokenRevocation(backend, tokens.access_token);
  expect((await oidc.tokenIntrospection(backend, tokens.access_token)).active).toBe(false);
});

test('refresh tokens rotate; reusing an old one revokes the whole grant', async () => {
  const { back, request } = await codeFor(spa, SPA_REDIRECT);
  const tokens = await oidc.authorizationCodeGrant(spa, back, { pkceCodeVerifier: request.verifier, expectedState: request.state });
  const second = await oidc.refreshTokenGrant(spa, tokens.refresh_token!);
  expect(await events('REFRESH_TOKEN')).not.toHaveLength(0);
  await expect(oidc.refreshTokenGrant(spa, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  // The reuse revoked the grant: the newest refresh token is dead too.
  await expect(oidc.refreshTokenGrant(spa, second.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  expect(await events('REFRESH_TOKEN_ERROR')).toEqual(expect.arrayContaining([expect.objectContaining({ error: 'invalid_grant' })]));
});

test('a replayed code is refused and the grant it produced is revoked', async () => {
  const { back, request } = await codeFor(spa, SPA_REDIRECT);
  const tokens = await oidc.authorizationCodeGrant(spa, back, { pkceCodeVerifier: request.verifier, expectedState: request.state });
  await expect(oidc.authorizationCodeGrant(spa, back, { pkceCodeVerifier: request.verifier, expectedState: request.state })).rejects.toMatchObject({ error: 'invalid_grant' });
  await expect(oidc.refreshTokenGrant(spa, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  expect(await events('CODE_TO_TOKEN_ERROR')).toEqual(expect.arrayContaining([expect.objectContaining({ error: 'invalid_grant' })]));
});

test('two exchanges of one code at once: one gets tokens, the other invalid_grant, never a server error', async () => {
  const { back, request } = await codeFor(spa, SPA_REDIRECT);
  const results = await Promise.allSettled([0, 1, 2].map(() => oidc.authorizationCodeGrant(spa, back, { pkceCodeVerifier: request.verifier, expectedState: request.state })));
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ error: 'invalid_grant' });
});

test('PKCE: a public client without it is refused at the authorization endpoint; a wrong verifier at the token endpoint', async () => {
  const url = oidc.buildAuthorizationUrl(spa, { redirect_uri: SPA_REDIRECT, scope: 'openid', state: 'x' });
  const res = await new CookieFetch().fetch(url.href);
  const back = new URL(res.headers.get('location')!);
  expect(back.searchParams.get('error')).toBe('invalid_request');
  const { back: withCode, request } = await codeFor(spa, SPA_REDIRECT);
  await expect(oidc.authorizationCodeGrant(spa, withCode, { pkceCodeVerifier: oidc.randomPKCECodeVerifier(), expectedState: request.state })).rejects.toMatchObject({ error: 'invalid_grant' });
});
