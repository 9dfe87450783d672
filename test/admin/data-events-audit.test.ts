import { createAdminTestApp, type AdminTestApp } from '../support/admin-test-app';

let t: AdminTestApp;
beforeEach(async () => {
  t = await createAdminTestApp();
});
afterEach(() => t.close());

describe('events', () => {
  beforeEach(async () => {
    const record = (clientId: string | undefined, type: string, userId?: string): Promise<void> =>
      t.events.forContext({ realm: 'main', ...(clientId && { clientId }) }).record({ type, ...(userId && { userId }) });
    await record('demo', 'LOGIN', 'u-1'); // T
    t.clock.advance(1000);
    await record('demo', 'LOGIN_ERROR', 'u-2'); // T+1s
    t.clock.advance(1000);
    await record('other', 'LOGIN', 'u-2'); // T+2s
    t.clock.advance(1000);
    await record(undefined, 'LOGOUT', 'u-1'); // T+3s
    await t.events.forContext({ realm: 'elsewhere' }).record({ type: 'LOGIN', userId: 'u-1' });
  });
  const list = async (query = ''): Promise<Array<{ type: string; userId?: string; clientId?: string; time: number }>> =>
    (await t.api('get', `/realms/main/events${query}`).expect(200)).body.events;

  test("lists the realm's events newest first, filtered by type, user, client and time, with paging", async () => {
    const t0 = t.clock.now() - 3000;
    expect((await list()).map((e) => e.type)).toEqual(['LOGOUT', 'LOGIN', 'LOGIN_ERROR', 'LOGIN']);
    expect((await list('?type=LOGIN')).map((e) => e.clientId)).toEqual(['other', 'demo']);
    expect((await list('?user=u-2')).map((e) => e.type)).toEqual(['LOGIN', 'LOGIN_ERROR']);
    expect((await list('?client=demo&user=u-1')).map((e) => e.type)).toEqual(['LOGIN']);
    expect((await list(`?from=${t0 + 1000}&to=${t0 + 3000}`)).map((e) => e.time)).toEqual([t0 + 2000, t0 + 1000]);
    expect((await list('?first=1&max=2')).map((e) => e.type)).toEqual(['LOGIN', 'LOGIN_ERROR']);
    expect(await list('?first=4')).toEqual([]);
  });

  test('refuses invalid query parameters (and pages beyond what the store keeps) with FG_ADMIN_INVALID_QUERY; unknown realm 404', async () => {
    for (const query of ['?from=yesterday', '?max=0', '?usr=u-1', '?first=990&max=20', '?type=a&type=b']) {
      expect((await t.api('get', `/realms/main/events${query}`).expect(400)).body.code).toBe('FG_ADMIN_INVALID_QUERY');
    }
    expect((await t.api('get', '/realms/nowhere/events').expect(404)).body.code).toBe('FG_UNKNOWN_REALM');
    await t.request('get', '/realms/main/events').expect(401);
  });
});

describe('admin audit', () => {
  test('lists changes newest first with who, what, before and after; filters by realm, actor, resource, time; pages', async () => {
    const created = await t.api('post', '/realms/main/users').send({ email: 'ann@example.com', attributes: { firstName: 'Ann', lastName: 'E' } }).expect(201);
    const annId = created.body.id as string;
    t.clock.advance(1000);
    await t.asConsole('post', `/realms/main/users/${annId}/disable`).expect(200);
    t.clock.advance(1000);
    await t.api('post', '/tokens').send({ name: 'ci' }).expect(201);

    const all = (await t.api('get', '/audit').expect(200)).body.entries as Array<Record<string, unknown>>;
    expect(all.map((e) => e['action'])).toEqual(['token.create', 'user.disable', 'user.create']);
    expect(all[1]).toMatchObject({
      actorId: t.admin.id,
      via: 'session',
      resource: `realms/main/users/${annId}`,
      realm: 'main',
      before: expect.objectContaining({ enabled: true }),
      after: expect.objectContaining({ enabled: false }),
    });
    const actions = async (query: string): Promise<unknown[]> => ((await t.api('get', `/audit${query}`).expect(200)).body.entries as Array<{ action: string }>).map((e) => e.action);
    expect(await actions('?realm=main')).toEqual(['user.disable', 'user.create']);
    expect(await actions(`?actor=${t.admin.id}&resource=realms/main/`)).toEqual(['user.disable', 'user.create']);
    expect(await actions('?actor=someone-else')).toEqual([]);
    expect(await actions(`?from=${t.clock.now() - 1000}&to=${t.clock.now()}`)).toEqual(['user.disable']);
    expect(await actions('?first=1&max=1')).toEqual(['user.disable']);
  });

  test('refuses invalid query parameters; needs an admin', async () => {
    for (const query of ['?first=-1', '?max=1001', '?who=me', '?to=soon']) {
      expect((await t.api('get', `/audit${query}`).expect(400)).body.code).toBe('FG_ADMIN_INVALID_QUERY');
    }
    await t.request('get', '/audit').expect(401);
    const someone = await t.adminUsers.create({ email: 'someone@example.test', emailVerified: true });
    expect((await t.asConsole('get', '/audit', await t.signIn(someone.id)).expect(403)).body.code).toBe('FG_ADMIN_FORBIDDEN');
  });
});
