import { FlowgateError } from '../../../src/errors';
import { challenge } from '../../../src/spi';
import { buildRealm, flow, required } from '../../../src/testing/flow-builder';
import { FlowHarness } from '../../../src/testing/flow-harness';
import { identify, viewOf } from '../executor/fake-plugins';
import { ANN, fakeAction, harnessWith, setting, signIn } from './action-kit';

describe('required actions: the runner', () => {
  test('a flow without required actions ends exactly as before: success, nothing else', async () => {
    const harness = new FlowHarness({ realms: buildRealm({ flows: [flow('browser', [required('identify')])] }), plugins: [identify()] });
    const ann = harness.users().add({ email: ANN });

    const login = await signIn(harness);

    expect(login.last).toEqual({ type: 'success', authSessionId: login.id, userId: ann.id });
    const state = await login.state();
    expect(state.result).toEqual({ type: 'success', userId: ann.id });
    expect(state).not.toHaveProperty('requiredActions');
    expect(state).not.toHaveProperty('currentExecution');
    expect(harness.events()).toEqual([]);
  });

  test('enabled actions that are not pending and have no triggers are not called', async () => {
    const action = fakeAction('alpha');
    const harness = harnessWith([setting('alpha')], [action]);
    const ann = harness.users().add({ email: ANN });

    const login = await signIn(harness);

    expect(login.last).toEqual({ type: 'success', authSessionId: login.id, userId: ann.id });
    expect(action.calls).toEqual({ evaluateTriggers: 0, challenge: 0, process: 0 });
  });

  test('pending actions run in realm priority order, lower first, equal priorities by id', async () => {
    const harness = harnessWith(
      [setting('alpha', { priority: 20 }), setting('gamma', { priority: 10 }), setting('beta', { priority: 10 })],
      [fakeAction('alpha'), fakeAction('beta'), fakeAction('gamma')],
    );
    const ann = harness.users().add({ email: ANN, requiredActions: ['alpha', 'gamma', 'beta'] });

    const login = await signIn(harness);
    const seen: string[] = [];
    while (login.last.type === 'challenge') {
      seen.push(login.challenge().execution);
      await login.submit({ value: 'done' });
    }

    expect(seen).toEqual(['required-action/beta', 'required-action/gamma', 'required-action/alpha']);
    expect(login.last).toMatchObject({ type: 'success', userId: ann.id });
    expect((await harness.users().findById(ann.id))?.requiredActions).toEqual([]);
    expect(harness.events().map((e) => [e.type, e.details])).toEqual([
      ['BETA', { flow: 'browser', requiredAction: 'beta' }],
      ['GAMMA', { flow: 'browser', requiredAction: 'gamma' }],
      ['ALPHA', { flow: 'browser', requiredAction: 'alpha' }],
    ]);
  });

  test("an action's page is a step like a flow's: its execution, the next step number, no alternatives", async () => {
    const harness = harnessWith([setting('alpha')], [fakeAction('alpha')]);
    harness.users().add({ email: ANN, requiredActions: ['alpha'] });

    const login = await harness.start();
    const first = login.challenge();
    await login.submit({ email: ANN });

    expect(login.challenge()).toEqual({
      type: 'challenge',
      authSessionId: login.id,
      tabId: first.tabId,
      execution: 'required-action/alpha',
      step: first.step + 1,
      view: viewOf('alpha'),
      alternatives: [],
    });
    expect((await login.state()).result).toBeUndefined();
  });

  test('the event type is the id in upper snake case unless the action names its own', async () => {
    const harness = harnessWith([setting('set-up-thing'), setting('other')], [fakeAction('set-up-thing'), fakeAction('other', { eventType: 'OTHER_DONE' })]);
    harness.users().add({ email: ANN, requiredActions: ['set-up-thing', 'other'] });

    const login = await signIn(harness);
    await login.submit({ value: 'done' });
    await login.submit({ value: 'done' });

    expect(harness.events().map((e) => e.type)).toEqual(['OTHER_DONE', 'SET_UP_THING']);
  });

  test('a disabled action is skipped and stays pending', async () => {
    const action = fakeAction('alpha');
    const harness = harnessWith([setting('alpha', { enabled: false })], [action]);
    const ann = harness.users().add({ email: ANN, requiredActions: ['alpha'] });

    const login = await signIn(harness);

    expect(login.last).toMatchObject({ type: 'success' });
    expect(action.calls.challenge).toBe(0);
    expect((await harness.users().findById(ann.id))?.requiredActions).toEqual(['alpha']);
  });

  test('a registered action the realm does not list is disabled', async () => {
    const action = fakeAction('alpha');
    const harness = harnessWith([], [action]);
    harness.users().add({ email: ANN, requiredActions: ['alpha'] });

    expect((await signIn(harness)).last).toMatchObject({ type: 'success' });
    expect(action.calls.challenge).toBe(0);
  });

  test('a pending id no plugin provides is skipped with a warning, never a crash', async () => {
    const warnings: Array<{ error: unknown; where: unknown }> = [];
    const harness = new FlowHarness({
      realms: { ...buildRealm({ flows: [flow('browser', [required('identify')])] }), requiredActions: [setting('alpha'), setting('gone')] },
      plugins: [identify(), fakeAction('alpha')],
      onPluginError: (error, where) => warnings.push({ error, where }),
    });
    const ann = harness.users().add({ email: ANN, requiredActions: ['gone', 'alpha'] });

    const login = await signIn(harness);
    expect(login.challenge().execution).toBe('required-action/alpha');
    await login.submit({ value: 'done' });

    expect(login.last).toMatchObject({ type: 'success' });
    expect(warnings).toEqual([
      {
        error: expect.objectContaining({ code: 'FG_UNKNOWN_REQUIRED_ACTION' }),
        where: { realm: 'test', execution: 'required-action/gone', plugin: 'gone', phase: 'lookup' },
      },
    ]);
    expect((warnings[0]?.error as FlowgateError).message).toContain(ann.id);
    expect((await harness.users().findById(ann.id))?.requiredActions).toEqual(['gone']);
  });

  test('ignore leaves the action pending and goes on to the next one', async () => {
    const harness = harnessWith([setting('alpha', { priority: 1 }), setting('beta', { priority: 2 })], [fakeAction('alpha'), fakeAction('beta')]);
    const ann = harness.users().add({ email: ANN, requiredActions: ['alpha', 'beta'] });

    const login = await signIn(harness);
    await login.submit({ value: 'skip' });
    expect(login.challenge().execution).toBe('required-action/beta');
    await login.submit({ value: 'done' });

    expect(login.last).toMatchObject({ type: 'success' });
    expect((await harness.users().findById(ann.id))?.requiredActions).toEqual(['alpha']);
    expect(harness.events().map((e) => e.type)).toEqual(['BETA']);
  });

  test('an action that answers ignore at once is not shown and not asked again in the same sign-in', async () => {
    const action = fakeAction('alpha', { challenge: () => ({ type: 'ignore' }) });
    const harness = harnessWith([setting('alpha')], [action]);
    harness.users().add({ email: ANN, requiredActions: ['alpha'] });

    expect((await signIn(harness)).last).toMatchObject({ type: 'success' });
    expect(action.calls.challenge).toBe(1);
  });

  test('declining a pending action fails the sign-in with action_cancelled; it stays pending', async () => {
    const harness = harnessWith([setting('alpha')], [fakeAction('alpha')]);
    const ann = harness.users().add({ email: ANN, requiredActions: ['alpha'] });

    const login = await signIn(harness);
    const result = await login.submit({ value: 'no' });

    expect(result).toEqual({ type: 'failure', authSessionId: login.id, error: 'action_cancelled' });
    expect(harness.events().map((e) => [e.type, e.error, e.userId])).toEqual([
      ['ALPHA_ERROR', 'action_cancelled', ann.id],
      ['LOGIN_ERROR', 'action_cancelled', ann.id],
    ]);
    expect(harness.events('LOGIN_ERROR')[0]?.details).toEqual({ flow: 'browser', execution: 'required-action/alpha', plugin: 'alpha' });
    expect((await harness.users().findById(ann.id))?.requiredActions).toEqual(['alpha']);
    expect((await login.state()).result).toEqual({ type: 'failure', error: 'action_cancelled' });
  });

  test("failure ends the sign-in with the action's error and message", async () => {
    const harness = harnessWith([setting('alpha')], [fakeAction('alpha')]);
    harness.users().add({ email: ANN, requiredActions: ['alpha'] });

    const login = await signIn(harness);
    const result = await login.submit({ value: 'fail' });

    expect(result).toEqual({ type: 'failure', authSessionId: login.id, error: 'action_failed', message: 'error.actionFailed' });
    expect(harness.events().map((e) => [e.type, e.error])).toEqual([
      ['ALPHA_ERROR', 'action_failed'],
      ['LOGIN_ERROR', 'action_failed'],
    ]);
    await expect(login.current()).resolves.toEqual(result);
  });

  test.each([
    ['throws in challenge', { challenge: () => Promise.reject(new Error('boom')) }, 'plugin_error', 'FG_PLUGIN_ERROR', false],
    ['returns nonsense from challenge', { challenge: () => ({ type: 'reset' }) }, 'invalid_outcome', 'FG_INVALID_OUTCOME', false],
    ['returns a view that cannot be stored', { challenge: () => challenge({ view: 'alpha', model: { n: BigInt(1) } }) }, 'invalid_outcome', 'FG_INVALID_OUTCOME', false],
    ['throws in process', { process: () => { throw new Error('boom'); } }, 'plugin_error', 'FG_PLUGIN_ERROR', true],
    ['throws in evaluateTriggers', { evaluateTriggers: () => { throw new Error('boom'); } }, 'plugin_error', 'FG_PLUGIN_ERROR', false],
  ])('a plugin that %s fails the sign-in with a coded fault', async (_label, behaviour, error, code, answers) => {
    const harness = harnessWith([setting('alpha')], [fakeAction('alpha', behaviour)]);
    harness.users().add({ email: ANN, requiredActions: ['alpha'] });

    const login = await signIn(harness);
    if (answers) await login.submit({ value: 'done' });

    expect(login.last).toEqual({ type: 'failure', authSessionId: login.id, error, code });
    expect(harness.pluginErrors).toHaveLength(1);
    expect(harness.events('LOGIN_ERROR').map((e) => e.error)).toEqual([error]);
  });

  test('a refresh re-renders the action page without calling the action again', async () => {
    const action = fakeAction('alpha');
    const harness = harnessWith([setting('alpha')], [action]);
    harness.users().add({ email: ANN, requiredActions: ['alpha'] });

    const login = await signIn(harness);
    const shown = login.challenge();

    expect(await login.current()).toEqual(shown);
    expect(action.calls.challenge).toBe(1);
  });

  test('a replayed or stale submission of an action page is refused and changes nothing', async () => {
    const action = fakeAction('alpha');
    const harness = harnessWith([setting('alpha'), setting('beta', { priority: 200 })], [action, fakeAction('beta')]);
    harness.users().add({ email: ANN, requiredActions: ['alpha', 'beta'] });

    const login = await harness.start();
    const identifyStep = login.challenge();
    await login.submit({ email: ANN });
    const alphaStep = login.challenge();
    await login.submit({ value: 'done' });
    const before = await login.state();

    await expect(login.submit({ value: 'done' }, { execution: alphaStep.execution, step: alphaStep.step })).rejects.toMatchObject({ code: 'FG_STALE_STEP' });
    await expect(login.submit({ email: ANN }, { execution: identifyStep.execution, step: identifyStep.step })).rejects.toMatchObject({ code: 'FG_STALE_STEP' });
    await expect(login.submit({ value: 'done' }, { execution: 'required-action/alpha' })).rejects.toMatchObject({ code: 'FG_STALE_STEP' });
    await expect(login.submit({ email: ANN }, { execution: 'browser/identify' })).rejects.toMatchObject({ code: 'FG_STALE_STEP' });

    expect(await login.state()).toEqual(before);
    expect(action.calls.process).toBe(1);
  });

  test('two concurrent submissions of one action page: exactly one runs', async () => {
    const action = fakeAction('alpha');
    const harness = harnessWith([setting('alpha')], [action]);
    harness.users().add({ email: ANN, requiredActions: ['alpha'] });
    const login = await signIn(harness);
    const { execution, step } = login.challenge();

    const results = await Promise.allSettled([
      harness.executor.submit(login.id, { execution, step, form: { value: 'done' } }),
      harness.executor.submit(login.id, { execution, step, form: { value: 'done' } }),
    ]);

    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'FG_STALE_STEP' } });
    expect(action.calls.process).toBe(1);
  });

  test('"try another way" is not offered on an action page', async () => {
    const harness = harnessWith([setting('alpha')], [fakeAction('alpha')]);
    harness.users().add({ email: ANN, requiredActions: ['alpha'] });
    const login = await signIn(harness);

    await expect(login.tryAnotherWay()).rejects.toMatchObject({ code: 'FG_SELECTION_NOT_ALLOWED' });
    await expect(login.select('browser/identify')).rejects.toMatchObject({ code: 'FG_SELECTION_NOT_ALLOWED' });
  });

  test('an interrupted sign-in resumes the remaining actions on the next one', async () => {
    const alpha = fakeAction('alpha');
    const harness = harnessWith([setting('alpha', { priority: 1 }), setting('beta', { priority: 2 })], [alpha, fakeAction('beta')]);
    const ann = harness.users().add({ email: ANN, requiredActions: ['alpha', 'beta'] });

    const first = await signIn(harness);
    await first.submit({ value: 'done' });
    expect(first.challenge().execution).toBe('required-action/beta');
    // The person walks away here. Later, they sign in again:
    const second = await signIn(harness);

    expect(second.challenge().execution).toBe('required-action/beta');
    expect(alpha.calls.challenge).toBe(1);
    await second.submit({ value: 'done' });
    expect(second.last).toMatchObject({ type: 'success', userId: ann.id });
    expect((await harness.users().findById(ann.id))?.requiredActions).toEqual([]);
  });

  test('a sign-in that failed in an action starts again from the flow on restart', async () => {
    const harness = harnessWith([setting('alpha')], [fakeAction('alpha')]);
    harness.users().add({ email: ANN, requiredActions: ['alpha'] });
    const login = await signIn(harness);
    await login.submit({ value: 'no' });

    await login.restart();
    expect(login.challenge().execution).toBe('browser/identify');
    await login.submit({ email: ANN });
    expect(login.challenge().execution).toBe('required-action/alpha');
    await login.submit({ value: 'done' });
    expect(login.last).toMatchObject({ type: 'success' });
  });

  test('a user disabled while an action page shows cannot finish signing in', async () => {
    const harness = harnessWith([setting('alpha')], [fakeAction('alpha')]);
    const ann = harness.users().add({ email: ANN, requiredActions: ['alpha'] });
    const login = await signIn(harness);

    harness.users().add({ id: ann.id, email: ann.email, enabled: false, requiredActions: [...ann.requiredActions] });
    const result = await login.submit({ value: 'done' });

    expect(result).toMatchObject({ type: 'failure', error: 'user_disabled' });
  });

  test('an action switched off while its page shows is passed over', async () => {
    const harness = harnessWith([setting('alpha')], [fakeAction('alpha')]);
    harness.users().add({ email: ANN, requiredActions: ['alpha'] });
    const login = await signIn(harness);
    const realm = (await harness.realms.getRealm('test'))!;
    harness.realms.put({ ...realm, requiredActions: [setting('alpha', { enabled: false })] });

    expect(await login.submit({ value: 'whatever' })).toMatchObject({ type: 'success' });
  });

  test('triggers run for enabled actions only, once per sign-in, and may make their action pending', async () => {
    const alpha = fakeAction('alpha', { evaluateTriggers: (ctx) => ctx.require() });
    const beta = fakeAction('beta', { evaluateTriggers: (ctx) => ctx.require() });
    const harness = harnessWith([setting('alpha'), setting('beta', { enabled: false })], [alpha, beta]);
    const ann = harness.users().add({ email: ANN });

    const login = await signIn(harness);
    expect(login.challenge().execution).toBe('required-action/alpha');
    expect((await harness.users().findById(ann.id))?.requiredActions).toEqual(['alpha']);
    await login.submit({ value: 'again' });
    await login.submit({ value: 'done' });

    expect(login.last).toMatchObject({ type: 'success' });
    expect(alpha.calls.evaluateTriggers).toBe(1);
    expect(beta.calls.evaluateTriggers).toBe(0);
  });

  test('an action runs at most once per sign-in, even if made pending again', async () => {
    const alpha = fakeAction('alpha', {
      process: async (ctx) => {
        // A careless action that leaves itself pending.
        await ctx.users.addRequiredAction(ctx.user!.id, 'alpha');
        return { type: 'success' };
      },
    });
    const harness = harnessWith([setting('alpha')], [alpha]);
    harness.users().add({ email: ANN, requiredActions: ['alpha'] });

    const login = await signIn(harness);
    await login.submit({ value: 'done' });

    expect(login.last).toMatchObject({ type: 'success' });
    expect(alpha.calls.challenge).toBe(1);
  });

  test('the plugin-call budget covers required actions too', async () => {
    const actions = ['a1', 'a2', 'a3', 'a4'].map((id) => fakeAction(id, { challenge: () => ({ type: 'success' }) }));
    const harness = new FlowHarness({
      realms: { ...buildRealm({ flows: [flow('browser', [required('identify')])] }), requiredActions: actions.map((a) => setting(a.id)) },
      plugins: [identify(), ...actions],
      maxPluginCallsPerRequest: 3,
    });
    harness.users().add({ email: ANN, requiredActions: ['a1', 'a2', 'a3', 'a4'] });

    const login = await signIn(harness);

    expect(login.last).toMatchObject({ type: 'failure', error: 'flow_loop', code: 'FG_FLOW_LOOP' });
  });
});
