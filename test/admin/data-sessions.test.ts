import { ADMIN_SESSION_COOKIE } from '../../src/admin/admin-cookie';
import { TYPES } from '../../src/composition/container';
import type { AdminAuditStore } from '../../src/store';
import { createAdminTestApp, type AdminTestApp } from '../support/admin-test-app';
import { JSON_ACCEPT, TestBrowser } from '../http/http-kit';

let t: AdminTestApp;
let annId: string;
beforeEach(async () => {
  t = await createAdminTestApp();
  annId = (await t.users.create({ email: 'ann@example.com' })).id;
  await t.users.create({ email: 'bob@example.com' });
});
afterEach(() => t.close());

async function signedIn(email: string): Promise<TestBrowser> {
  const browser = new TestBrowser(t.app);
  await browser.signIn(email);
  return browser;
}

const account = (browser: TestBrowser): Promise<number> => browser.agent.get('/realms/main/account').set(JSON_ACCEPT).then((r) => r.status);

describe("a user's sessions", () => {
  test('lists the active ones, newest first, with where and how they signed in', async () => {
    await signedIn('ann@example.com');
    t.clock.advance(1000);
    await signedIn('ann@example.com');
    await signedIn('bob@example.com');
    const res = await t.api('get', `/realms/main/users/${annId}/sessions`).expect(200);
    expect(res.body.sessions).toHaveLength(2);
    expect(res.body.sessions[0]).toMatchObject({ realm: 'main', userId: annId, createdAt: t.clock.now(), method: expect.any(String) });
    expect(res.body.sessions[1].createdAt).toBe(t.clock.now() - 1000);
    expect(JSON.stringify(res.body)).not.toMatch(/token/i);
  });

  test('revokes one session: that browser is signed out, the other stays; audited', async () => {
    const laptop = await signedIn('ann@example.com');
    t.clock.advance(1000);
    const phone = await signedIn('ann@example.com');
    const [newest] = (await t.api('get', `/realms/main/users/${annId}/sessions`)).body.sessions as Array<{ id: string }>;
    await t.api('delete', `/realms/main/users/${annId}/sessions/${newest!.id}`).expect(204);
    expect(await account(phone)).toBe(401);
    expect(await account(laptop)).toBe(200);
    expect((await t.api('delete', `/realms/main/users/${annId}/sessions/${newest!.id}`).expect(404)).body.code).toBe('FG_ADMIN_SESSION_NOT_FOUND');
    const [entry] = await t.container.get(TYPES.AdminAudit).list({ resource: `realms/main/users/${annId}/sessions/${newest!.id}` });
    expect(entry).toMatchObject({ action: 'session.revoke', before: expect.objectContaining({ id: newest!.id }) });
  });

  test("another user's session id is not found through this user, and stays active", async () => {
    const bobBrowser = await signedIn('bob@example.com');
    const bob = await t.users.findByEmail('bob@example.com');
    const [bobSession] = (await t.api('get', `/realms/main/users/${bob!.id}/sessions`)).body.sessions as Array<{ id: string }>;
    expect((await t.api('delete', `/realms/main/users/${annId}/sessions/${bobSession!.id}`).expect(404)).body.code).toBe('FG_ADMIN_SESSION_NOT_FOUND');
    expect(await account(bobBrowser)).toBe(200);
  });

  test('revokes all: every browser of the user is signed out, other users stay', async () => {
    const laptop = await signedIn('ann@example.com');
    const phone = await signedIn('ann@example.com');
    const bob = await signedIn('bob@example.com');
    expect((await t.api('delete', `/realms/main/users/${annId}/sessions`).expect(200)).body).toEqual({ revoked: 2 });
    expect([await account(laptop), await account(phone), await account(bob)]).toEqual([401, 401, 200]);
    expect((await t.api('get', `/realms/main/users/${annId}/sessions`).expect(200)).body.sessions).toEqual([]);
    expect((await t.api('delete', `/realms/main/users/${annId}/sessions`).expect(200)).body).toEqual({ revoked: 0 });
  });

  test('unknown user or realm: 404; no auth 401; console writes need the CSRF header', async () => {
    expect((await t.api('get', '/realms/main/users/nobody/sessions').expect(404)).body.code).toBe('FG_USER_NOT_FOUND');
    expect((await t.api('delete', '/realms/nowhere/users/nobody/sessions').expect(404)).body.code).toBe('FG_UNKNOWN_REALM');
    await t.request('get', `/realms/main/users/${annId}/sessions`).expect(401);
    const browser = await signedIn('ann@example.com');
    const noCsrf = await t.request('delete', `/realms/main/users/${annId}/sessions`).set('Cookie', `${ADMIN_SESSION_COOKIE}=${t.console.cookie}`).expect(403);
    expect(noCsrf.body.code).toBe('FG_ADMIN_CSRF_INVALID');
    expect(await account(browser)).toBe(200);
    await t.asConsole('delete', `/realms/main/users/${annId}/sessions`).expect(200);
    expect(await account(browser)).toBe(401);
  });
});
