import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app';
import { TEST_POSTGRES } from '../support/test-database';
import { DEMO_LOGIN, JSON_ACCEPT } from './http-kit';

const CLUSTER = join(__dirname, '..', '..', 'scripts', 'pg-cluster.sh');
const cluster = (...args: string[]): string => execFileSync(CLUSTER, args, { encoding: 'utf8' }).trim();

/**
 * PostgreSQL going away while Flowgate serves (#20): a cluster of this suite's own (the shared
 * one serves the other suites), stopped and started again under a running app.
 */
(TEST_POSTGRES ? describe : describe.skip)('a PostgreSQL server that goes away and comes back', () => {
  let dir: string;
  let t: TestApp;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowgate-outage-'));
    cluster('stop', dir); // start wants a fresh, empty directory
    const url = cluster('start', dir);
    t = await createTestApp({ env: { FLOWGATE_DATABASE: url } });
  });
  afterAll(async () => {
    await t?.close();
    cluster('stop', dir);
  });

  const readyz = async (): Promise<[number, unknown]> => {
    const res = await request(t.app).get('/readyz');
    return [res.status, res.body];
  };

  test('sign-ins get a coded 503 (never a 500), /readyz says FG_DATABASE_UNAVAILABLE, and both recover without a restart', async () => {
    expect(await readyz()).toEqual([200, { status: 'ready' }]);
    expect((await request(t.app).get(DEMO_LOGIN)).status).toBe(303);

    cluster('pause', dir);
    expect(await readyz()).toEqual([503, { status: 'unavailable', code: 'FG_DATABASE_UNAVAILABLE' }]);
    const page = await request(t.app).get(DEMO_LOGIN);
    expect(page.status).toBe(503);
    expect(page.text).toContain('FG_DATABASE_UNAVAILABLE');
    expect(page.text).not.toMatch(/ECONNREFUSED|at .*\.js:\d+|127\.0\.0\.1:\d+/);
    const json = await request(t.app).get(DEMO_LOGIN).set(JSON_ACCEPT);
    expect([json.status, json.body.code]).toEqual([503, 'FG_DATABASE_UNAVAILABLE']);

    cluster('resume', dir);
    expect(await readyz()).toEqual([200, { status: 'ready' }]);
    expect((await request(t.app).get(DEMO_LOGIN)).status).toBe(303);
  });
});
