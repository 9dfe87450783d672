import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as oidc from 'openid-client';
import { TYPES } from '../../src/composition/container';
import { authorizationRequest, authorizeAsJsonClient, CookieFetch, discover, OIDC_FLOWS, SPA_REDIRECT, startOidcServer, type OidcTestServer } from './oidc-kit';

const SIGN_IN = { 'identify-email': { email: 'ann@example.com' }, 'fixed-code': { code: '000000' } };

/** Logout tokens an app's back-channel endpoint received. */
let logoutTokens: string[] = [];
let receiver: Server;
let flowsDir: string;
let s: OidcTestServer;
let spa: oidc.Configuration;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      logoutTokens.push(new URLSearchParams(body).get('logout_token') ?? '');
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  // The test realm plus a client with a back-channel logout URI on the receiver.
  flowsDir = mkdtempSync(path.join(tmpdir(), 'flowgate-oidc-sessions-'));
  cpSync(OIDC_FLOWS, flowsDir, { recursive: true });
  const realmFile = path.join(flowsDir, 'main.realm.json');
  const realm = JSON.parse(readFileSync(realmFile, 'utf8'));
  realm.clients[0].backchannelLogoutUri = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/backchannel`;
  writeFileSync(realmFile, JSON.stringify(realm));
  s = await startOidcServer({ flowsDir });
  await s.t.users.create({ email: 'ann@example.com', emailVerified: true });
  spa = await discover(s, 'spa');
});
beforeEach(() => {
  logoutTokens = [];
});
afterAll(async () => {
  await s?.close();
  await new Promise((resolve) => receiver?.close(resolve));
  rmSync(flowsDir, { recursive: true, force: true });
});

async function signIn(browser = new CookieFetch()) {
  const request = await authorizationRequest(spa, SPA_REDIRECT);
  const back = await authorizeAsJsonClient(s, browser, request.url, SIGN_IN);
  const tokens = await oidc.authorizationCodeGrant(spa, back, { pkceCodeVerifier: request.verifier, expectedState: request.state });
  return { browser, tokens };
}

/** Whether `browser` is still signed in for apps: `prompt=none` gives a code, or `login_required`. */
async function silentlySignedIn(browser: CookieFetch): Promise<boolean> {
  const request = await authorizationRequest(spa, SPA_REDIRECT, { prompt: 'none' });
  const back = new URL((await browser.fetch(request.url.href)).headers.get('location')!);
  return back.searchParams.get('error') === null;
}

test('signing out on Flowgate\'s pages ends the app\'s session and grant; the app is told over the back channel', async () => {
  const { browser, tokens } = await signIn();
  const page = await browser.fetch(`${s.origin}/realms/main/logout`, { headers: { accept: 'application/json' } });
  const signOut = ((await page.json()) as { actions: { signOut: { href: string; fields: Record<string, string> } } }).actions.signOut;
  const out = await browser.fetch(new URL(signOut.href, s.origin).href, { method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify(signOut.fields) });
  expect(out.status).toBe(200);
  await expect(oidc.refreshTokenGrant(spa, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  expect((await oidc.tokenIntrospection(await discover(s, 'backend', 'backend-secret-for-tests-0123456789'), tokens.access_token)).active).toBe(false);
  expect(await silentlySignedIn(browser)).toBe(false);
  expect(logoutTokens).toHaveLength(1);
  const claims = JSON.parse(Buffer.from(logoutTokens[0]!.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
  expect(claims).toMatchObject({ iss: s.issuer, aud: 'spa', sub: tokens.claims()!.sub, sid: expect.any(String) });
});

test('revoking the user\'s sessions (as disabling them does) ends the app\'s too', async () => {
  const { browser, tokens } = await signIn();
  await s.t.container.get(TYPES.UserSessionStore).revokeAllForUser('main', tokens.claims()!.sub);
  await expect(oidc.refreshTokenGrant(spa, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  expect(await silentlySignedIn(browser)).toBe(false);
});

test('RP-initiated logout asks, then ends the Flowgate session too and returns to the registered URI', async () => {
  const { browser, tokens } = await signIn();
  const url = oidc.buildEndSessionUrl(spa, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: 'http://localhost:3000/', state: 'bye' });
  const confirm = await browser.fetch(url.href);
  expect(confirm.status).toBe(200);
  // Confirming answers with a 303 to the app, a hop Chrome checks against this page's form-action.
  expect(confirm.headers.get('content-security-policy')).toMatch(/form-action 'self' http:\/\/localhost:3000(;|$)/);
  // The provider, not Flowgate, sent the page: so it could still set its session cookie, which keeps the confirmation's state.
  expect(confirm.headers.getSetCookie().some((c) => c.startsWith('fg_oidc_session='))).toBe(true);
  const html = await confirm.text();
  const action = /<form[^>]*method="post" action="([^"]+)"/.exec(html)![1]!;
  const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1]!;
  const done = await browser.fetch(new URL(action, s.origin).href, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ xsrf, logout: 'yes' }).toString() });
  expect(done.status).toBe(303);
  expect(done.headers.get('location')).toBe('http://localhost:3000/?state=bye');
  const account = await browser.fetch(`${s.origin}/realms/main/account`, { headers: { accept: 'application/json' } });
  expect(account.status).toBe(401);
  await expect(oidc.refreshTokenGrant(spa, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  const events = await s.t.events.query({ realm: 'main', type: 'LOGOUT' });
  expect(events).toEqual(expect.arrayContaining([expect.objectContaining({ userId: tokens.claims()!.sub, details: { from: 'end_session' } })]));
});

test('an unregistered post-logout redirect URI is an error page, never a redirect', async () => {
  const { browser, tokens } = await signIn();
  const url = oidc.buildEndSessionUrl(spa, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: 'https://evil.example/' });
  const page = await browser.fetch(url.href, { headers: { accept: 'text/html' } });
  expect(page.status).toBe(400);
  expect(page.headers.get('location')).toBeNull();
  const html = await page.text();
  expect(html).toContain('FG_OIDC_REQUEST_INVALID');
  expect(html).toContain('post_logout_redirect_uri not registered');
  // A program asking for JSON gets the RFC's error object.
  const json = await browser.fetch(url.href, { headers: { accept: 'application/json' } });
  expect(json.status).toBe(400);
  expect(await json.json()).toEqual({ error: 'invalid_request', error_description: 'post_logout_redirect_uri not registered' });
});

test('a logout request for a browser no app signed in does not sign it out of Flowgate (no cross-site logout)', async () => {
  const browser = new CookieFetch();
  await authorizeAsJsonClient(s, browser, new URL(`${s.origin}/realms/main/login`), SIGN_IN).catch(() => undefined);
  const start = await browser.fetch(oidc.buildEndSessionUrl(spa, { post_logout_redirect_uri: 'http://localhost:3000/' }).href);
  const html = await start.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)![1]!;
  const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1]!;
  const done = await browser.fetch(new URL(action.replace(/&amp;/g, '&'), s.origin).href, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ xsrf, logout: 'yes' }).toString() });
  expect(done.status).toBe(303);
  const account = await browser.fetch(`${s.origin}/realms/main/account`, { headers: { accept: 'application/json' } });
  expect(account.status).toBe(200);
});
