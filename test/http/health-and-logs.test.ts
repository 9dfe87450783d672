import { Writable } from 'node:stream';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { TYPES } from '../../src/composition/container';
import { createLogger } from '../../src/logging/logger';
import { createTestApp } from '../support/test-app';
import { TestBrowser, formTo } from './http-kit';

/** A logger whose JSON lines are kept. */
function capturingLogger(): { logger: ReturnType<typeof createLogger>; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger('info', sink), lines };
}

describe('probes', () => {
  test('/healthz answers while the process is up; /readyz is 503 once the database is gone', async () => {
    const t = await createTestApp();
    try {
      expect((await request(t.app).get('/healthz')).body).toEqual({ status: 'ok' });
      const ready = await request(t.app).get('/readyz');
      expect([ready.status, ready.body]).toEqual([200, { status: 'ready' }]);

      await t.container.get(TYPES.DataSource).destroy();
      const down = await request(t.app).get('/readyz');
      expect([down.status, down.body]).toEqual([503, { status: 'unavailable' }]);
      expect((await request(t.app).get('/healthz')).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('request logs', () => {
  test('one line per request with id, method, path (no query), status and duration; never emails, cookies or forms', async () => {
    const { logger, lines } = capturingLogger();
    const t = await createTestApp({ logger });
    try {
      const browser = new TestBrowser(t.app);
      const page = await browser.start('/realms/main/login?client_id=demo&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcallback&login_hint=secret.person%40example.com');
      await browser.post(formTo(page.text, '/login-actions/authenticate'), { email: 'typed.person@example.com' });
      await request(t.app).get('/healthz').set('X-Request-Id', 'probe-1');

      const requests = lines.filter((l) => l['msg'] === 'request');
      expect(requests.map((l) => [l['method'], l['path'], l['status']])).toEqual([
        ['GET', '/realms/main/login', 303],
        ['GET', '/realms/main/login-actions/authenticate', 200],
        ['POST', '/realms/main/login-actions/authenticate', 303],
        ['GET', '/healthz', 200],
      ]);
      expect(requests.at(-1)).toMatchObject({ reqId: 'probe-1', durationMs: expect.any(Number), route: '/healthz' });
      const everything = JSON.stringify(lines);
      for (const secret of ['secret.person', 'typed.person', 'fg_browser', 'fg_session', 'csrf', 'tab_id', 'login_hint']) {
        expect([secret, everything.includes(secret)]).toEqual([secret, false]);
      }
    } finally {
      await t.close();
    }
  });

  test('an unexpected error is a 500 FG_INTERNAL_ERROR page with the request id, logged with its stack', async () => {
    const { logger, lines } = capturingLogger();
    const t = await createTestApp({ logger });
    try {
      const browser = new TestBrowser(t.app);
      await browser.start();
      // Breaking the database behind the app's back is the one way left to make it fail.
      await t.container.get(TYPES.DataSource).destroy();
      const res = await browser.agent.get('/realms/main/login').set('X-Request-Id', 'broken-1');
      expect(res.status).toBe(500);
      expect(res.text).toContain('FG_INTERNAL_ERROR');
      expect(res.text).toContain('broken-1');
      expect(lines).toContainEqual(expect.objectContaining({ level: 50, reqId: 'broken-1', code: 'FG_INTERNAL_ERROR', err: expect.objectContaining({ stack: expect.any(String) }) }));
    } finally {
      await t.close();
    }
  });
});
