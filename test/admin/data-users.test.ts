import { ADMIN_SESSION_COOKIE } from '../../src/admin/admin-cookie';
import { ADMIN_REALM } from '../../src/admin/admin-realm';
import { TYPES } from '../../src/composition/container';
import type { AdminAuditStore } from '../../src/store';
import { ADMIN_EMAIL, createAdminTestApp, type AdminTestApp } from '../support/admin-test-app';
import { JSON_ACCEPT, TestBrowser } from '../http/http-kit';

let t: AdminTestApp;
beforeEach(async () => {
  t = await createAdminTestApp();
});
afterEach(() => t.close());

const ANN = { email: 'Ann@Example.com', attributes: { firstName: 'Ann', lastName: 'Example' } };

/** Creates ann through the API; returns her document and ETag. */
async function createAnn(): Promise<{ id: string; etag: string; body: Record<string, unknown> }> {
  const res = await t.api('post', '/realms/main/users').send(ANN).expect(201);
  return { id: res.body.id as string, etag: res.headers['etag'] as string, body: res.body as Record<string, unknown> };
}

async function auditOf(resource: string): Promise<Array<{ action: string; before?: unknown; after?: unknown }>> {
  return t.container.get(TYPES.AdminAudit).list({ resource });
}

describe('users: create and read', () => {
  test('creates a user through the profile (normalised values), answers it with an ETag and Location, audits it', async () => {
    const { id, etag, body } = await createAnn();
    expect(body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      realm: 'main',
      email: 'ann@example.com',
      emailVerified: false,
      enabled: true,
      attributes: { firstName: ['Ann'], lastName: ['Example'] },
      requiredActions: [],
      createdAt: t.clock.now(),
      version: expect.any(Number),
    });
    expect(etag).toBe(`W/"${String(body['version'])}"`);
    const read = await t.api('get', `/realms/main/users/${id}`).expect(200);
    expect(read.body).toEqual(body);
    expect(read.headers['etag']).toBe(etag);
    expect(await auditOf(`realms/main/users/${id}`)).toEqual([expect.objectContaining({ action: 'user.create', after: body })]);
  });

  test("refuses values the realm's profile refuses, with the update-profile page's message keys at the JSON path", async () => {
    const res = await t.api('post', '/realms/main/users').send({ email: 'bob@example.com', attributes: { firstName: 'x'.repeat(101), nickname: 'b' } }).expect(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'FG_ADMIN_INVALID_BODY', path: '/attributes/nickname' }),
        expect.objectContaining({ code: 'FG_PROFILE_VALUE_INVALID', path: '/attributes/firstName', detail: 'error.profile.tooLong (max 100)' }),
        expect.objectContaining({ code: 'FG_PROFILE_VALUE_INVALID', path: '/attributes/lastName', detail: 'error.profile.required' }),
      ]),
    );
    expect(res.body.errors).toHaveLength(3);
    expect(await t.users.findByEmail('bob@example.com')).toBeUndefined();
  });

  test('refuses a malformed body, an invalid email and a taken email, each at its JSON path', async () => {
    await createAnn();
    const cases: Array<[unknown, string, string]> = [
      [{ attributes: ANN.attributes }, 'FG_ADMIN_INVALID_BODY', '/email'],
      [{ ...ANN, admin: true }, 'FG_ADMIN_INVALID_BODY', '/admin'],
      [{ ...ANN, attributes: { firstName: ['Ann'] } }, 'FG_ADMIN_INVALID_BODY', '/attributes/firstName'],
      [{ ...ANN, email: 'not an email' }, 'FG_INVALID_EMAIL', '/email'],
    ];
    for (const [body, code, path] of cases) {
      const res = await t.api('post', '/realms/main/users').send(body as object).expect(400);
      expect(res.body).toMatchObject({ code, path });
    }
    const taken = await t.api('post', '/realms/main/users').send({ ...ANN, email: 'ANN@example.com' }).expect(409);
    expect(taken.body).toMatchObject({ code: 'FG_USER_EXISTS', path: '/email' });
    const lookalike = await t.api('post', '/realms/main/users').send({ ...ANN, email: 'ann@\u0435xample.com' }).expect(409);
    expect(lookalike.body).toMatchObject({ code: 'FG_EMAIL_CONFUSABLE', path: '/email' });
  });

  test("gives a new user the realm's default required actions", async () => {
    const actions = await t.api('get', '/realms/main/required-actions/update-profile').expect(200);
    await t.api('put', '/realms/main/required-actions/update-profile').set('If-Match', actions.headers['etag'] as string).send({ defaultAction: true }).expect(200);
    const { body } = await createAnn();
    expect(body['requiredActions']).toEqual(['update-profile']);
  });

  test('unknown user or realm: 404 with a code', async () => {
    expect((await t.api('get', '/realms/main/users/00000000-0000-4000-8000-000000000000').expect(404)).body.code).toBe('FG_USER_NOT_FOUND');
    expect((await t.api('get', '/realms/nowhere/users').expect(404)).body.code).toBe('FG_UNKNOWN_REALM');
    expect((await t.api('post', '/realms/nowhere/users').send(ANN).expect(404)).body.code).toBe('FG_UNKNOWN_REALM');
    // A user of another realm is not found through this one.
    expect((await t.api('get', `/realms/main/users/${t.admin.id}`).expect(404)).body.code).toBe('FG_USER_NOT_FOUND');
  });
});

describe('users: search', () => {
  beforeEach(async () => {
    for (const [email, team] of [['carl@example.org', 'red'], ['ann@example.com', 'blue'], ['bob@example.com', 'red']] as const) {
      await t.users.create({ email, attributes: { team: [team] } });
    }
  });
  const emails = async (query: string): Promise<string[]> => ((await t.api('get', `/realms/main/users${query}`).expect(200)).body.users as Array<{ email: string }>).map((u) => u.email);

  test('by email part, attribute (and value), enabled, with paging', async () => {
    expect(await emails('')).toEqual(['ann@example.com', 'bob@example.com', 'carl@example.org']);
    expect(await emails('?email=EXAMPLE.COM')).toEqual(['ann@example.com', 'bob@example.com']);
    expect(await emails('?attribute=team&value=red')).toEqual(['bob@example.com', 'carl@example.org']);
    expect(await emails('?first=1&max=1')).toEqual(['bob@example.com']);
    const bob = await t.users.findByEmail('bob@example.com');
    await t.api('post', `/realms/main/users/${bob!.id}/disable`).expect(200);
    expect(await emails('?enabled=false')).toEqual(['bob@example.com']);
    expect(await emails('?enabled=true&attribute=team&value=red')).toEqual(['carl@example.org']);
  });

  test('refuses unknown, repeated and malformed query parameters with FG_ADMIN_INVALID_QUERY', async () => {
    for (const query of ['?emial=a', '?max=0', '?max=1001', '?first=-1', '?first=x', '?enabled=yes', '?email=a&email=b', '?value=red']) {
      const res = await t.api('get', `/realms/main/users${query}`).expect(400);
      expect(res.body.code).toBe('FG_ADMIN_INVALID_QUERY');
    }
  });
});

describe('users: edit', () => {
  test('changes attributes and email with If-Match; a new address is unverified; the version changes; audited before and after', async () => {
    const { id, etag } = await createAnn();
    await t.users.markEmailVerified(id);
    const fresh = await t.api('get', `/realms/main/users/${id}`).expect(200);
    expect(fresh.headers['etag']).not.toBe(etag);

    t.clock.advance(1000);
    const res = await t.api('patch', `/realms/main/users/${id}`).set('If-Match', fresh.headers['etag'] as string).send({ email: 'ann.new@example.com', attributes: { firstName: ' Anna ' } }).expect(200);
    expect(res.body).toMatchObject({ email: 'ann.new@example.com', emailVerified: false, attributes: { firstName: ['Anna'], lastName: ['Example'] } });
    expect(res.headers['etag']).toBe(`W/"${String(res.body.version)}"`);
    expect(res.headers['etag']).not.toBe(fresh.headers['etag']);
    const [entry] = await auditOf(`realms/main/users/${id}`);
    expect(entry).toMatchObject({ action: 'user.update', before: expect.objectContaining({ email: 'ann@example.com', emailVerified: true }), after: res.body });

    // emailVerified given explicitly wins; clearing an optional attribute is not possible for required ones.
    const verified = await t.api('patch', `/realms/main/users/${id}`).set('If-Match', res.headers['etag'] as string).send({ emailVerified: true }).expect(200);
    expect(verified.body.emailVerified).toBe(true);
    const cleared = await t.api('patch', `/realms/main/users/${id}`).set('If-Match', verified.headers['etag'] as string).send({ attributes: { lastName: null } }).expect(400);
    expect(cleared.body).toMatchObject({ code: 'FG_PROFILE_VALUE_INVALID', path: '/attributes/lastName', detail: 'error.profile.required' });
  });

  test('428 without If-Match, 409 with a stale one (a change made by anyone in between), and nothing changes', async () => {
    const { id, etag } = await createAnn();
    expect((await t.api('patch', `/realms/main/users/${id}`).send({ emailVerified: true }).expect(428)).body.code).toBe('FG_ADMIN_VERSION_REQUIRED');
    // The person (or a plugin) changes something: the admin's read is stale.
    await t.users.setAttribute(id, 'firstName', ['Annie']);
    const stale = await t.api('patch', `/realms/main/users/${id}`).set('If-Match', etag).send({ attributes: { firstName: 'Anne' } }).expect(409);
    expect(stale.body.code).toBe('FG_ADMIN_VERSION_CONFLICT');
    expect((await t.users.findById(id))?.attributes['firstName']).toEqual(['Annie']);
  });

  test('refuses an empty body, a taken email and an unknown user', async () => {
    const { id, etag } = await createAnn();
    await t.users.create({ email: 'bob@example.com' });
    expect((await t.api('patch', `/realms/main/users/${id}`).set('If-Match', etag).send({}).expect(400)).body.code).toBe('FG_ADMIN_INVALID_BODY');
    expect((await t.api('patch', `/realms/main/users/${id}`).set('If-Match', etag).send({ email: 'bob@example.com' }).expect(409)).body).toMatchObject({ code: 'FG_USER_EXISTS', path: '/email' });
    expect((await t.api('patch', `/realms/main/users/${id}`).set('If-Match', etag).send({ email: 'b\u043Eb@example.com' }).expect(409)).body).toMatchObject({ code: 'FG_EMAIL_CONFUSABLE', path: '/email' });
    expect((await t.api('patch', '/realms/main/users/nobody').set('If-Match', etag).send({ emailVerified: true }).expect(404)).body.code).toBe('FG_USER_NOT_FOUND');
  });
});

describe('users: disable, enable, delete', () => {
  test('disabling signs the user out of realm main at once; enabling does not bring the session back', async () => {
    await t.users.create({ email: 'ann@example.com' });
    const browser = new TestBrowser(t.app);
    await browser.signIn('ann@example.com');
    await browser.agent.get('/realms/main/account').set(JSON_ACCEPT).expect(200);
    const ann = await t.users.findByEmail('ann@example.com');

    const disabled = await t.api('post', `/realms/main/users/${ann!.id}/disable`).expect(200);
    expect(disabled.body.enabled).toBe(false);
    expect((await browser.agent.get('/realms/main/account').set(JSON_ACCEPT).expect(401)).body.code).toBe('FG_NOT_SIGNED_IN');
    expect((await t.api('get', `/realms/main/users/${ann!.id}/sessions`).expect(200)).body.sessions).toEqual([]);

    t.clock.advance(1000);
    const enabled = await t.api('post', `/realms/main/users/${ann!.id}/enable`).expect(200);
    expect(enabled.body.enabled).toBe(true);
    await browser.agent.get('/realms/main/account').set(JSON_ACCEPT).expect(401);
    expect((await auditOf(`realms/main/users/${ann!.id}`)).map((e) => e.action)).toEqual(['user.enable', 'user.disable']);
  });

  test("disabling an administrator ends their console sessions and API tokens; an admin cannot disable or delete themself", async () => {
    const other = await t.adminUsers.create({ email: 'second@example.test', emailVerified: true, attributes: { roles: ['admin'] } });
    const session = await t.signIn(other.id);
    const token = await t.asConsole('post', '/tokens', session).send({ name: 'theirs' }).expect(201);
    await t.api('post', `/realms/${ADMIN_REALM}/users/${other.id}/disable`).expect(200);
    await t.api('post', `/realms/${ADMIN_REALM}/users/${other.id}/enable`).expect(200);
    await t.request('get', '/session').set('Cookie', `${ADMIN_SESSION_COOKIE}=${session.cookie}`).expect(401);
    await t.request('get', '/session').set('Authorization', `Bearer ${token.body.secret as string}`).expect(401);

    for (const [method, path] of [['post', `/realms/${ADMIN_REALM}/users/${t.admin.id}/disable`], ['delete', `/realms/${ADMIN_REALM}/users/${t.admin.id}`]] as const) {
      expect((await t.api(method, path).expect(409)).body.code).toBe('FG_ADMIN_USER_IS_CALLER');
    }
    expect((await t.adminUsers.findById(t.admin.id))?.enabled).toBe(true);
  });

  test('deleting removes the user and their sessions; a second delete is 404', async () => {
    await t.users.create({ email: 'ann@example.com' });
    const browser = new TestBrowser(t.app);
    await browser.signIn('ann@example.com');
    const ann = await t.users.findByEmail('ann@example.com');
    await t.api('delete', `/realms/main/users/${ann!.id}`).expect(204);
    expect(await t.users.findById(ann!.id)).toBeUndefined();
    await browser.agent.get('/realms/main/account').set(JSON_ACCEPT).expect(401);
    expect((await t.api('delete', `/realms/main/users/${ann!.id}`).expect(404)).body.code).toBe('FG_USER_NOT_FOUND');
    expect((await auditOf(`realms/main/users/${ann!.id}`))[0]).toMatchObject({ action: 'user.delete', before: expect.objectContaining({ email: 'ann@example.com' }) });
  });
});

describe('users: pending required actions', () => {
  test('list, add (registered actions only), remove; both idempotent', async () => {
    const { id } = await createAnn();
    const added = await t.api('put', `/realms/main/users/${id}/required-actions/update-profile`).expect(200);
    expect(added.body.requiredActions).toEqual(['update-profile']);
    t.clock.advance(1000);
    await t.api('put', `/realms/main/users/${id}/required-actions/update-profile`).expect(200);
    const list = await t.api('get', `/realms/main/users/${id}/required-actions`).expect(200);
    expect(list.body).toEqual({ requiredActions: [{ id: 'update-profile', registered: true, displayName: 'Update profile', enabled: false }] });

    expect((await t.api('put', `/realms/main/users/${id}/required-actions/make-coffee`).expect(404)).body.code).toBe('FG_ADMIN_REQUIRED_ACTION_NOT_FOUND');
    t.clock.advance(1000);
    const removed = await t.api('delete', `/realms/main/users/${id}/required-actions/update-profile`).expect(200);
    expect(removed.body.requiredActions).toEqual([]);
    t.clock.advance(1000);
    await t.api('delete', `/realms/main/users/${id}/required-actions/update-profile`).expect(200);
    expect((await auditOf(`realms/main/users/${id}/required-actions/update-profile`)).map((e) => e.action)).toEqual([
      'user.required-action.remove',
      'user.required-action.remove',
      'user.required-action.add',
      'user.required-action.add',
    ]);
  });
});

describe('users: who may call', () => {
  test('no credentials 401; a non-admin 403; a console write without CSRF 403; with it, it works', async () => {
    expect((await t.request('get', '/realms/main/users').expect(401)).body.code).toBe('FG_ADMIN_UNAUTHENTICATED');
    const someone = await t.adminUsers.create({ email: 'someone@example.test', emailVerified: true });
    const theirs = await t.signIn(someone.id);
    expect((await t.asConsole('get', '/realms/main/users', theirs).expect(403)).body.code).toBe('FG_ADMIN_FORBIDDEN');

    const noCsrf = await t.request('post', '/realms/main/users').set('Cookie', `${ADMIN_SESSION_COOKIE}=${t.console.cookie}`).send(ANN).expect(403);
    expect(noCsrf.body.code).toBe('FG_ADMIN_CSRF_INVALID');
    expect(await t.users.findByEmail(ANN.email)).toBeUndefined();
    await t.asConsole('post', '/realms/main/users').send(ANN).expect(201);
    const [entry] = await t.container.get(TYPES.AdminAudit).list({ realm: 'main' });
    expect(entry).toMatchObject({ action: 'user.create', actorEmail: ADMIN_EMAIL, via: 'session' });
  });
});
