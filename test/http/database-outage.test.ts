import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { TYPES } from '../../src/composition/container';
import { createTestApp, type TestApp } from '../support/test-app';
import { sql, TEST_POSTGRES } from '../support/test-database';
import { DEMO_LOGIN, DEMO_REDIRECT, JSON_ACCEPT, TestBrowser, formTo, isStepRedirect } from './http-kit';

const CLUSTER = join(__dirname, '..', '..', 'scripts', 'pg-cluster.sh');
const cluster = (...args: string[]): string => execFileSync(CLUSTER, args, { encoding: 'utf8' }).trim();
/** The same without blocking the event loop: the app in this process keeps serving meanwhile. */
const clusterAsync = (...args: string[]): Promise<unknown> => promisify(execFile)(CLUSTER, args);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One response of the load, as the browser got it. */
interface Seen {
  readonly status: number;
  readonly text: string;
}

/**
 * One sign-in through the HTML pages (address, then the fixture's code), every response kept in
 * `seen`; true when it reached the client, false when a response stopped it (a 503 in an outage).
 */
async function signInOnce(server: Server, email: string, seen: Seen[]): Promise<boolean> {
  const browser = new TestBrowser(server);
  const keep = (res: request.Response): request.Response => (seen.push({ status: res.status, text: res.text }), res);
  const started = keep(await browser.agent.get(DEMO_LOGIN));
  if (started.status !== 303) return false;
  const emailPage = keep(await browser.follow(started));
  if (emailPage.status !== 200) return false;
  const answered = keep(await browser.post(formTo(emailPage.text, '/login-actions/authenticate'), { email }));
  if (!isStepRedirect(answered)) return false;
  const codePage = keep(await browser.follow(answered));
  if (codePage.status !== 200) return false;
  const done = keep(await browser.post(formTo(codePage.text, '/login-actions/authenticate'), { code: '000000' }));
  return done.status === 303 && done.headers['location'] === DEMO_REDIRECT;
}

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

  test('a 10 s outage during a sign-in load: coded 503s only, /readyz 503, then sign-ins again without a restart and none half-written', async () => {
    const server = createServer(t.app).listen(0, '127.0.0.1');
    const emails = ['a', 'b', 'c', 'd'].map((name) => `${name}@load.example.com`);
    for (const email of emails) await t.users.create({ email });
    const seen: Seen[] = [];
    let phase: 'before' | 'outage' | 'after' = 'before';
    const done = { before: 0, outage: 0, after: 0 };
    let stop = false;
    const load = emails.map(async (email) => {
      while (!stop) {
        if (await signInOnce(server, email, seen)) done[phase]++;
        else await sleep(20); // a person would not retry at once either
      }
    });
    try {
      while (done.before < 4) await sleep(20);
      await clusterAsync('pause', dir);
      phase = 'outage';
      const during = await readyz();
      await sleep(10_000);
      await clusterAsync('resume', dir);
      phase = 'after';
      const deadline = Date.now() + 60_000;
      while (done.after < 4 && Date.now() < deadline) await sleep(50);
      stop = true;
      await Promise.all(load);

      expect(during).toEqual([503, { status: 'unavailable', code: 'FG_DATABASE_UNAVAILABLE' }]);
      expect(await readyz()).toEqual([200, { status: 'ready' }]);
      expect(done.after).toBeGreaterThanOrEqual(4);
      // The outage was felt, and only as coded 503 pages: no 500, no driver words, no stack.
      const errors = seen.filter((res) => res.status >= 400);
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.filter((res) => res.status !== 503 || !res.text.includes('FG_DATABASE_UNAVAILABLE')).map((res) => res.status)).toEqual([]);
      expect(errors.filter((res) => /ECONNREFUSED|at .*\.[jt]s:\d+|127\.0\.0\.1:\d+/.test(res.text))).toEqual([]);
      // No half-written sign-in: each that reached the client has its session and its LOGIN, no other has either.
      const ds = t.container.get(TYPES.DataSource);
      const count = async (table: string, where = ''): Promise<number> => Number((await sql<{ n: string }>(ds, `SELECT count(*) AS n FROM ${table} ${where}`))[0]!.n);
      const signedIn = done.before + done.outage + done.after;
      expect({ sessions: await count('user_sessions'), logins: await count('events', "WHERE type = 'LOGIN'") }).toEqual({ sessions: signedIn, logins: signedIn });
    } finally {
      stop = true;
      await Promise.all(load);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
