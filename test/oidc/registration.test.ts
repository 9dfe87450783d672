import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as oidc from 'openid-client';
import { TYPES } from '../../src/composition/container';
import { codeIn, newestMailTo } from '../support/pages';
import { SmtpSink } from '../support/smtp-sink';
import { authorizationRequest, authorizeAsJsonClient, CookieFetch, discover, SPA_REDIRECT, startOidcServer, type OidcTestServer } from './oidc-kit';

// The shipped flows and realm (its `registration` binding), with the test's app client, and mail
// over real SMTP: the code comes from the mail.
const SHIPPED_FLOWS = path.join(__dirname, '..', '..', 'flows');

let sink: SmtpSink;
let flowsDir: string;
let s: OidcTestServer;
let spa: oidc.Configuration;
beforeAll(async () => {
  sink = await SmtpSink.start();
  flowsDir = mkdtempSync(path.join(tmpdir(), 'flowgate-oidc-registration-'));
  cpSync(SHIPPED_FLOWS, flowsDir, { recursive: true });
  const realmFile = path.join(flowsDir, 'main.realm.json');
  const realm = JSON.parse(readFileSync(realmFile, 'utf8'));
  realm.clients = [...realm.clients, { clientId: 'spa', redirectUris: [SPA_REDIRECT] }];
  writeFileSync(realmFile, JSON.stringify(realm));
  s = await startOidcServer({ flowsDir, plugins: [], env: { SMTP_URL: sink.url, MAIL_FROM: 'Flowgate <no-reply@id.example.test>' } });
  s.t.container.get(TYPES.DeliveryWorker).start();
  spa = await discover(s, 'spa');
});
afterAll(async () => {
  await s?.close();
  await sink?.stop();
  rmSync(flowsDir, { recursive: true, force: true });
});

async function signUp(email: string, via: (url: URL) => URL, extra: Record<string, string>) {
  const request = await authorizationRequest(spa, SPA_REDIRECT, extra);
  return { request, url: via(request.url) };
}

test.each([
  ['prompt=create', (url: URL) => url],
  ['Keycloak\'s registrations path', (url: URL) => new URL(url.href.replace('/protocol/openid-connect/auth?', '/protocol/openid-connect/registrations?'))],
])('%s runs the registration flow: a new address gets an account and fills in the profile before the app gets its code', async (name, via) => {
  const email = `new-${name.length}@example.com`;
  const { request, url } = await signUp(email, via, name === 'prompt=create' ? { prompt: 'create' } : {});
  const mailed: string[] = [];
  const back = await authorizeAsJsonClient(s, new CookieFetch(), url, { 'identify-email': { email }, 'update-profile': { firstName: 'Neu', lastName: 'Person' }, 'register-passkey': { action: 'skip' } }, async (step) => {
    // The link's mail carries a code too; the waiting step takes it.
    if (!step.fields?.some((f) => f.name === 'code')) return undefined;
    mailed.push(step.view ?? '');
    return { code: codeIn(await newestMailTo(sink, email)) };
  });
  expect(mailed).toEqual(['magic-link']);
  const tokens = await oidc.authorizationCodeGrant(spa, back, { pkceCodeVerifier: request.verifier, expectedState: request.state });
  expect(tokens.claims()).toMatchObject({ email, email_verified: true, given_name: 'Neu', family_name: 'Person', amr: ['email'], acr: '1' });
});
