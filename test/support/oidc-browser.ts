import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import * as oidc from 'openid-client';
import type { ConsoleErrors } from './browser-suite';

/** The repository's own flows, as a new install serves them. */
const SHIPPED_FLOWS = path.join(__dirname, '..', '..', 'flows');

/** A client of the realm, as `flows/realm.schema.json` describes it. */
export type RealmClient = Readonly<Record<string, unknown>> & { readonly clientId: string };

/** The browser flow every sign-up client overrides to: the shipped one whose magic link asks new people for their profile. */
export const PROFILE_ON_CREATE_FLOW = 'browser-profile';

/**
 * A flows directory with the shipped flows unchanged, and `main.realm.json` unchanged but for the
 * realm's clients (replaced by `clients`) and the passkey offer (off), plus `PROFILE_ON_CREATE_FLOW`: the shipped browser flow
 * whose magic link sets `updateProfileOnCreate`, for a client to name in its `flowOverrides`.
 */
export function shippedFlowsWithClients(clients: readonly RealmClient[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowgate-oidc-e2e-'));
  // Every shipped flow (the realm binds browser, registration and reset-credentials), not the schemas.
  for (const file of readdirSync(SHIPPED_FLOWS)) {
    if (file.endsWith('.json') && !file.endsWith('.schema.json') && file !== 'main.realm.json') copyFileSync(path.join(SHIPPED_FLOWS, file), path.join(dir, file));
  }
  const browser = readFileSync(path.join(SHIPPED_FLOWS, 'browser.json'), 'utf8');
  const realm = JSON.parse(readFileSync(path.join(SHIPPED_FLOWS, 'main.realm.json'), 'utf8')) as Record<string, unknown> & { requiredActions?: Record<string, Record<string, unknown>> };
  // These tests are about the protocol: the passkey offer after a sign-in by mail (tested in
  // passkey.e2e.test.ts) is switched off, so every sign-in ends at the app as before.
  const requiredActions = { ...realm.requiredActions, 'register-passkey': { ...realm.requiredActions?.['register-passkey'], enabled: false } };
  writeFileSync(path.join(dir, 'main.realm.json'), JSON.stringify({ ...realm, $schema: undefined, clients, requiredActions }, null, 2));
  writeFileSync(path.join(dir, `${PROFILE_ON_CREATE_FLOW}.json`), JSON.stringify(profileOnCreate(JSON.parse(browser)), null, 2));
  return dir;
}

/** A flow's JSON, as far as this file changes it. */
interface FlowJson {
  alias: string;
  $schema?: string;
  authenticator?: string;
  config?: Record<string, unknown>;
  flow?: FlowJson;
  executions?: FlowJson[];
}

/** The shipped browser flow with every alias suffixed (aliases are global) and `updateProfileOnCreate` on its magic link. */
function profileOnCreate(flow: FlowJson): FlowJson {
  const visit = (node: FlowJson): void => {
    if (node.alias !== undefined) node.alias = `${node.alias}-profile`;
    if (node.authenticator === 'magic-link') node.config = { ...node.config, updateProfileOnCreate: true };
    if (node.flow) visit(node.flow);
    node.executions?.forEach(visit);
  };
  delete flow.$schema;
  visit(flow);
  flow.alias = PROFILE_ON_CREATE_FLOW;
  return flow;
}

/**
 * openid-client's view of `clientId` at `issuer`, a public client (plain http is allowed: the test
 * server is http). It checks every ID token's signature against the realm's `certs`
 * (`enableNonRepudiationChecks`), which openid-client leaves out by default for tokens from the token endpoint.
 */
export function publicClient(issuer: string, clientId: string): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(issuer), clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests, oidc.enableNonRepudiationChecks] });
}

/**
 * Waits until `page` is at a URL that `arrived` accepts. A redirect Chromium blocks (a CSP
 * `form-action` violation on the hop after a POST) leaves the page where it was and says why only
 * on the console, so a timeout names the page it stayed at and the console's messages.
 */
export async function expectArrival(page: Page, arrived: (url: URL) => boolean, name: string, errors: ConsoleErrors): Promise<URL> {
  try {
    await page.waitForURL(arrived);
  } catch (err) {
    throw new Error(`${name}: stayed at ${page.url()}; console: ${JSON.stringify(errors.messages)}`, { cause: err });
  }
  return new URL(page.url());
}
