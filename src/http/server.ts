import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How long `close()` lets in-flight requests finish before cutting their connections. */
const DEFAULT_DRAIN_TIMEOUT_MS = 10_000;

/** A listening HTTP server that can be stopped gracefully. */
export interface RunningServer {
  readonly server: Server;
  /** The address it listens on (the real port when 0 was asked for). */
  readonly address: AddressInfo;
  /**
   * Stops accepting connections, closes idle keep-alive connections at once, lets requests in
   * flight finish (their connections close after the response), and resolves when every
   * connection is gone. Requests still running after `drainTimeoutMs` are cut off.
   */
  close(drainTimeoutMs?: number): Promise<void>;
}

/** Starts an HTTP server for `app` on `host`:`port`. */
export function listen(app: RequestListener, host: string, port: number): Promise<RunningServer> {
  const server = createServer();
  let closing = false;
  const inFlight = new Set<ServerResponse>();
  // Registered before the app, so it sees each response before the app can send it.
  server.on('request', (_req, res) => {
    if (closing) res.setHeader('Connection', 'close');
    inFlight.add(res);
    res.on('close', () => {
      inFlight.delete(res);
      // A finished response may leave its keep-alive connection idle: close it now rather than
      // after the keep-alive timeout, so the drain ends with the last response.
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
  });
  server.on('request', app);
  // Slow clients must not hold connections open forever (slowloris); node's defaults, made explicit.
  server.headersTimeout = 60_000;
  server.requestTimeout = 300_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const close = (ms?: number): Promise<void> => {
        closing = true;
        // Responses still being worked on close their connection once sent.
        for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
        return closeGracefully(server, ms ?? DEFAULT_DRAIN_TIMEOUT_MS);
      };
      resolve({ server, address: server.address() as AddressInfo, close });
    });
  });
}

function closeGracefully(server: Server, drainTimeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => server.closeAllConnections(), drainTimeoutMs);
    timer.unref();
    server.close((err) => {
      clearTimeout(timer);
      if (err) reject(err);
      else resolve();
    });
    server.closeIdleConnections();
  });
}
