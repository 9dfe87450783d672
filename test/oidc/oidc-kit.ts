import type { Server } from 'node:http';
import path from 'node:path';
import * as oidc from 'openid-client';
import { freePort } from '../support/free-port';
import { createTestApp, type TestApp, type TestAppOptions } from '../support/test-app';

/** Realm `main` with a public client `spa` and a confidential `backend`, browser = cookie | email + fixed code (`000000`). */
export const OIDC_FLOWS = path.join(__dirname, '..', 'fixtures', 'oidc', 'flows');
export const SPA_REDIRECT = 'http://localhost:3000/callback';
export const BACKEND_REDIRECT = 'http://localhost:3001/callback';
export const BACKEND_SECRET = 'backend-secret-for-tests-0123456789';

/** A listening Flowgate whose public URL is its own address, so a real relying party can discover it. */
export interface OidcTestServer<T extends TestApp = TestApp> {
  readonly t: T;
  readonly server: Server;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** The `main` realm's issuer. */
  readonly issuer: string;
  close(): Promise<void>;
}

export async function startOidcServer<T extends TestApp = TestApp>(options: TestAppOptions = {}, create: (options: TestAppOptions) => Promise<T> = createTestApp as never): Promise<OidcTestServer<T>> {
  // The realm file names the confidential client's secret by variable (`secretEnv`), read from the process environment.
  process.env.OIDC_TEST_BACKEND_SECRET = BACKEND_SECRET;
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const t = await create({
    flowsDir: OIDC_FLOWS,
    startsAt: Date.now(),
    ...options,
    env: { PUBLIC_URL: origin, ...options.env },
  });
  const server = t.app.listen(port, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    t,
    server,
    origin,
    issuer: `${origin}/realms/main`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.close();
    },
  };
}

/** openid-client's view of a client of the test server (plain http is allowed: it is a test). */
export function discover(server: OidcTestServer, clientId: string, secret?: string): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(server.issuer), clientId, secret, secret === undefined ? oidc.None() : oidc.ClientSecretBasic(secret), { execute: [oidc.allowInsecureRequests] });
}

/** A minimal cookie jar over fetch: what a browser would send back, by name (paths are not tracked; tests use one origin). */
export class CookieFetch {
  private readonly jar = new Map<string, string>();

  /** Fetches without following redirects, sending and keeping cookies. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.jar.size > 0) headers.set('cookie', [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line) || /max-age=0/i.test(line)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return res;
  }

  has(name: string): boolean {
    return this.jar.has(name);
  }

  /** Forgets every cookie whose name starts with `prefix`. */
  drop(prefix: string): void {
    for (const name of [...this.jar.keys()]) if (name.startsWith(prefix)) this.jar.delete(name);
  }
}

/** A step document's submit action, as the JSON face gives it. */
interface StepDoc {
  type: string;
  view?: string;
  fields?: Array<{ name: string }>;
  redirectTo?: string;
  actions: { submit: { href: string; fields: Record<string, string> } };
}

/**
 * Drives an authorization request through the JSON face of the sign-in, as a native app would:
 * follows the authorization endpoint to the interaction, answers each step with `answers[view]`,
 * then follows the resume URL. Returns the final redirect (to the app, with its code or error).
 */
export async function authorizeAsJsonClient(
  server: OidcTestServer,
  browser: CookieFetch,
  authorizationUrl: URL,
  answers: Record<string, Record<string, string>>,
  /** Answers steps `answers` has nothing for (a code from a mail, say). */
  answer?: (step: { view?: string; fields?: Array<{ name: string }> }) => Promise<Record<string, string> | undefined>,
): Promise<URL> {
  let res = await browser.fetch(authorizationUrl.href, { headers: { accept: 'application/json' } });
  for (let hops = 0; hops < 20; hops += 1) {
    if (res.status === 302 || res.status === 303) {
      const location = new URL(res.headers.get('location')!, server.origin);
      if (location.origin !== server.origin) return location;
      res = await browser.fetch(location.href, { headers: { accept: 'application/json' } });
      continue;
    }
    if (res.status !== 200) throw new Error(`unexpected ${res.status}: ${await res.text()}`);
    const doc = (await res.json()) as StepDoc;
    if (doc.type === 'success') {
      res = await browser.fetch(new URL(doc.redirectTo!, server.origin).href);
      continue;
    }
    if (doc.type === 'consent') {
      // A consent page: `answers.consent.decision` picks `allow` or `deny`.
      const decision = answers['consent']?.['decision'];
      if (decision !== 'allow' && decision !== 'deny') throw new Error(`no consent decision for ${JSON.stringify(doc)}`);
      const action = (doc.actions as unknown as Record<string, { href: string; fields: Record<string, string> }>)[decision]!;
      res = await browser.fetch(new URL(action.href, server.origin).href, { method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify(action.fields) });
      continue;
    }
    const given = answers[doc.view ?? ''] ?? (await answer?.(doc));
    if (!given) throw new Error(`no answer for step ${doc.view}: ${JSON.stringify(doc)}`);
    res = await browser.fetch(new URL(doc.actions.submit.href, server.origin).href, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ ...doc.actions.submit.fields, ...given }),
    });
  }
  throw new Error('too many hops');
}

/** An authorization request of `config` with PKCE; returns the URL and what the app keeps to finish it. */
export async function authorizationRequest(config: oidc.Configuration, redirectUri: string, extra: Record<string, string> = {}) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    ...extra,
  });
  return { url, verifier, state };
}
