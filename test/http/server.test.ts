import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import express from 'express';
import { listen, type RunningServer } from '../../src/http/server';

/** A GET on `agent`; resolves with the status, the Connection header, the body and the socket used. */
function get(port: number, path: string, agent: http.Agent): Promise<{ status: number; connection: string | undefined; body: string; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body, socket: req.socket as Socket }));
    });
    req.on('error', reject);
  });
}

describe('graceful shutdown', () => {
  let running: RunningServer;
  let release: () => void;
  let slowStarted: Promise<void>;

  beforeEach(async () => {
    const gate = new Promise<void>((resolve) => (release = resolve));
    let markStarted: () => void;
    slowStarted = new Promise((resolve) => (markStarted = resolve));
    const app = express();
    app.get('/fast', (_req, res) => void res.send('fast'));
    app.get('/slow', async (_req, res) => {
      markStarted();
      await gate;
      res.send('slow done');
    });
    running = await listen(app, '127.0.0.1', 0);
    // Without the drain's own work, idle keep-alive connections would hold close() for this long.
    running.server.keepAliveTimeout = 600_000;
  });

  test('close() refuses new connections, closes idle keep-alive ones at once, and waits for requests in flight', async () => {
    const port = (running.address as AddressInfo).port;
    const idleAgent = new http.Agent({ keepAlive: true });
    const busyAgent = new http.Agent({ keepAlive: true });
    const idle = await get(port, '/fast', idleAgent);
    expect(idle.body).toBe('fast');
    const idleClosed = new Promise((resolve) => idle.socket.once('close', resolve));

    const slow = get(port, '/slow', busyAgent);
    await slowStarted;
    let closed = false;
    const closing = running.close().then(() => (closed = true));

    await idleClosed; // the idle connection went at once, while a request is still running
    expect(closed).toBe(false);
    await expect(get(port, '/fast', new http.Agent())).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    release();
    const answered = await slow;
    expect([answered.status, answered.body, answered.connection]).toEqual([200, 'slow done', 'close']);
    await closing;
    expect(closed).toBe(true);
    idleAgent.destroy();
    busyAgent.destroy();
  });
});
