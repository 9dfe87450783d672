import { attempted, challenge, failure, reset, success, type Outcome } from '../../../src/spi';
import { alternative, buildRealm, condition, conditional, flow, required } from '../../../src/testing/flow-builder';
import { FlowHarness } from '../../../src/testing/flow-harness';
import { codeStep, fakeAuthenticator, fakeCondition, fixed, identify, viewOf } from './fake-plugins';

const ANN = 'ann@example.com';

function harnessFor(executions: Parameters<typeof flow>[1], plugins: ConstructorParameters<typeof FlowHarness>[0]['plugins'], maxCalls?: number) {
  return new FlowHarness({
    realms: buildRealm({ flows: [flow('browser', executions)] }),
    plugins,
    ...(maxCalls !== undefined && { maxPluginCallsPerRequest: maxCalls }),
  });
}

describe('executor: outcomes', () => {
  test('failure-challenge keeps the same execution, shows the error and records an event', async () => {
    const harness = harnessFor([required('identify'), required('otp')], [identify(), codeStep('otp')]);
    const ann = harness.users().add({ email: ANN });
    const login = await harness.start();
    await login.submit({ email: ANN });
    const before = login.challenge();

    const after = await login.submit({ value: '000000' });

    expect(after).toMatchObject({ type: 'challenge', execution: before.execution, step: before.step + 1, view: { view: 'otp', fieldErrors: { value: 'error.invalidCode' } } });
    expect(harness.events('LOGIN_ERROR')).toEqual([
      expect.objectContaining({ error: 'invalid_code', userId: ann.id, details: expect.objectContaining({ execution: 'browser/otp', plugin: 'otp' }) }),
    ]);
    expect(await login.submit({ value: '123456' })).toMatchObject({ type: 'success', userId: ann.id });
  });

  test('failure on a REQUIRED step fails the flow with its error and message', async () => {
    const refuse = fakeAuthenticator('refuse', { authenticate: () => challenge(viewOf('refuse')), action: () => failure('access_denied', 'error.accessDenied') });
    const harness = harnessFor([required('refuse'), required('identify')], [refuse, identify()]);
    const login = await harness.start();

    const result = await login.submit({});

    expect(result).toEqual({ type: 'failure', authSessionId: login.id, error: 'access_denied', message: 'error.accessDenied' });
    expect((await login.state()).statuses['browser/refuse']).toBe('FAILED');
    expect(harness.events('LOGIN_ERROR').map((e) => e.error)).toEqual(['access_denied']);
  });

  test('failure on an ALTERNATIVE step records it as attempted and runs the next one', async () => {
    const harness = harnessFor([alternative('refuse'), alternative(flow('forms', [required('identify')]))], [fixed('refuse', failure('not_here')), identify()]);

    const login = await harness.start();

    expect(login.view).toBe('identify');
    expect((await login.state()).statuses['browser/refuse']).toBe('ATTEMPTED');
    expect(harness.events('LOGIN_ERROR').map((e) => e.error)).toEqual(['not_here']);
  });

  test('reset starts the flow again, forgetting the user, with the flash message on the next step', async () => {
    const notYou = fakeAuthenticator('not-you', { authenticate: () => challenge(viewOf('confirm')), action: (ctx) => (ctx.form.value === 'restart' ? reset('info.startAgain') : success()) });
    const id = identify();
    const harness = harnessFor([required('identify'), required('not-you')], [id, notYou]);
    const ann = harness.users().add({ email: ANN });
    const login = await harness.start();
    await login.submit({ email: ANN });

    const result = await login.submit({ value: 'restart' });

    expect(result).toMatchObject({ type: 'challenge', execution: 'browser/identify', view: { view: 'identify', messages: [{ kind: 'info', text: 'info.startAgain' }] } });
    const state = await login.state();
    expect(state.userId).toBeUndefined();
    expect(state.statuses).toEqual({ 'browser/identify': 'CHALLENGED' });
    expect(state.flashMessage).toBeUndefined();
    expect(id.calls.authenticate).toBe(2);

    await login.submit({ email: ANN });
    expect(login.challenge().view.messages).toBeUndefined();
    expect(await login.submit({ value: 'ok' })).toMatchObject({ type: 'success', userId: ann.id });
  });

  describe('steps that need a user', () => {
    test('REQUIRED without a user fails with unknown_user; the plugin is not called', async () => {
      const otp = codeStep('otp');
      const harness = harnessFor([required('otp')], [otp]);

      const login = await harness.start();

      expect(login.last).toMatchObject({ type: 'failure', error: 'unknown_user' });
      expect(otp.calls.authenticate).toBe(0);
      expect(harness.events('LOGIN_ERROR').map((e) => e.error)).toEqual(['unknown_user']);
    });

    test('ALTERNATIVE without a user counts as attempted; the plugin is not called', async () => {
      const otp = codeStep('otp');
      const harness = harnessFor([alternative('otp'), alternative(flow('forms', [required('identify')]))], [otp, identify()]);

      const login = await harness.start();

      expect(login.view).toBe('identify');
      expect((await login.state()).statuses['browser/otp']).toBe('ATTEMPTED');
      expect(otp.calls.authenticate).toBe(0);
    });

    test('REQUIRED not configured for the user fails with credential_setup_required', async () => {
      const otp = codeStep('otp', '123456', () => false);
      const harness = harnessFor([required('identify'), required('otp')], [identify(), otp]);
      harness.users().add({ email: ANN });
      const login = await harness.start();

      expect(await login.submit({ email: ANN })).toMatchObject({ type: 'failure', error: 'credential_setup_required' });
      expect(otp.calls.authenticate).toBe(0);
    });

    test('ALTERNATIVE not configured for the user counts as attempted and the next one runs', async () => {
      const otp = codeStep('otp', '123456', () => false);
      const methods = flow('methods', [alternative('otp'), alternative('magic')]);
      const harness = harnessFor([required('identify'), required(methods)], [identify(), otp, codeStep('magic')]);
      harness.users().add({ email: ANN });
      const login = await harness.start();

      await login.submit({ email: ANN });

      expect(login.view).toBe('magic');
      expect(login.challenge().alternatives).toEqual([]);
      expect(otp.calls.authenticate).toBe(0);
    });
  });

  test('a disabled user makes the flow fail with user_disabled', async () => {
    const harness = harnessFor([required('identify')], [identify()]);
    harness.users().add({ email: ANN, enabled: false });
    const login = await harness.start();

    expect(await login.submit({ email: ANN })).toMatchObject({ type: 'failure', error: 'user_disabled' });
    expect(harness.events('LOGIN_ERROR').map((e) => e.error)).toEqual(['user_disabled']);
  });

  test('success without any user fails with unknown_user', async () => {
    const harness = harnessFor([required('yes')], [fixed('yes', success())]);
    const login = await harness.start();
    expect(login.last).toMatchObject({ type: 'failure', error: 'unknown_user' });
  });

  describe('faulty plugins', () => {
    test('a plugin that throws fails the step with plugin_error / FG_PLUGIN_ERROR', async () => {
      const boom = fakeAuthenticator('boom', {
        authenticate: () => challenge(viewOf('boom')),
        action: () => {
          throw new Error('database on fire');
        },
      });
      const harness = harnessFor([required('boom')], [boom]);
      const login = await harness.start();

      const result = await login.submit({});

      expect(result).toEqual({ type: 'failure', authSessionId: login.id, error: 'plugin_error', code: 'FG_PLUGIN_ERROR' });
      expect(harness.pluginErrors).toEqual([new Error('database on fire')]);
      expect(harness.events('LOGIN_ERROR').map((e) => e.error)).toEqual(['plugin_error']);
      expect(await login.current()).toMatchObject({ type: 'failure', code: 'FG_PLUGIN_ERROR' });
      // The engine is unharmed: the next sign-in runs as usual.
      expect((await harness.start()).view).toBe('boom');
    });

    test('a throwing ALTERNATIVE still fails the flow: a bug is not "not applicable"', async () => {
      const boom = fakeAuthenticator('boom', {
        authenticate: async () => {
          throw new TypeError('oops');
        },
      });
      const harness = harnessFor([alternative('boom'), alternative('identify')], [boom, identify()]);
      const login = await harness.start();
      expect(login.last).toMatchObject({ type: 'failure', error: 'plugin_error', code: 'FG_PLUGIN_ERROR' });
    });

    test.each<[string, unknown]>([
      ['undefined', undefined],
      ['an unknown type', { type: 'maybe' }],
      ['a challenge without a view', { type: 'challenge' }],
      ['a failure without an error', { type: 'failure' }],
      ['a string', 'success'],
    ])('returning %s fails with invalid_outcome / FG_INVALID_OUTCOME', async (_name, returned) => {
      const odd = fakeAuthenticator('odd', { authenticate: () => returned as Outcome });
      const harness = harnessFor([required('odd')], [odd]);
      const login = await harness.start();
      expect(login.last).toMatchObject({ type: 'failure', error: 'invalid_outcome', code: 'FG_INVALID_OUTCOME' });
      expect(harness.events('LOGIN_ERROR').map((e) => e.error)).toEqual(['invalid_outcome']);
    });

    test('a challenge view that cannot be stored fails with invalid_outcome', async () => {
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      const odd = fakeAuthenticator('odd', { authenticate: () => challenge({ view: 'odd', model: cyclic }) });
      const harness = harnessFor([required('odd')], [odd]);
      const login = await harness.start();
      expect(login.last).toMatchObject({ type: 'failure', error: 'invalid_outcome' });
    });

    test('a condition that throws fails the flow instead of skipping its sub-flow', async () => {
      const otp = codeStep('otp');
      const harness = harnessFor(
        [required('identify'), conditional(flow('second-factor', [condition('broken'), required('otp')]))],
        [identify(), otp, fakeCondition('broken', () => { throw new Error('bug'); })],
      );
      harness.users().add({ email: ANN });
      const login = await harness.start();

      expect(await login.submit({ email: ANN })).toMatchObject({ type: 'failure', error: 'plugin_error', code: 'FG_PLUGIN_ERROR' });
    });

    test('a condition answering a non-boolean fails with invalid_outcome', async () => {
      const harness = harnessFor(
        [required('identify'), conditional(flow('second-factor', [condition('vague'), required('otp')]))],
        [identify(), codeStep('otp'), fakeCondition('vague', () => 'yes')],
      );
      harness.users().add({ email: ANN });
      const login = await harness.start();
      expect(await login.submit({ email: ANN })).toMatchObject({ type: 'failure', error: 'invalid_outcome' });
    });

    test('a plugin that resets forever is stopped with flow_loop / FG_FLOW_LOOP', async () => {
      const again = fixed('again', reset());
      const harness = harnessFor([required('again')], [again], 10);
      const login = await harness.start();
      expect(login.last).toMatchObject({ type: 'failure', error: 'flow_loop', code: 'FG_FLOW_LOOP' });
      expect(again.calls.authenticate).toBe(10);
    });

    test('a plugin missing from the registry fails with plugin_error', async () => {
      const harness = harnessFor([required('identify')], []);
      const login = await harness.start();
      expect(login.last).toMatchObject({ type: 'failure', error: 'plugin_error', code: 'FG_PLUGIN_ERROR' });
    });

    test('setUser with a user of another realm is refused as a plugin error', async () => {
      const sneaky = fakeAuthenticator('sneaky', {
        authenticate: (ctx) => {
          ctx.setUser({ id: 'x', realm: 'other', email: 'x@example.com', emailVerified: true, enabled: true, attributes: {}, requiredActions: [], createdAt: 0 });
          return success();
        },
      });
      const harness = harnessFor([required('sneaky')], [sneaky]);
      const login = await harness.start();
      expect(login.last).toMatchObject({ type: 'failure', error: 'plugin_error' });
    });
  });

  describe('plugin context', () => {
    test('notes are private to an execution and survive between requests', async () => {
      const seen: unknown[] = [];
      const noter = fakeAuthenticator('noter', {
        authenticate: (ctx) => {
          ctx.notes.set('sent', { count: 1 });
          return challenge(viewOf('noter'));
        },
        action: (ctx) => {
          seen.push(ctx.notes.get('sent'));
          return success();
        },
      });
      const peeker = fakeAuthenticator('peeker', {
        authenticate: (ctx) => {
          seen.push(ctx.notes.get('sent'));
          return success();
        },
      });
      const harness = harnessFor([required('identify'), required('noter'), required('peeker')], [identify(), noter, peeker]);
      harness.users().add({ email: ANN });
      const login = await harness.start();
      await login.submit({ email: ANN });
      expect((await login.state()).notes).toEqual({ 'browser/noter': { sent: { count: 1 } } });

      await login.submit({});

      expect(seen).toEqual([{ count: 1 }, undefined]);
    });

    test('config is validated with defaults filled in, frozen, and the login hint is the first identifier', async () => {
      const seen: unknown[] = [];
      const configured = fakeAuthenticator('configured', {
        configSchema: { type: 'object', properties: { length: { type: 'integer', default: 6 }, label: { type: 'string' } } },
        authenticate: (ctx) => {
          seen.push(ctx.config, Object.isFrozen(ctx.config), ctx.attemptedIdentifier, ctx.authSession.locale, ctx.execution);
          return attempted();
        },
      });
      const realm = buildRealm({ flows: [flow('browser', [alternative('configured', { config: { label: 'x' } }), alternative('identify')])] });
      const harness = new FlowHarness({ realms: realm, plugins: [configured, identify()] });

      await harness.start({ loginHint: ' ann@example.com ', locale: 'de' });

      expect(seen).toEqual([{ length: 6, label: 'x' }, true, ANN, 'de', { id: 'browser/configured', requirement: 'ALTERNATIVE', flowAlias: 'browser' }]);
    });

    test('form values are strings only, cut to one past the field maxLength so "too long" stays visible', async () => {
      const forms: unknown[] = [];
      const taker = fakeAuthenticator('taker', {
        authenticate: () => challenge({ view: 'taker', fields: [{ name: 'code', type: 'code', label: 'field.code', maxLength: 6 }] }),
        action: (ctx) => {
          forms.push({ ...ctx.form });
          return failure('done');
        },
      });
      const harness = harnessFor([required('taker')], [taker]);
      const login = await harness.start();
      await harness.executor.submit(login.id, { execution: 'browser/taker', step: 0, form: { code: '1234567890', other: 'ok', list: ['a'], n: 1 } });
      expect(forms).toEqual([{ code: '1234567', other: 'ok' }]);
    });
  });
});
