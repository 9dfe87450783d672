import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { createAdminTestApp, type AdminTestApp } from '../support/admin-test-app';
import { authorizationRequest, authorizeAsJsonClient, CookieFetch, discover, SPA_REDIRECT, startOidcServer, type OidcTestServer } from './oidc-kit';

let s: OidcTestServer<AdminTestApp>;
let spa: oidc.Configuration;
beforeAll(async () => {
  s = await startOidcServer({}, createAdminTestApp);
  await s.t.users.create({ email: 'ann@example.com', emailVerified: true });
  spa = await discover(s, 'spa');
});
afterAll(() => s?.close());

const SIGN_IN = { 'identify-email': { email: 'ann@example.com' }, 'fixed-code': { code: '000000' } };

async function idToken(): Promise<string> {
  const request = await authorizationRequest(spa, SPA_REDIRECT);
  const back = await authorizeAsJsonClient(s, new CookieFetch(), request.url, SIGN_IN);
  return (await oidc.authorizationCodeGrant(spa, back, { pkceCodeVerifier: request.verifier, expectedState: request.state })).id_token!;
}

const kidOf = (jwt: string) => decodeProtectedHeader(jwt).kid;
const certs = () => createRemoteJWKSet(new URL(`${s.issuer}/protocol/openid-connect/certs`), { cacheMaxAge: 0, cooldownDuration: 0 });
type KeyList = { keys: Array<{ kid: string; alg: string; status: string }> };

test('an RS256 and an ES256 key are made at first use, published at certs without their private parts', async () => {
  const listed = (await s.t.api('get', '/realms/main/keys').expect(200)).body as KeyList;
  expect(listed.keys.map((k) => [k.alg, k.status]).sort()).toEqual([['ES256', 'signing'], ['RS256', 'signing']]);
  const jwks = (await (await fetch(`${s.issuer}/protocol/openid-connect/certs`)).json()) as { keys: Array<Record<string, unknown>> };
  expect(jwks.keys.map((k) => k.kid).sort()).toEqual(listed.keys.map((k) => k.kid).sort());
  for (const key of jwks.keys) for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(secret);
});

test('rotation: the new key signs, a token signed before still verifies against certs; a delayed rotation only publishes', async () => {
  const before = await idToken();
  const rotated = (await s.t.api('post', '/realms/main/keys/rotate').send({ publishAheadSeconds: 0 }).expect(200)).body as { kids: string[] };
  expect(rotated.kids).toHaveLength(2);
  const after = await idToken();
  expect(kidOf(after)).not.toBe(kidOf(before));
  expect(rotated.kids).toContain(kidOf(after));
  await expect(jwtVerify(before, certs(), { issuer: s.issuer, audience: 'spa' })).resolves.toBeDefined();
  await expect(jwtVerify(after, certs(), { issuer: s.issuer, audience: 'spa' })).resolves.toBeDefined();

  const later = (await s.t.api('post', '/realms/main/keys/rotate').send({ publishAheadSeconds: 600 }).expect(200)).body as { kids: string[] };
  const listed = (await s.t.api('get', '/realms/main/keys').expect(200)).body as KeyList;
  expect(listed.keys.filter((k) => later.kids.includes(k.kid)).map((k) => k.status)).toEqual(['next', 'next']);
  const jwks = (await (await fetch(`${s.issuer}/protocol/openid-connect/certs`)).json()) as { keys: Array<{ kid: string }> };
  expect(jwks.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([...later.kids, kidOf(before)!, kidOf(after)!]));
  // Not signing yet: the key that signed a moment ago still does.
  expect(kidOf(await idToken())).toBe(kidOf(after));
});

test('a bad rotation body is a 400 with the pointer; an unknown realm a 404', async () => {
  await s.t.api('post', '/realms/main/keys/rotate').send({ publishAheadSeconds: -1 }).expect(400);
  await s.t.api('post', '/realms/nowhere/keys/rotate').send({}).expect(404);
});
