import request from 'supertest';
import type { Logger } from '../../src/logging/logger';
import { ADMIN_SESSION_COOKIE } from '../../src/admin/admin-cookie';
import { ADMIN_REALM, ADMIN_ROLE, ROLES_ATTRIBUTE } from '../../src/admin/admin-realm';
import { BOOTSTRAP_LINK_TTL_SECONDS } from '../../src/admin/bootstrap/bootstrap-link';
import { bootstrapAdmin, listAdmins } from '../../src/admin/bootstrap/admin-setup';
import { adminApiDepsFrom, TYPES } from '../../src/composition/container';
import type { UserStore } from '../../src/store';
import { adminApiRequest } from '../support/admin-api-check';
import { createTestApp, type TestApp } from '../support/test-app';

/** A logger that keeps what was logged at warn and info. */
function recordingLogger(): { logger: Logger; warnings: string[]; infos: string[] } {
  const warnings: string[] = [];
  const infos: string[] = [];
  const keep = (into: string[]) => (a: unknown, b?: unknown) => void into.push(typeof a === 'string' ? a : String(b));
  return { logger: { warn: keep(warnings), info: keep(infos) } as unknown as Logger, warnings, infos };
}

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ env: { FLOWGATE_ADMIN_EMAIL: 'Boss@Example.test' } });
});
afterEach(() => t.close());

const bootstrap = (log = recordingLogger(), askEmail?: () => Promise<string | undefined>) =>
  bootstrapAdmin({ ...adminApiDepsFrom(t.container), logger: log.logger }, askEmail ? { askEmail } : {});
const adminUsers = () => t.container.get(TYPES.UserStore).forRealm(ADMIN_REALM);

/** Opens the link's page in `agent` and returns the form's hidden fields. */
async function openLink(agent: ReturnType<typeof request.agent>, url: string): Promise<{ status: number; html: string; fields: Record<string, string> }> {
  const res = await agent.get(new URL(url).pathname + new URL(url).search);
  const fields: Record<string, string> = {};
  for (const [, name, value] of res.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[name!] = value!.replace(/&#x3D;/g, '=');
  return { status: res.status, html: res.text, fields };
}

describe('first start: the first administrator and a one-time sign-in link', () => {
  test('creates the admin from FLOWGATE_ADMIN_EMAIL and logs a link; the GET changes nothing, the POST signs in once', async () => {
    const log = recordingLogger();
    const result = await bootstrap(log);
    expect(result.created).toBe('boss@example.test');
    const admin = (await adminUsers().findByEmail('boss@example.test'))!;
    expect(admin).toMatchObject({ emailVerified: true, attributes: { [ROLES_ATTRIBUTE]: [ADMIN_ROLE] } });
    const url = result.link!.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:8080\/admin\/bootstrap\?key=[A-Za-z0-9_-]{43}$/);
    expect(log.warnings.join('\n')).toContain(url);
    expect(result.link!.expiresAt).toBe(t.clock.now() + BOOTSTRAP_LINK_TTL_SECONDS * 1000);

    const agent = request.agent(t.app);
    const page = await openLink(agent, url);
    const other = request.agent(t.app);
    const again = await openLink(other, url);
    expect(page.status).toBe(200);
    expect(again.status).toBe(200);
    expect(page.html).toContain('boss@example.test');

    const used = await agent.post('/admin/bootstrap').type('form').send(page.fields).expect(303);
    expect(used.headers['location']).toBe('http://127.0.0.1:8080/admin/');
    const cookie = String(used.headers['set-cookie']).match(new RegExp(`${ADMIN_SESSION_COOKIE}=([^;]+)`))![1]!;
    const session = await adminApiRequest(t.app, 'get', '/session').set('Cookie', `${ADMIN_SESSION_COOKIE}=${cookie}`).expect(200);
    expect(session.body).toMatchObject({ user: { id: admin.id, email: 'boss@example.test' }, via: 'session' });
    const logins = await t.events.query({ realm: ADMIN_REALM, type: 'LOGIN' });
    expect(logins).toEqual([expect.objectContaining({ userId: admin.id, details: { method: 'bootstrap', sso: false } })]);

    // From the same page the token is void (the sign-in renewed the browser id); from another, the link is used.
    await agent.post('/admin/bootstrap').type('form').send(page.fields).expect(403);
    const replay = await other.post('/admin/bootstrap').type('form').send(again.fields).expect(410);
    expect(replay.text).toContain('FG_LINK_USED');
    expect(replay.headers['set-cookie']).toBeUndefined();
  });

  test('the POST needs the CSRF token of the browser that opened the page', async () => {
    const { link } = await bootstrap();
    const page = await openLink(request.agent(t.app), link!.url);
    await request(t.app).post('/admin/bootstrap').type('form').send(page.fields).expect(403);
    await request.agent(t.app).post('/admin/bootstrap').type('form').send({ key: page.fields['key'] }).expect(403);
  });

  test('a link expires after 15 minutes; an unknown key is refused; both pages say how to get a new one', async () => {
    const { link } = await bootstrap();
    const agent = request.agent(t.app);
    const page = await openLink(agent, link!.url);
    t.clock.advanceSeconds(BOOTSTRAP_LINK_TTL_SECONDS);
    const expired = await openLink(agent, link!.url);
    expect(expired.status).toBe(410);
    expect(expired.html).toContain('FG_LINK_EXPIRED');
    expect(expired.html).toContain('node scripts/admin-link.js');
    await agent.post('/admin/bootstrap').type('form').send(page.fields).expect(410);
    const unknown = await request(t.app).get('/admin/bootstrap?key=nope').expect(400);
    expect(unknown.text).toContain('FG_LINK_NOT_FOUND');
  });

  test('a new start while nobody signed in prints a new link and voids the old one; after a sign-in it prints none', async () => {
    const first = await bootstrap();
    const second = await bootstrap();
    expect(second.created).toBeUndefined();
    expect(second.link!.url).not.toBe(first.link!.url);
    const old = await openLink(request.agent(t.app), first.link!.url);
    expect(old.status).toBe(410);

    const agent = request.agent(t.app);
    const page = await openLink(agent, second.link!.url);
    await agent.post('/admin/bootstrap').type('form').send(page.fields).expect(303);
    const third = await bootstrap();
    expect(third).toEqual({});
  });

  test('a link of someone who is no longer an admin does not sign in', async () => {
    const { link } = await bootstrap();
    const admin = (await adminUsers().findByEmail('boss@example.test'))!;
    await adminUsers().setAttribute(admin.id, ROLES_ATTRIBUTE, []);
    expect((await openLink(request.agent(t.app), link!.url)).status).toBe(400);
  });
});

describe('without FLOWGATE_ADMIN_EMAIL', () => {
  let bare: TestApp;
  beforeEach(async () => {
    bare = await createTestApp();
  });
  afterEach(() => bare.close());
  const run = (log: ReturnType<typeof recordingLogger>, askEmail?: () => Promise<string | undefined>) =>
    bootstrapAdmin({ ...adminApiDepsFrom(bare.container), logger: log.logger }, askEmail ? { askEmail } : {});

  test('warns how to set it and creates nobody', async () => {
    const log = recordingLogger();
    expect(await run(log)).toEqual({});
    expect(log.warnings.join('\n')).toContain('FLOWGATE_ADMIN_EMAIL');
    expect(await listAdmins(adminApiDepsFrom(bare.container).dataSource)).toEqual([]);
  });

  test('asks on the console when it can, and makes an existing user of the admin realm an admin', async () => {
    const users = bare.container.get(TYPES.UserStore).forRealm(ADMIN_REALM);
    const existing = await users.create({ email: 'ops@example.test', attributes: { [ROLES_ATTRIBUTE]: ['viewer'] } });
    const result = await run(recordingLogger(), async () => 'ops@example.test');
    expect(result.created).toBe('ops@example.test');
    expect(await users.findById(existing.id)).toMatchObject({ emailVerified: true, attributes: { [ROLES_ATTRIBUTE]: ['viewer', ADMIN_ROLE] } });
  });
});

test('GET /admin/login starts the admin realm sign-in for the console client, returning to the console', async () => {
  const res = await request(t.app).get('/admin/login').expect(303);
  const location = new URL(res.headers['location'] as string, 'http://x');
  expect(location.pathname).toBe('/realms/admin/login');
  expect(Object.fromEntries(location.searchParams)).toEqual({ client_id: 'admin-console', redirect_uri: 'http://127.0.0.1:8080/admin/' });
  const start = await request(t.app).get(res.headers['location'] as string).set('Accept', 'application/json').expect(200);
  expect(start.body).toMatchObject({ type: 'step', realm: 'admin', view: 'identify-email' });
});

test('/admin/ serves the console (a placeholder until the UI exists)', async () => {
  const res = await request(t.app).get('/admin/').expect(200);
  expect(res.headers['content-type']).toMatch(/html/);
  await request(t.app).get('/admin').expect(301);
});
