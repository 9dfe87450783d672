import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { ADMIN_SESSION_COOKIE } from '../../src/admin/admin-cookie';
import { ADMIN_CLIENT_ID, ADMIN_REALM } from '../../src/admin/admin-realm';
import { ensureAdminUser } from '../../src/admin/bootstrap/admin-setup';
import { clientWithDefaults } from '../../src/engine';
import { ADMIN_FLOWS_DIR, bootEngine } from '../../src/composition/boot';
import { loadServerConfig } from '../../src/config/server-config';
import { disposeContainer, TYPES } from '../../src/composition/container';
import type { OutboxStore } from '../../src/mail';
import type { RealmAdminStore, TypeormRealmStore, UserStore } from '../../src/store';
import { adminApiRequest } from '../support/admin-api-check';
import { createTestApp, HTTP_FLOWS, type TestApp } from '../support/test-app';

const CONSOLE = 'http://127.0.0.1:8080/admin/';

describe('the admin realm', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  test('is shipped beside any flows directory, with its own browser flow and the console client', async () => {
    const admin = (await t.container.get(TYPES.RealmStore).getRealm(ADMIN_REALM))!;
    expect([...admin.flows.keys()]).toEqual(['admin-browser']);
    expect([...admin.builtInFlows]).toEqual(['admin-browser']);
    expect(admin.bindings).toEqual({ browser: 'admin-browser' });
    expect(admin.clients).toEqual([clientWithDefaults({ clientId: ADMIN_CLIENT_ID, redirectUris: [CONSOLE] })]);
    // The realms people sign in to do not get the admins' flow.
    const main = (await t.container.get(TYPES.RealmStore).getRealm('main'))!;
    expect(main.flows.has('admin-browser')).toBe(false);
  });

  test('an admin signs in through it with an emailed code and lands on the console with the admin session', async () => {
    const { user } = await ensureAdminUser(t.container.get(TYPES.UserStore), 'root@example.test');
    const agent = request.agent(t.app);
    const json = { Accept: 'application/json' };
    const start = await agent.get(`/realms/admin/login?client_id=${ADMIN_CLIENT_ID}&redirect_uri=${encodeURIComponent(CONSOLE)}`).set(json).expect(200);
    const answer = async (step: { actions: { submit: { href: string; fields: Record<string, string> } } }, fields: Record<string, string>) =>
      agent.post(step.actions.submit.href).set(json).send({ ...step.actions.submit.fields, ...fields });
    const codeStep = await answer(start.body, { email: 'root@example.test' });
    expect(codeStep.body).toMatchObject({ type: 'step', view: 'email-otp' });

    const outbox = t.container.get(TYPES.MailOutbox);
    const [summary] = await outbox.list({ realm: ADMIN_REALM });
    const code = /\b(\d{6})\b/.exec((await outbox.get(summary!.id))!.textBody ?? '')![1]!;
    const done = await answer(codeStep.body, { code });
    expect(done.body).toEqual({ type: 'success', realm: ADMIN_REALM, redirectTo: CONSOLE });

    const token = String(done.headers['set-cookie']).match(new RegExp(`${ADMIN_SESSION_COOKIE}=([^;]+)`))![1]!;
    const session = await adminApiRequest(t.app, 'get', '/session').set('Cookie', `${ADMIN_SESSION_COOKIE}=${token}`).expect(200);
    expect(session.body.user).toEqual({ id: user.id, email: 'root@example.test' });
  });

  test('nobody is signed up through it: an unknown address gets no mail', async () => {
    const outbox = t.container.get(TYPES.MailOutbox);
    const deliverable = async () => (await outbox.list({ realm: ADMIN_REALM })).filter((m) => m.status !== 'withheld').length;
    const before = await deliverable();
    const agent = request.agent(t.app);
    const start = await agent.get(`/realms/admin/login?client_id=${ADMIN_CLIENT_ID}&redirect_uri=${encodeURIComponent(CONSOLE)}`).set('Accept', 'application/json');
    await agent.post(start.body.actions.submit.href).set('Accept', 'application/json').send({ ...start.body.actions.submit.fields, email: 'stranger@example.test' }).expect(200);
    // Only a withheld copy is written (the same work as for an admin's address), never delivered.
    expect(await deliverable()).toBe(before);
    expect((await outbox.list({ realm: ADMIN_REALM, status: 'withheld' })).map((m) => m.to)).toEqual(['stranger@example.test']);
    expect(await t.container.get(TYPES.UserStore).forRealm(ADMIN_REALM).findByEmail('stranger@example.test')).toBeUndefined();
  });
});

describe('boot and the admin API: which wins', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-admin-boot-'));
    fs.cpSync(HTTP_FLOWS, path.join(dir, 'flows'), { recursive: true });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const boot = (env: Record<string, string> = {}) =>
    bootEngine(
      loadServerConfig({ FLOWGATE_DATA_DIR: path.join(dir, 'data'), FLOWGATE_FLOWS_DIR: path.join(dir, 'flows'), FLOWGATE_PLUGINS: path.join(HTTP_FLOWS, '..', 'plugins', 'fixed-code'), ...env }, dir),
      pino({ level: 'silent' }),
    );
  const bindings = async (container: Awaited<ReturnType<typeof boot>>) => (await container.get(TYPES.RealmStore).getRealm('main'))!.bindings;

  test('admin changes survive a restart with the same files; changed files are imported over them', async () => {
    let container = await boot();
    try {
      await container.get(TYPES.RealmAdmin).change('main', (current) => ({ def: { ...current.def, bindings: { browser: 'locked' } }, result: undefined }));
    } finally {
      await disposeContainer(container);
    }
    container = await boot();
    try {
      expect(await bindings(container)).toEqual({ browser: 'locked' });
    } finally {
      await disposeContainer(container);
    }
    const realmFile = path.join(dir, 'flows', 'main.realm.json');
    fs.writeFileSync(realmFile, fs.readFileSync(realmFile, 'utf8').replace('"Test realm"', '"Test realm, edited"'));
    container = await boot();
    try {
      expect(await bindings(container)).toEqual({ browser: 'browser' });
    } finally {
      await disposeContainer(container);
    }
  });

  test("the console client follows the public URL; a flows directory with its own admin realm replaces the shipped one", async () => {
    let container = await boot({ PUBLIC_URL: 'https://id.example.com/auth' });
    try {
      const admin = (await container.get(TYPES.RealmStore).getRealm(ADMIN_REALM))!;
      expect(admin.clients).toEqual([clientWithDefaults({ clientId: ADMIN_CLIENT_ID, redirectUris: ['https://id.example.com/auth/admin/'] })]);
    } finally {
      await disposeContainer(container);
    }
    fs.writeFileSync(path.join(dir, 'flows', 'admin.realm.json'), JSON.stringify({ realm: 'admin', displayName: 'Own admin', bindings: { browser: 'browser' } }));
    container = await boot();
    try {
      const admin = (await container.get(TYPES.RealmStore).getRealm(ADMIN_REALM))!;
      expect(admin.displayName).toBe('Own admin');
      expect(admin.bindings).toEqual({ browser: 'browser' });
      expect(admin.clients[0]!.redirectUris).toEqual(['http://127.0.0.1:8080/admin/']);
    } finally {
      await disposeContainer(container);
    }
  });

  test('the shipped admin realm directory holds the realm file and its flow', () => {
    expect(fs.readdirSync(ADMIN_FLOWS_DIR).sort()).toEqual(['admin-browser.json', 'admin.realm.json']);
  });
});
