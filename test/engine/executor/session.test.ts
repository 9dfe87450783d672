import { isFlowgateError } from '../../../src/errors';
import { challenge, success } from '../../../src/spi';
import { buildRealm, flow, required } from '../../../src/testing/flow-builder';
import { FlowHarness } from '../../../src/testing/flow-harness';
import { codeStep, fakeAuthenticator, fixed, identify, viewOf } from './fake-plugins';

const ANN = 'ann@example.com';

function setup(loginTimeoutSeconds = 1800) {
  const id = identify();
  const otp = codeStep('otp');
  const harness = new FlowHarness({
    realms: buildRealm({ flows: [flow('browser', [required('identify'), required('otp')])], settings: { loginTimeoutSeconds } }),
    plugins: [id, otp],
  });
  const ann = harness.users().add({ email: ANN });
  return { harness, id, otp, ann };
}

describe('executor: session guards', () => {
  test('refresh (current) re-renders the step without running the plugin again', async () => {
    const { harness, id } = setup();
    const login = await harness.start();
    const shown = login.challenge();

    const again = await login.current();
    const twice = await login.current();

    expect(again).toEqual(shown);
    expect(twice).toEqual(shown);
    expect(id.calls.authenticate).toBe(1);
  });

  test('a replayed old step is refused with FG_STALE_STEP and changes nothing', async () => {
    const { harness, otp } = setup();
    const login = await harness.start();
    const first = login.challenge();
    await login.submit({ email: ANN });
    const stateBefore = await login.state();

    await expect(harness.executor.submit(login.id, { execution: first.execution, step: first.step, form: { email: ANN } })).rejects.toMatchObject({
      code: 'FG_STALE_STEP',
    });
    await expect(login.submit({ value: '123456' }, { step: first.step })).rejects.toMatchObject({ code: 'FG_STALE_STEP' });

    expect(await login.state()).toEqual(stateBefore);
    expect(otp.calls.action).toBe(0);
  });

  test('a submission naming another execution than the current one is stale', async () => {
    const { harness } = setup();
    const login = await harness.start();
    await expect(login.submit({ value: '123456' }, { execution: 'browser/otp' })).rejects.toMatchObject({ code: 'FG_STALE_STEP' });
    await expect(login.submit({}, { execution: 'browser/nope' })).rejects.toMatchObject({ code: 'FG_STALE_STEP' });
  });

  test('a submission to a step without action is answered as stale', async () => {
    const noAction = fakeAuthenticator('notice', { authenticate: () => challenge(viewOf('notice')) });
    const harness = new FlowHarness({ realms: buildRealm({ flows: [flow('browser', [required('notice')])] }), plugins: [noAction] });
    const login = await harness.start();
    await expect(login.submit({})).rejects.toMatchObject({ code: 'FG_STALE_STEP' });
  });

  test('of two concurrent submissions of one page, exactly one advances and the plugin runs once', async () => {
    const { harness, otp, ann } = setup();
    const login = await harness.start();
    await login.submit({ email: ANN });
    const { execution, step } = login.challenge();

    const results = await Promise.allSettled([
      harness.executor.submit(login.id, { execution, step, form: { value: '123456' } }),
      harness.executor.submit(login.id, { execution, step, form: { value: '123456' } }),
    ]);

    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(fulfilled).toEqual([{ status: 'fulfilled', value: { type: 'success', authSessionId: login.id, userId: ann.id } }]);
    expect(rejected).toHaveLength(1);
    expect(isFlowgateError(rejected[0]!.reason, 'FG_STALE_STEP')).toBe(true);
    expect(otp.calls.action).toBe(1);
  });

  test('after the login timeout the session is expired (ManualClock), and restart revives it', async () => {
    const { harness, ann } = setup(600);
    const login = await harness.start();
    harness.clock.advanceSeconds(599);
    await login.submit({ email: ANN });
    harness.clock.advanceSeconds(1);

    await expect(login.submit({ value: '123456' })).rejects.toMatchObject({ code: 'FG_AUTH_SESSION_EXPIRED' });
    await expect(login.current()).rejects.toMatchObject({ code: 'FG_AUTH_SESSION_EXPIRED' });

    const restarted = await login.restart();
    expect(restarted).toMatchObject({ type: 'challenge', view: { view: 'identify' } });
    expect((await login.state()).expiresAt).toBe(harness.clock.now() + 600_000);
    await login.submit({ email: ANN });
    expect(await login.submit({ value: '123456' })).toMatchObject({ type: 'success', userId: ann.id });
  });

  test('a finished flow refuses further steps with FG_FLOW_FINISHED; current returns its result', async () => {
    const { harness, ann } = setup();
    const login = await harness.start();
    await login.submit({ email: ANN });
    const { execution, step } = login.challenge();
    await login.submit({ value: '123456' });

    await expect(harness.executor.submit(login.id, { execution, step: step + 1, form: {} })).rejects.toMatchObject({ code: 'FG_FLOW_FINISHED' });
    await expect(harness.executor.restart(login.id)).rejects.toMatchObject({ code: 'FG_FLOW_FINISHED' });
    expect(await login.current()).toEqual({ type: 'success', authSessionId: login.id, userId: ann.id });
  });

  test('a failed flow can be restarted', async () => {
    const harness = new FlowHarness({ realms: buildRealm({ flows: [flow('browser', [required('identify'), required('yes')])] }), plugins: [identify(), fixed('yes', success())] });
    harness.users().add({ email: ANN, enabled: false });
    const login = await harness.start();
    await login.submit({ email: ANN });
    expect(login.last).toMatchObject({ type: 'failure', error: 'user_disabled' });

    expect(await login.restart()).toMatchObject({ type: 'challenge', view: { view: 'identify' } });
    expect((await login.state()).result).toBeUndefined();
  });

  test('an unknown session is FG_AUTH_SESSION_NOT_FOUND', async () => {
    const { harness } = setup();
    await expect(harness.executor.current('nope')).rejects.toMatchObject({ code: 'FG_AUTH_SESSION_NOT_FOUND' });
    await expect(harness.executor.submit('nope', { execution: 'browser/identify', step: 0, form: {} })).rejects.toMatchObject({ code: 'FG_AUTH_SESSION_NOT_FOUND' });
    await expect(harness.executor.restart('nope')).rejects.toMatchObject({ code: 'FG_AUTH_SESSION_NOT_FOUND' });
  });

  test('every change moves the step on; only the current step is accepted', async () => {
    const { harness } = setup();
    const login = await harness.start();
    expect(login.challenge().step).toBe(0);
    await login.submit({ email: 'nobody@example.com' });
    expect(login.challenge()).toMatchObject({ step: 1, view: { view: 'identify', fieldErrors: { email: 'error.unknownUser' } } });
    await login.submit({ email: ANN });
    expect(login.challenge()).toMatchObject({ step: 2, view: { view: 'otp' } });
    expect((await login.state()).step).toBe(2);
  });
});
