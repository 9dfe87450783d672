import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { claimsPage, errorPage, homePage } from './pages';
import { Sessions } from './sessions';

/** How to run the example app. */
export interface ExampleAppOptions {
  /** The realm's issuer, e.g. `http://127.0.0.1:8080/realms/main`; discovery is read from under it. */
  readonly issuer: string;
  /** Port to listen on. Default 3001, the port of `demo-app`'s registered redirect URI; 0 picks a free one. */
  readonly port?: number;
  /** Address to listen on. Default `127.0.0.1`. */
  readonly host?: string;
  /** The client id registered in the realm. Default `demo-app`. */
  readonly clientId?: string;
}

/** A running example app. */
export interface ExampleApp {
  /** `http://localhost:<port>`: the origin of its redirect URI (`/callback`) and post-logout URI (`/`). */
  readonly url: string;
  /** Stops listening and drops open (keep-alive) connections. */
  close(): Promise<void>;
}

/**
 * openid-client refuses plain http, since OAuth's endpoints must use TLS. A Flowgate on a
 * developer's machine (`npm start`) speaks plain http, so only an http issuer relaxes the check;
 * an https issuer keeps it. The ID token's signature is checked against the realm's keys
 * (`certs`) too: openid-client skips that by default for a token fetched over TLS from the token
 * endpoint, and plain http gives no such assurance.
 */
function discoveryOptions(issuer: URL): oidc.DiscoveryRequestOptions {
  return { execute: issuer.protocol === 'http:' ? [oidc.allowInsecureRequests, oidc.enableNonRepudiationChecks] : [oidc.enableNonRepudiationChecks] };
}

/**
 * Starts an application that signs people in through Flowgate: authorization code with PKCE, as
 * a public client (no secret). `/login` sends the browser to Flowgate, `/callback` exchanges the
 * code (openid-client checks the state, the PKCE verifier, and the ID token's claims and signature
 * against the realm's keys), `/` shows the ID token's claims, `/logout` ends both sessions.
 */
export async function startExampleApp(options: ExampleAppOptions): Promise<ExampleApp> {
  const issuer = new URL(options.issuer);
  const clientId = options.clientId ?? 'demo-app';
  const sessions = new Sessions();
  let base = '';
  // Discovered on first use, so the app may start before Flowgate does; a failure is tried again.
  let discovered: Promise<oidc.Configuration> | undefined;
  const configuration = (): Promise<oidc.Configuration> =>
    (discovered ??= oidc.discovery(issuer, clientId, undefined, oidc.None(), discoveryOptions(issuer)).catch((err: unknown) => {
      discovered = undefined;
      throw err;
    }));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    const browser = sessions.of(req, res);
    switch (req.method === 'GET' ? url.pathname : '') {
      case '/':
        return send(res, 200, browser.signedIn ? claimsPage(browser.signedIn.claims) : homePage());
      case '/login': {
        const codeVerifier = oidc.randomPKCECodeVerifier();
        const state = oidc.randomState();
        browser.pending = { codeVerifier, state };
        const target = oidc.buildAuthorizationUrl(await configuration(), {
          redirect_uri: `${base}/callback`,
          scope: 'openid email profile',
          code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
          code_challenge_method: 'S256',
          state,
        });
        return redirect(res, target.href);
      }
      case '/callback': {
        const pending = browser.pending;
        if (!pending) return send(res, 400, errorPage('No sign-in is on its way from this browser. Start again.'));
        delete browser.pending;
        const tokens = await oidc.authorizationCodeGrant(await configuration(), url, { pkceCodeVerifier: pending.codeVerifier, expectedState: pending.state });
        browser.signedIn = { idToken: tokens.id_token!, claims: { ...tokens.claims() } };
        // To `/`, so reloading the page never sends the used code again.
        return redirect(res, `${base}/`);
      }
      case '/logout': {
        const idToken = browser.signedIn?.idToken;
        sessions.drop(req);
        if (idToken === undefined) return redirect(res, `${base}/`);
        // Flowgate asks the person to confirm, ends its session too, and comes back to `/`.
        return redirect(res, oidc.buildEndSessionUrl(await configuration(), { id_token_hint: idToken, post_logout_redirect_uri: `${base}/` }).href);
      }
      default:
        return send(res, 404, errorPage('Not found.'));
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // An error answer from Flowgate (`error=access_denied`, a refused code) or Flowgate not reachable.
      const detail = err instanceof oidc.AuthorizationResponseError || err instanceof oidc.ResponseBodyError ? `${err.error}: ${err.error_description ?? ''}` : String(err);
      if (!res.headersSent) send(res, 400, errorPage(detail));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3001, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // `localhost` rather than the listening address: it is what the realm registers.
  base = `http://localhost:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(html);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { Location: location, 'Cache-Control': 'no-store' }).end();
}
