import net from 'node:net';

/**
 * A port nobody listens on right now, for a server whose public URL must be known before it is
 * built (the URL goes into its config). Another process could take it in between; on a test
 * machine that is rare enough.
 */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
