import { attempted, challenge, failure, success } from '../../../src/spi';
import { alternative, buildRealm, condition, conditional, disabled, flow, required } from '../../../src/testing/flow-builder';
import { FlowHarness } from '../../../src/testing/flow-harness';
import { codeStep, fakeAuthenticator, fakeCondition, fixed, identify, viewOf } from './fake-plugins';

const ANN = 'ann@example.com';

describe('executor: flow semantics', () => {
  test('a REQUIRED chain runs each step in order and ends with the user', async () => {
    const realm = buildRealm({ flows: [flow('browser', [required('identify'), required('otp')])] });
    const harness = new FlowHarness({ realms: realm, plugins: [identify(), codeStep('otp')] });
    const ann = harness.users().add({ email: ANN });

    const login = await harness.start();
    expect(login.view).toBe('identify');
    await login.submit({ email: ANN });
    expect(login.view).toBe('otp');
    const result = await login.submit({ value: '123456' });

    expect(result).toEqual({ type: 'success', authSessionId: login.id, userId: ann.id });
    expect((await login.state()).result).toEqual({ type: 'success', userId: ann.id });
  });

  test('an attempted ALTERNATIVE lets the next one run; the first success wins', async () => {
    const cookie = fixed('cookie', attempted());
    const never = fixed('never', success());
    const realm = buildRealm({
      flows: [flow('browser', [alternative('cookie'), alternative(flow('forms', [required('identify')])), alternative('never')])],
    });
    const harness = new FlowHarness({ realms: realm, plugins: [cookie, identify(), never] });
    const ann = harness.users().add({ email: ANN });

    const login = await harness.start();
    expect(login.view).toBe('identify');
    expect(await login.submit({ email: ANN })).toMatchObject({ type: 'success', userId: ann.id });
    expect(never.calls.authenticate).toBe(0);
  });

  test('an attempted execution is never run again in the same session', async () => {
    const cookie = fixed('cookie', attempted());
    const realm = buildRealm({ flows: [flow('browser', [alternative('cookie'), alternative(flow('forms', [required('identify'), required('otp')]))])] });
    const harness = new FlowHarness({ realms: realm, plugins: [cookie, identify(), codeStep('otp')] });
    harness.users().add({ email: ANN });

    const login = await harness.start();
    await login.submit({ email: ANN });
    await login.submit({ value: 'wrong' });
    expect(login.view).toBe('otp');
    await login.submit({ value: '123456' });

    expect(login.last.type).toBe('success');
    expect(cookie.calls.authenticate).toBe(1);
  });

  test('a failing ALTERNATIVE sub-flow lets the next alternative run', async () => {
    const fallback = fakeAuthenticator('fallback', { authenticate: () => challenge(viewOf('fallback')), action: () => success() });
    const realm = buildRealm({
      flows: [flow('browser', [alternative(flow('first', [required('identify'), required('refuse')])), alternative('fallback')])],
    });
    const harness = new FlowHarness({ realms: realm, plugins: [identify(), fixed('refuse', attempted()), fallback] });
    harness.users().add({ email: ANN });

    const login = await harness.start();
    await login.submit({ email: ANN });
    expect(login.view).toBe('fallback');
    expect(await login.submit({})).toMatchObject({ type: 'success' });
  });

  test('success deep in nested sub-flows propagates to the top', async () => {
    const realm = buildRealm({
      flows: [
        flow('browser', [
          alternative('cookie'),
          alternative(flow('forms', [required('identify'), required(flow('methods', [alternative('magic'), alternative('otp')]))])),
        ]),
      ],
    });
    const harness = new FlowHarness({ realms: realm, plugins: [fixed('cookie', attempted()), identify(), codeStep('magic'), codeStep('otp')] });
    const ann = harness.users().add({ email: ANN });

    const login = await harness.start();
    await login.submit({ email: ANN });
    expect(login.challenge()).toMatchObject({ execution: 'methods/magic', view: { view: 'magic' } });
    expect(await login.submit({ value: '123456' })).toMatchObject({ type: 'success', userId: ann.id });
  });

  test('a level where nothing succeeded fails the flow, with an event', async () => {
    const realm = buildRealm({ flows: [flow('browser', [required('identify'), required('refuse')])] });
    const harness = new FlowHarness({ realms: realm, plugins: [identify(), fixed('refuse', attempted())] });
    const ann = harness.users().add({ email: ANN });

    const login = await harness.start();
    const result = await login.submit({ email: ANN });

    expect(result).toEqual({ type: 'failure', authSessionId: login.id, error: 'authentication_failed' });
    expect(harness.events('LOGIN_ERROR')).toEqual([expect.objectContaining({ error: 'authentication_failed', userId: ann.id, realm: 'test' })]);
  });

  test('all alternatives attempted fail the flow', async () => {
    const realm = buildRealm({ flows: [flow('browser', [alternative('a'), alternative('b')])] });
    const harness = new FlowHarness({ realms: realm, plugins: [fixed('a', attempted()), fixed('b', failure('nope'))] });

    const login = await harness.start();

    // The flow fails with the last way's own reason, recorded once.
    expect(login.last).toMatchObject({ type: 'failure', error: 'nope' });
    expect(harness.events('LOGIN_ERROR').map((e) => e.error)).toEqual(['nope']);
  });

  test('a REQUIRED failure inside an ALTERNATIVE sub-flow fails only that alternative (Keycloak)', async () => {
    const fallback = fakeAuthenticator('fallback', { authenticate: () => challenge(viewOf('fallback')), action: () => success() });
    const realm = buildRealm({
      flows: [flow('browser', [alternative(flow('first', [required('identify'), required('deny')])), alternative('fallback')])],
    });
    const harness = new FlowHarness({ realms: realm, plugins: [identify(), fixed('deny', failure('access_denied', 'error.accessDenied')), fallback] });
    harness.users().add({ email: ANN });

    const login = await harness.start();
    await login.submit({ email: ANN });
    expect(login.view).toBe('fallback');
    expect(harness.events('LOGIN_ERROR').map((e) => e.error)).toEqual(['access_denied']);
    expect(await login.submit({})).toMatchObject({ type: 'success' });
  });

  test('when no alternative is left, the flow fails with the nested failure\'s reason and message', async () => {
    const realm = buildRealm({
      flows: [flow('browser', [alternative('cookie'), alternative(flow('forms', [required('identify'), required('deny')]))])],
    });
    const harness = new FlowHarness({
      realms: realm,
      plugins: [fixed('cookie', attempted()), identify(), fixed('deny', failure('access_denied', 'error.noSignInMethod'))],
    });
    harness.users().add({ email: ANN });

    const login = await harness.start();
    const result = await login.submit({ email: ANN });
    expect(result).toEqual({ type: 'failure', authSessionId: login.id, error: 'access_denied', message: 'error.noSignInMethod' });
    expect(harness.events('LOGIN_ERROR').map((e) => e.error)).toEqual(['access_denied']);
  });

  test('DISABLED executions and sub-flows are never called', async () => {
    const off = fixed('off', success());
    const realm = buildRealm({ flows: [flow('browser', [disabled('off'), required('identify'), disabled(flow('sub', [required('off')]))])] });
    const harness = new FlowHarness({ realms: realm, plugins: [off, identify()] });
    harness.users().add({ email: ANN });

    const login = await harness.start();
    await login.submit({ email: ANN });

    expect(login.last.type).toBe('success');
    expect(off.calls.authenticate).toBe(0);
  });

  describe('CONDITIONAL sub-flows', () => {
    const conditionalFlow = flow('browser', [
      required('identify'),
      conditional(flow('second-factor', [condition('has-otp'), condition('ignored', { requirement: 'DISABLED' }), required('otp')])),
    ]);

    test('all conditions true: the sub-flow runs as REQUIRED', async () => {
      const hasOtp = fakeCondition('has-otp', true, { requiresUser: true });
      const ignored = fakeCondition('ignored', false);
      const harness = new FlowHarness({ realms: buildRealm({ flows: [conditionalFlow] }), plugins: [identify(), codeStep('otp'), hasOtp, ignored] });
      harness.users().add({ email: ANN });

      const login = await harness.start();
      await login.submit({ email: ANN });
      expect(login.view).toBe('otp');
      expect(await login.submit({ value: '123456' })).toMatchObject({ type: 'success' });
      expect(ignored.calls.matches).toBe(0);
    });

    test('a false condition skips the sub-flow', async () => {
      const otp = codeStep('otp');
      const harness = new FlowHarness({
        realms: buildRealm({ flows: [conditionalFlow] }),
        plugins: [identify(), otp, fakeCondition('has-otp', false), fakeCondition('ignored', true)],
      });
      harness.users().add({ email: ANN });

      const login = await harness.start();
      expect(await login.submit({ email: ANN })).toMatchObject({ type: 'success' });
      expect(otp.calls.authenticate).toBe(0);
    });

    test('a condition needing a user does not match without one, and is not called', async () => {
      const hasOtp = fakeCondition('has-otp', true, { requiresUser: true });
      const early = flow('browser', [conditional(flow('second-factor', [condition('has-otp'), required('otp')])), required('identify')]);
      const harness = new FlowHarness({ realms: buildRealm({ flows: [early] }), plugins: [identify(), codeStep('otp'), hasOtp] });
      harness.users().add({ email: ANN });

      const login = await harness.start();
      expect(login.view).toBe('identify');
      expect(hasOtp.calls.matches).toBe(0);
    });

    test('conditions see the identified user and their sub-flow siblings', async () => {
      const seen: unknown[] = [];
      const hasOtp = fakeCondition('has-otp', async (ctx) => {
        seen.push(ctx.user?.email, ctx.siblings.map((s) => `${s.authenticator}:${s.requirement}`));
        return ctx.siblings[0]!.configuredFor(ctx.user!);
      });
      const otp = codeStep('otp', '123456', (user) => user.email === ANN);
      const harness = new FlowHarness({ realms: buildRealm({ flows: [conditionalFlow] }), plugins: [identify(), otp, hasOtp, fakeCondition('ignored', true)] });
      harness.users().add({ email: ANN });

      const login = await harness.start();
      await login.submit({ email: ANN });

      expect(login.view).toBe('otp');
      expect(seen).toEqual([ANN, ['otp:REQUIRED']]);
    });
  });
});
