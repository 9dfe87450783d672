import type { RequiredActionSettings } from '../../../src/engine/model';
import { assignDefaultActions, sortRequiredActions, withDefaultActions } from '../../../src/engine/required-actions';
import { challenge, success } from '../../../src/spi';
import { buildRealm, flow, required } from '../../../src/testing/flow-builder';
import { FlowHarness } from '../../../src/testing/flow-harness';
import { InMemoryUsers } from '../../../src/testing/plugin-context';
import { fakeAuthenticator, viewOf } from '../executor/fake-plugins';
import { fakeAction, realmWith, setting } from './action-kit';

/** Like a magic link to a new address: asks for an email and creates the account when there is none. */
const signUpOnTheFly = fakeAuthenticator('sign-up', {
  authenticate: () => challenge(viewOf('sign-up', 'email')),
  action: async (ctx) => {
    const email = ctx.form.email ?? '';
    ctx.setUser((await ctx.users.findByEmail(email)) ?? (await ctx.users.create({ email, emailVerified: true })));
    return success();
  },
});

function harness(actions: readonly RequiredActionSettings[]) {
  return new FlowHarness({
    realms: { ...buildRealm({ flows: [flow('browser', [required('sign-up')])] }), requiredActions: sortRequiredActions(actions) },
    plugins: [signUpOnTheFly, fakeAction('alpha'), fakeAction('beta'), fakeAction('gamma')],
  });
}

describe('required actions: default actions for new users', () => {
  test('a user a plugin creates gets the enabled default actions, and they run in the same sign-in', async () => {
    const h = harness([
      setting('alpha', { defaultAction: true, priority: 2 }),
      setting('beta', { defaultAction: true, priority: 1 }),
      setting('gamma', { defaultAction: false }),
    ]);

    const login = await h.start();
    await login.submit({ email: 'new@example.com' });
    const created = await h.users().findByEmail('new@example.com');

    expect(created?.requiredActions).toEqual(['beta', 'alpha']);
    expect(login.challenge().execution).toBe('required-action/beta');
    await login.submit({ value: 'done' });
    await login.submit({ value: 'done' });
    expect(login.last).toMatchObject({ type: 'success', userId: created?.id });
  });

  test('a disabled default action is not assigned', async () => {
    const h = harness([setting('alpha', { defaultAction: true, enabled: false })]);

    const login = await h.start();
    await login.submit({ email: 'new@example.com' });

    expect(login.last).toMatchObject({ type: 'success' });
    expect((await h.users().findByEmail('new@example.com'))?.requiredActions).toEqual([]);
  });

  test('existing users are not given default actions when they sign in', async () => {
    const h = harness([setting('alpha', { defaultAction: true })]);
    h.users().add({ email: 'old@example.com' });

    const login = await h.start();
    await login.submit({ email: 'old@example.com' });

    expect(login.last).toMatchObject({ type: 'success' });
    expect((await h.users().findByEmail('old@example.com'))?.requiredActions).toEqual([]);
  });

  test('assignDefaultActions makes them pending in run order and returns their ids', async () => {
    const users = new InMemoryUsers([{ id: 'u1', email: 'u1@example.com' }], 'test');
    const realm = realmWith([setting('gamma', { defaultAction: true, priority: 5 }), setting('alpha', { defaultAction: true, priority: 9 }), setting('beta')]);

    expect(await assignDefaultActions(users, realm, 'u1')).toEqual(['gamma', 'alpha']);
    expect((await users.findById('u1'))?.requiredActions).toEqual(['gamma', 'alpha']);
  });

  test('withDefaultActions leaves the service untouched when the realm has no default action', async () => {
    const users = new InMemoryUsers([], 'test');
    expect(withDefaultActions(users, realmWith([setting('alpha')]))).toBe(users);
    const wrapped = withDefaultActions(users, realmWith([setting('alpha', { defaultAction: true })]));
    expect(wrapped).not.toBe(users);
    expect((await wrapped.create({ email: 'x@example.com' })).requiredActions).toEqual(['alpha']);
  });
});
