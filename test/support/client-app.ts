import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The heading of the page a client app shows at its redirect URI. */
export const CLIENT_APP_HEADING = 'Back at the app';

/** An application a sign-in returns to, on another origin than Flowgate. */
export interface ClientApp {
  /** `http://localhost:<port>/callback`: Flowgate is served at 127.0.0.1, so this is another origin. */
  readonly redirectUri: string;
  /** Stops listening and drops open (keep-alive) connections. */
  close(): Promise<void>;
}

// Accessible as it is (the browser tests run axe on every page they visit); the icon is inline so
// the browser asks for nothing else.
const PAGE = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Example app</title><link rel="icon" href="data:,"></head>
<body><main><h1>${CLIENT_APP_HEADING}</h1></main></body>
</html>`;

/**
 * A tiny application for browser tests: every path answers a plain page headed
 * `CLIENT_APP_HEADING`. It listens on 127.0.0.1 but is named `localhost`, so a redirect to it
 * crosses origins, as a real client's redirect URI does.
 */
export async function startClientApp(): Promise<ClientApp> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(PAGE);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    redirectUri: `http://localhost:${port}/callback`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
