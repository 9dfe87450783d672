import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express, { type Express } from 'express';
import request from 'supertest';
import { TYPES } from '../../src/composition/container';
import type { AuthenticatorExecution, RealmDefinition } from '../../src/engine';
import { createTestApp, type TestApp } from '../support/test-app';
import { freshDatabase, TEST_POSTGRES } from '../support/test-database';
import { DEMO_LOGIN, DEMO_REDIRECT, TestBrowser, formTo, sessionCookieOf } from './http-kit';

/**
 * Three Flowgate nodes (each its own container, pool, rate limiter and mail worker) on one
 * PostgreSQL database and one server secret, behind a front that hands each request to the next
 * node in turn (#20): one browser's sign-in is served by all three.
 */
(TEST_POSTGRES ? describe : describe.skip)('three nodes on one PostgreSQL database', () => {
  let db: { database: string; drop(): Promise<void> };
  let dataDir: string;
  let nodes: TestApp[];
  let front: Express;

  async function startNodes(config: Record<string, unknown> = {}): Promise<void> {
    db = await freshDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-nodes-'));
    const env = { FLOWGATE_DATABASE: db.database, FLOWGATE_DATA_DIR: dataDir };
    // One after the other: the first creates the shared server secret the others read.
    nodes = [];
    for (let i = 0; i < 3; i++) nodes.push(await createTestApp({ env, ...(Object.keys(config).length > 0 && { config }) }));
    let next = 0;
    front = express();
    front.set('trust proxy', false);
    front.use((req, res, nextHandler) => nodes[next++ % nodes.length]!.app(req, res, nextHandler));
  }
  afterEach(async () => {
    for (const node of nodes ?? []) await node.close();
    await db?.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('a person signs in twice, in two browsers, with every request of each sign-in on another node', async () => {
    await startNodes();
    // This fixture's flow signs in known users only (registration is the magic-link flows' part).
    await nodes[0]!.users.create({ email: 'ann@example.com' });
    for (const round of ['first', 'second']) {
      const browser = new TestBrowser(front);
      const started = await browser.agent.get(DEMO_LOGIN);
      expect(started.status).toBe(303);
      const emailPage = await browser.follow(started);
      const codePage = await browser.answer(emailPage, { email: 'ann@example.com' });
      expect(codePage.text).toContain('name="code"');
      const done = await browser.post(formTo(codePage.text, '/login-actions/authenticate'), { code: '000000' });
      expect({ round, status: done.status, location: done.headers['location'] }).toEqual({ round, status: 303, location: DEMO_REDIRECT });
      expect(sessionCookieOf(done)).toBeDefined();
    }
    const ann = await nodes[2]!.users.findByEmail('ann@example.com');
    const logins = await nodes[1]!.events.query({ realm: 'main', type: 'LOGIN' });
    expect(logins.map((e) => e.userId)).toEqual([ann!.id, ann!.id]);
  });

  test('sign-in starts spread over the three nodes are limited as one budget', async () => {
    await startNodes({ loginStartsPerMinute: 10 });
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await request(front).get(DEMO_LOGIN)).status);
    expect(statuses.filter((s) => s === 303)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
  });

  test("an admin's change of a flow step's config through node A is in effect on node C within 2 s", async () => {
    await startNodes();
    const denyStep = (def: RealmDefinition | undefined) => def!.flows.get('locked')!.executions[0] as AuthenticatorExecution;
    const onC = nodes[2]!.container.get(TYPES.RealmStore);
    // Node C has the realm in its cache before the change.
    expect(denyStep(await onC.getRealm('main')).config).toEqual({ message: 'error.noSignInMethod' });
    await nodes[0]!.container.get(TYPES.RealmAdmin).change('main', (current) => {
      const locked = current.def.flows.get('locked')!;
      const executions = locked.executions.map((e, i) => (i === 0 ? { ...e, config: { message: 'error.accessDenied' } } : e));
      const flows = new Map(current.def.flows).set('locked', { ...locked, executions });
      return { def: { ...current.def, flows }, result: undefined };
    });
    // The bound: the notification (or, failing it, the version check) within 2 s.
    const deadline = Date.now() + 2000;
    let seen = denyStep(await onC.getRealm('main')).config;
    while (seen?.['message'] !== 'error.accessDenied' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      seen = denyStep(await onC.getRealm('main')).config;
    }
    expect(seen).toEqual({ message: 'error.accessDenied' });
  });
});
