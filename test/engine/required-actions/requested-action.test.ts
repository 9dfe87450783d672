import { cookieAuthenticator } from '../../../authenticators/cookie';
import type { RequiredActionSettings } from '../../../src/engine/model';
import type { PluginDefinition } from '../../../src/engine/plugin-registry';
import { sortRequiredActions } from '../../../src/engine/required-actions';
import { alternative, buildRealm, flow } from '../../../src/testing/flow-builder';
import { FlowHarness, type HarnessLogin } from '../../../src/testing/flow-harness';
import { identify } from '../executor/fake-plugins';
import { ANN, fakeAction, setting } from './action-kit';

/** A realm whose browser flow signs in by SSO cookie, else by email; with these actions. */
function setup(actions: readonly RequiredActionSettings[], plugins: readonly PluginDefinition[], pending: string[] = []) {
  const harness = new FlowHarness({
    realms: { ...buildRealm({ flows: [flow('browser', [alternative('cookie'), alternative('identify')])] }), requiredActions: sortRequiredActions(actions) },
    plugins: [cookieAuthenticator, identify(), ...plugins],
  });
  const ann = harness.users().add({ email: ANN, requiredActions: pending });
  const browserSessionToken = harness.services.createUserSession('test', ann.id);
  return { harness, ann, browserSessionToken };
}

/** Starts a sign-in of a browser with an SSO session, asking for `requestedAction`. */
function startWith(harness: FlowHarness, browserSessionToken: string, requestedAction: string): Promise<HarnessLogin> {
  return harness.start({ browserSessionToken, requestedAction });
}

describe('required actions: application-initiated (kc_action)', () => {
  test('the requested action runs after SSO even though not pending, then success reports it', async () => {
    const { harness, ann, browserSessionToken } = setup([setting('alpha')], [fakeAction('alpha')]);

    const login = await startWith(harness, browserSessionToken, 'alpha');
    expect(login.challenge().execution).toBe('required-action/alpha');
    const result = await login.submit({ value: 'done' });

    expect(result).toEqual({ type: 'success', authSessionId: login.id, userId: ann.id, requestedAction: 'alpha', kcActionStatus: 'success' });
    expect(harness.events().map((e) => e.type)).toEqual(['ALPHA']);
    await expect(login.current()).resolves.toEqual(result);
  });

  test('declined, it ends in success with status cancelled: the person is still signed in', async () => {
    const { harness, ann, browserSessionToken } = setup([setting('alpha')], [fakeAction('alpha')]);

    const login = await startWith(harness, browserSessionToken, 'alpha');
    const result = await login.submit({ value: 'no' });

    expect(result).toEqual({ type: 'success', authSessionId: login.id, userId: ann.id, requestedAction: 'alpha', kcActionStatus: 'cancelled' });
    expect(harness.events().map((e) => [e.type, e.error])).toEqual([['ALPHA_ERROR', 'action_cancelled']]);
    expect((await harness.users().findById(ann.id))?.requiredActions).toEqual([]);
  });

  test.each([
    ['unknown', [setting('alpha')], 'nope'],
    ['disabled', [setting('alpha', { enabled: false })], 'alpha'],
    ['registered but not listed by the realm', [], 'alpha'],
  ])('an %s requested action does not stop the sign-in: success with status error, no page', async (_label, actions, requested) => {
    const action = fakeAction('alpha');
    const { harness, ann, browserSessionToken } = setup(actions, [action]);

    const login = await startWith(harness, browserSessionToken, requested);

    expect(login.last).toEqual({ type: 'success', authSessionId: login.id, userId: ann.id, requestedAction: requested, kcActionStatus: 'error' });
    expect(action.calls.challenge).toBe(0);
  });

  test('a requested action that is also pending runs once, in its priority slot', async () => {
    const alpha = fakeAction('alpha');
    const { harness, ann, browserSessionToken } = setup([setting('alpha', { priority: 1 }), setting('beta', { priority: 2 })], [alpha, fakeAction('beta')], ['alpha', 'beta']);

    const login = await startWith(harness, browserSessionToken, 'alpha');
    expect(login.challenge().execution).toBe('required-action/alpha');
    await login.submit({ value: 'done' });
    expect(login.challenge().execution).toBe('required-action/beta');
    const result = await login.submit({ value: 'done' });

    expect(result).toMatchObject({ type: 'success', userId: ann.id, kcActionStatus: 'success' });
    expect(alpha.calls.challenge).toBe(1);
  });

  test('pending actions run before the requested one', async () => {
    const { harness, browserSessionToken } = setup([setting('alpha', { priority: 1 }), setting('beta', { priority: 2 })], [fakeAction('alpha'), fakeAction('beta')], ['beta']);

    const login = await startWith(harness, browserSessionToken, 'alpha');
    expect(login.challenge().execution).toBe('required-action/beta');
    await login.submit({ value: 'done' });
    expect(login.challenge().execution).toBe('required-action/alpha');
    expect(await login.submit({ value: 'done' })).toMatchObject({ type: 'success', kcActionStatus: 'success' });
  });

  test('a requested action that is also pending cannot be declined: it is required of the person', async () => {
    const { harness, browserSessionToken } = setup([setting('alpha')], [fakeAction('alpha')], ['alpha']);

    const login = await startWith(harness, browserSessionToken, 'alpha');

    expect(await login.submit({ value: 'no' })).toMatchObject({ type: 'failure', error: 'action_cancelled' });
  });

  test('a requested action that answers ignore was not done: status error', async () => {
    const { harness, browserSessionToken } = setup([setting('alpha')], [fakeAction('alpha', { challenge: () => ({ type: 'ignore' }) })]);

    const login = await startWith(harness, browserSessionToken, 'alpha');

    expect(login.last).toMatchObject({ type: 'success', kcActionStatus: 'error' });
  });

  test('a requested action that fails fails the sign-in', async () => {
    const { harness, browserSessionToken } = setup([setting('alpha')], [fakeAction('alpha')]);

    const login = await startWith(harness, browserSessionToken, 'alpha');

    expect(await login.submit({ value: 'fail' })).toMatchObject({ type: 'failure', error: 'action_failed' });
  });

  test('the request survives a restart, and a sign-in without one reports no status', async () => {
    const { harness, browserSessionToken } = setup([setting('alpha')], [fakeAction('alpha')]);
    const login = await startWith(harness, browserSessionToken, 'alpha');
    await login.submit({ value: 'fail' });

    await login.restart({ browserSessionToken });
    expect(login.challenge().execution).toBe('required-action/alpha');
    expect(await login.submit({ value: 'done' })).toMatchObject({ type: 'success', requestedAction: 'alpha', kcActionStatus: 'success' });

    const plain = await harness.start({ browserSessionToken });
    expect(plain.last).toEqual({ type: 'success', authSessionId: plain.id, userId: expect.any(String) });
  });

  test('an absurdly long requested action is kept cut and treated as unknown', async () => {
    const { harness, browserSessionToken } = setup([setting('alpha')], [fakeAction('alpha')]);

    const login = await startWith(harness, browserSessionToken, 'a'.repeat(10_000));

    expect(login.last).toMatchObject({ type: 'success', requestedAction: 'a'.repeat(100), kcActionStatus: 'error' });
  });
});
