import { attempted, challenge, success } from '../../../src/spi';
import { alternative, buildRealm, flow, required } from '../../../src/testing/flow-builder';
import { FlowHarness } from '../../../src/testing/flow-harness';
import { fakeAuthenticator, identify, viewOf } from './fake-plugins';

const APP = 'https://app.example.com/callback';

function setup() {
  const browser = flow('browser', [required('identify')]);
  const special = flow('special-browser', [required('special')]);
  const grant = flow('grant', [required('special')]);
  const realm = buildRealm({
    flows: [browser, special, grant],
    bindings: { browser: 'browser', 'direct-grant': 'grant' },
    clients: [
      { clientId: 'app', redirectUris: [APP] },
      { clientId: 'kiosk', redirectUris: [], flowOverrides: { browser: 'special-browser' } },
    ],
  });
  const specialStep = fakeAuthenticator('special', { authenticate: () => challenge(viewOf('special')) });
  return new FlowHarness({ realms: realm, plugins: [identify(), specialStep] });
}

describe('executor: start', () => {
  test('runs the realm binding for the slot, with fresh random ids and the realm timeout', async () => {
    const harness = setup();
    const a = await harness.start();
    const b = await harness.start();

    expect(a.challenge()).toMatchObject({ execution: 'browser/identify', step: 0, view: { view: 'identify' }, alternatives: [] });
    const state = await a.state();
    expect(state).toMatchObject({ realm: 'test', slot: 'browser', flowAlias: 'browser', locale: 'en', step: 0, createdAt: harness.clock.now(), expiresAt: harness.clock.now() + 1_800_000 });
    for (const id of [state.id, state.rootId, state.tabId]) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const other = await b.state();
    expect([other.id, other.rootId, other.tabId]).not.toContain(state.id);
    expect(other.rootId).not.toBe(state.rootId);
  });

  test('keeps a well-formed root id so the browser’s tabs are grouped, and replaces a malformed one', async () => {
    const harness = setup();
    const first = await (await harness.start()).state();
    const second = await (await harness.start({ rootId: first.rootId })).state();
    const third = await (await harness.start({ rootId: 'bad id!' })).state();
    expect(second.rootId).toBe(first.rootId);
    expect(second.tabId).not.toBe(first.tabId);
    expect(third.rootId).not.toBe('bad id!');
  });

  test('another slot runs its own binding; an unbound slot is FG_FLOW_NOT_BOUND', async () => {
    const harness = setup();
    expect((await harness.start({ slot: 'direct-grant' })).challenge().execution).toBe('grant/special');
    await expect(harness.start({ slot: 'registration' })).rejects.toMatchObject({ code: 'FG_FLOW_NOT_BOUND' });
  });

  test('a client override picks its flow for the slot', async () => {
    const harness = setup();
    const login = await harness.start({ clientId: 'kiosk' });
    expect(login.challenge().execution).toBe('special-browser/special');
    expect((await login.state()).flowAlias).toBe('special-browser');
  });

  test('an unknown realm is FG_UNKNOWN_REALM', async () => {
    await expect(setup().start({ realm: 'elsewhere' })).rejects.toMatchObject({ code: 'FG_UNKNOWN_REALM' });
  });

  test('an unknown client is FG_UNKNOWN_CLIENT (400)', async () => {
    await expect(setup().start({ clientId: 'evil' })).rejects.toMatchObject({ code: 'FG_UNKNOWN_CLIENT', status: 400 });
  });

  test.each([
    ['a trailing slash', `${APP}/`],
    ['a prefix match', 'https://app.example.com/'],
    ['a longer path', `${APP}/more`],
    ['an added query', `${APP}?x=1`],
    ['another scheme', APP.replace('https', 'http')],
    ['another case', APP.toUpperCase()],
  ])('a redirect URI with %s is FG_INVALID_REDIRECT_URI (400)', async (_name, redirectUri) => {
    await expect(setup().start({ clientId: 'app', redirectUri })).rejects.toMatchObject({ code: 'FG_INVALID_REDIRECT_URI', status: 400 });
  });

  test('a redirect URI without a client is FG_INVALID_REDIRECT_URI', async () => {
    await expect(setup().start({ redirectUri: APP })).rejects.toMatchObject({ code: 'FG_INVALID_REDIRECT_URI' });
  });

  test('an exact redirect URI is kept and returned on success', async () => {
    const harness = setup();
    const ann = harness.users().add({ email: 'ann@example.com' });
    const login = await harness.start({ clientId: 'app', redirectUri: APP });
    expect(await login.submit({ email: 'ann@example.com' })).toEqual({ type: 'success', authSessionId: login.id, userId: ann.id, redirectUri: APP });
  });

  test('an unsupported locale falls back to the realm default; an overlong hint is dropped', async () => {
    const harness = setup();
    const state = await (await harness.start({ locale: 'xx', loginHint: `${'a'.repeat(250)}@example.com` })).state();
    expect(state.locale).toBe('en');
    expect(state.loginHint).toBeUndefined();
  });

  test('the browser session cookie reaches plugins, so SSO can finish the flow at once', async () => {
    const sso = fakeAuthenticator('sso', {
      authenticate: async (ctx) => {
        const session = await ctx.userSessions.current();
        const user = session && (await ctx.users.findById(session.userId));
        if (!user) return attempted();
        ctx.setUser(user);
        return success();
      },
    });
    const harness = new FlowHarness({
      realms: buildRealm({ flows: [flow('browser', [alternative('sso'), alternative('identify')])] }),
      plugins: [sso, identify()],
    });
    const ann = harness.users().add({ email: 'ann@example.com' });
    const token = harness.services.createUserSession('test', ann.id);

    expect((await harness.start()).view).toBe('identify');
    expect((await harness.start({ browserSessionToken: token })).last).toMatchObject({ type: 'success', userId: ann.id });
    expect(harness.sessions.size).toBe(2);
  });
});
