import type request from 'supertest';
import { ADMIN_SESSION_COOKIE } from '../../src/admin/admin-cookie';
import { ADMIN_ROLE, ROLES_ATTRIBUTE } from '../../src/admin/admin-realm';
import { TYPES } from '../../src/composition/container';
import type { AdminAuditStore } from '../../src/store';
import type { UserSessionStore } from '../../src/store/user-session.store';
import { ADMIN_EMAIL, createAdminTestApp, type AdminTestApp } from '../support/admin-test-app';

let t: AdminTestApp;
beforeEach(async () => {
  t = await createAdminTestApp();
});
afterEach(() => t.close());

describe('admin API authentication', () => {
  test('GET /session says who is calling: a console session gets a CSRF token, a token caller none', async () => {
    const bySession = await t.asConsole('get', '/session').expect(200);
    expect(bySession.body).toEqual({ user: { id: t.admin.id, email: ADMIN_EMAIL }, via: 'session', csrfToken: t.console.csrf, csrfHeader: 'X-CSRF-Token' });
    expect(t.console.csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const byToken = await t.api('get', '/session').expect(200);
    expect(byToken.body).toEqual({ user: { id: t.admin.id, email: ADMIN_EMAIL }, via: 'token', csrfHeader: 'X-CSRF-Token' });
    expect(byToken.headers['cache-control']).toBe('no-store');
  });

  test('without a session or token, or with a bad one: 401 FG_ADMIN_UNAUTHENTICATED as JSON, whatever Accept says', async () => {
    for (const req of [
      t.request('get', '/session').set('Accept', 'text/html'),
      t.request('get', '/session').set('Authorization', 'Bearer fgat_' + 'x'.repeat(43)),
      t.request('get', '/session').set('Authorization', `Basic ${Buffer.from('a:b').toString('base64')}`),
      t.request('get', '/session').set('Cookie', `${ADMIN_SESSION_COOKIE}=${'y'.repeat(43)}`),
      // An unknown path is not revealed before authentication.
      t.request('get', '/nothing-here'),
    ]) {
      const res = await req.expect(401).expect('Content-Type', /json/);
      expect(res.body).toMatchObject({ type: 'error', code: 'FG_ADMIN_UNAUTHENTICATED', errors: [expect.objectContaining({ code: 'FG_ADMIN_UNAUTHENTICATED' })] });
    }
  });

  test('a bad Authorization header is not rescued by a valid cookie beside it', async () => {
    await t
      .request('get', '/session')
      .set('Authorization', 'Bearer nope')
      .set('Cookie', `${ADMIN_SESSION_COOKIE}=${t.console.cookie}`)
      .expect(401);
  });

  test('a signed-in user of the admin realm without role admin gets 403 FG_ADMIN_FORBIDDEN; losing the role ends access at once', async () => {
    const other = await t.adminUsers.create({ email: 'someone@example.test', emailVerified: true });
    const session = await t.signIn(other.id);
    expect((await t.asConsole('get', '/session', session).expect(403)).body.code).toBe('FG_ADMIN_FORBIDDEN');

    await t.adminUsers.setAttribute(t.admin.id, ROLES_ATTRIBUTE, ['auditor']);
    expect((await t.api('get', '/session').expect(403)).body.code).toBe('FG_ADMIN_FORBIDDEN');
    await t.adminUsers.setAttribute(t.admin.id, ROLES_ATTRIBUTE, [ADMIN_ROLE]);
    await t.api('get', '/session').expect(200);
  });

  test("a session of another realm's user does not count, even with the admin cookie's name", async () => {
    const ann = await t.users.create({ email: 'ann@example.com' });
    const { token } = await t.container.get(TYPES.UserSessionStore).create({ realm: 'main', userId: ann.id });
    await t.request('get', '/session').set('Cookie', `${ADMIN_SESSION_COOKIE}=${token}`).expect(401);
  });

  test('unknown paths after authentication: 404 FG_ADMIN_NOT_FOUND', async () => {
    expect((await t.api('get', '/nothing-here').expect(404)).body.code).toBe('FG_ADMIN_NOT_FOUND');
  });
});

describe('CSRF for console sessions', () => {
  test('a write without X-CSRF-Token, or with a wrong one or another session\'s, is 403 FG_ADMIN_CSRF_INVALID and changes nothing', async () => {
    const other = await t.signIn(t.admin.id);
    const cookie = `${ADMIN_SESSION_COOKIE}=${t.console.cookie}`;
    const attempts = [
      t.request('post', '/tokens').set('Cookie', cookie).send({ name: 'x' }),
      t.request('post', '/tokens').set('Cookie', cookie).set('X-CSRF-Token', 'A'.repeat(43)).send({ name: 'x' }),
      t.request('post', '/tokens').set('Cookie', cookie).set('X-CSRF-Token', other.csrf).send({ name: 'x' }),
    ];
    for (const attempt of attempts) expect((await attempt.expect(403)).body.code).toBe('FG_ADMIN_CSRF_INVALID');
    expect((await t.api('get', '/tokens').expect(200)).body.tokens).toHaveLength(1);
    await t.asConsole('post', '/tokens').send({ name: 'x' }).expect(201);
  });

  test('token callers need no CSRF header', async () => {
    await t.api('post', '/tokens').send({ name: 'ci' }).expect(201);
  });

  test('logout ends the session and clears the cookie; the cookie is worthless afterwards', async () => {
    const res = await t.asConsole('post', '/session/logout').expect(204);
    expect(String(res.headers['set-cookie'])).toMatch(new RegExp(`${ADMIN_SESSION_COOKIE}=;`));
    expect((await t.asConsole('get', '/session').expect(401)).body.code).toBe('FG_ADMIN_UNAUTHENTICATED');
    expect((await t.api('post', '/session/logout').expect(400)).body.code).toBe('FG_INVALID_REQUEST');
  });
});

describe('API tokens', () => {
  test('created with its secret shown once, listed without secrets, usable, revoked at once', async () => {
    const created = await t.asConsole('post', '/tokens').send({ name: 'ci deploy' }).expect(201);
    const { token, secret } = created.body as { token: { id: string; name: string }; secret: string };
    expect(secret).toMatch(/^fgat_[A-Za-z0-9_-]{43}$/);
    expect(token).toMatchObject({ name: 'ci deploy', userId: t.admin.id, userEmail: ADMIN_EMAIL, createdAt: expect.any(Number) });

    const list = await t.api('get', '/tokens').expect(200);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect(list.body.tokens.map((x: { name: string }) => x.name).sort()).toEqual(['ci deploy', 'tests']);

    const use = (): request.Test => t.request('get', '/session').set('Authorization', `Bearer ${secret}`);
    await use().expect(200);
    const listed = (await t.api('get', '/tokens')).body.tokens.find((x: { id: string }) => x.id === token.id);
    expect(listed.lastUsedAt).toBe(t.clock.now());

    await t.asConsole('delete', `/tokens/${token.id}`).expect(204);
    expect((await use().expect(401)).body.code).toBe('FG_ADMIN_UNAUTHENTICATED');
    expect((await t.api('delete', `/tokens/${token.id}`).expect(404)).body.code).toBe('FG_ADMIN_TOKEN_NOT_FOUND');
  });

  test('the body is validated: a missing or empty name is 400 FG_ADMIN_INVALID_BODY naming the JSON pointer', async () => {
    const missing = await t.api('post', '/tokens').send({}).expect(400);
    expect(missing.body).toMatchObject({ code: 'FG_ADMIN_INVALID_BODY', path: '/name' });
    const unknown = await t.api('post', '/tokens').send({ name: 'x', scope: 'all' }).expect(400);
    expect(unknown.body).toMatchObject({ code: 'FG_ADMIN_INVALID_BODY', path: '/scope' });
    const text = await t.api('post', '/tokens').set('Content-Type', 'text/plain').send('name=x').expect(415);
    expect(text.body.code).toBe('FG_UNSUPPORTED_MEDIA_TYPE');
    const broken = await t.api('post', '/tokens').set('Content-Type', 'application/json').send('{"name":').expect(400);
    expect(broken.body.code).toBe('FG_INVALID_REQUEST');
    const huge = await t.api('post', '/tokens').set('Content-Type', 'application/json').send(`{"name":"${'x'.repeat(1024 * 1024)}"}`).expect(413);
    expect(huge.body.code).toBe('FG_BODY_TOO_LARGE');
  });

  test('token creation and revocation are audited, without the secret', async () => {
    const { body } = await t.api('post', '/tokens').send({ name: 'audited' }).expect(201);
    t.clock.advance(1);
    await t.api('delete', `/tokens/${body.token.id}`).expect(204);
    const entries = await t.container.get(TYPES.AdminAudit).list({ resource: `tokens/${body.token.id}` });
    expect(entries.map((e) => e.action)).toEqual(['token.revoke', 'token.create']);
    expect(entries[1]).toMatchObject({ actorId: t.admin.id, actorEmail: ADMIN_EMAIL, via: 'token', after: expect.objectContaining({ name: 'audited' }) });
    expect(JSON.stringify(entries)).not.toContain(body.secret);
  });
});
