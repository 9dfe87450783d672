import { attempted, challenge } from '../../../src/spi';
import { SELECT_AUTHENTICATOR_VIEW } from '../../../src/engine/executor';
import { alternative, buildRealm, flow, required } from '../../../src/testing/flow-builder';
import { FlowHarness } from '../../../src/testing/flow-harness';
import { codeStep, fakeAuthenticator, fixed, identify, viewOf } from './fake-plugins';

const ANN = 'ann@example.com';

// cookie | forms{ identify, methods{ magic | otp } }, as the shipped browser flow.
function setup() {
  const magic = codeStep('magic', 'link');
  const otp = codeStep('otp', '123456');
  const browser = flow('browser', [
    alternative('cookie'),
    alternative(flow('forms', [required('identify'), required(flow('methods', [alternative('magic'), alternative('otp')], 'Passwordless methods'))])),
  ]);
  const harness = new FlowHarness({ realms: buildRealm({ flows: [browser] }), plugins: [fixed('cookie', attempted()), identify(), magic, otp] });
  const ann = harness.users().add({ email: ANN });
  return { harness, magic, otp, ann };
}

async function atMagicLink(harness: FlowHarness) {
  const login = await harness.start();
  await login.submit({ email: ANN });
  return login;
}

describe('executor: try another way', () => {
  test('a challenge lists the other ways of its level', async () => {
    const { harness } = setup();
    const login = await atMagicLink(harness);
    expect(login.challenge()).toMatchObject({
      execution: 'methods/magic',
      alternatives: [
        { id: 'methods/magic', displayKey: 'authenticator.magic', displayName: 'Fake magic' },
        { id: 'methods/otp', displayKey: 'authenticator.otp', displayName: 'Fake otp' },
      ],
    });
  });

  test('the chooser shows the options; a refresh shows it again without running plugins', async () => {
    const { harness, magic } = setup();
    const login = await atMagicLink(harness);
    const { step } = login.challenge();

    const chooser = await login.tryAnotherWay();

    expect(chooser).toMatchObject({ type: 'challenge', execution: 'methods/magic', step: step + 1 });
    expect(login.challenge().view).toEqual({
      view: SELECT_AUTHENTICATOR_VIEW,
      model: { options: login.challenge().alternatives },
      fields: [
        {
          name: 'choice',
          type: 'select',
          label: 'field.authenticator',
          required: true,
          options: [
            { value: 'methods/magic', label: 'authenticator.magic' },
            { value: 'methods/otp', label: 'authenticator.otp' },
          ],
        },
      ],
    });
    expect(await login.current()).toEqual(chooser);
    expect(magic.calls.authenticate).toBe(1);
  });

  test('switching between two alternatives, back and forth, then finishing with the chosen one', async () => {
    const { harness, magic, otp, ann } = setup();
    const login = await atMagicLink(harness);

    await login.tryAnotherWay();
    await login.select('methods/otp');
    expect(login.challenge()).toMatchObject({ execution: 'methods/otp', view: { view: 'otp' } });
    let state = await login.state();
    expect(state.selected).toEqual({ 'forms/methods': 'methods/otp' });
    expect(state.statuses['methods/magic']).toBeUndefined();

    await login.select('methods/magic');
    expect(login.challenge()).toMatchObject({ execution: 'methods/magic', view: { view: 'magic' } });
    expect(magic.calls.authenticate).toBe(2);

    await login.tryAnotherWay();
    await login.select('methods/otp');
    expect(await login.submit({ value: '123456' })).toMatchObject({ type: 'success', userId: ann.id });
    expect(otp.calls.authenticate).toBe(2);
    expect(magic.calls.action).toBe(0);
  });

  test('after the chosen way is attempted, the one left behind runs again', async () => {
    const harness = new FlowHarness({
      realms: buildRealm({ flows: [flow('browser', [required('identify'), required(flow('methods', [alternative('magic'), alternative('nothing')]))])] }),
      plugins: [identify(), codeStep('magic', 'link'), fixed('nothing', attempted())],
    });
    harness.users().add({ email: ANN });
    const login = await atMagicLink(harness);

    await login.select('methods/nothing');

    expect(login.challenge()).toMatchObject({ execution: 'methods/magic', alternatives: [] });
  });

  test('an option that is not offered is FG_SELECTION_NOT_ALLOWED and changes nothing', async () => {
    const { harness } = setup();
    const login = await atMagicLink(harness);
    await login.tryAnotherWay();
    const before = await login.state();

    for (const choice of ['browser/cookie', 'forms/identify', 'browser/forms', 'nowhere/x']) {
      await expect(login.select(choice)).rejects.toMatchObject({ code: 'FG_SELECTION_NOT_ALLOWED' });
    }
    expect(await login.state()).toEqual(before);
  });

  test('"try another way" where there is none is FG_SELECTION_NOT_ALLOWED', async () => {
    const { harness } = setup();
    const login = await harness.start();
    expect(login.challenge().alternatives).toEqual([]);
    await expect(login.tryAnotherWay()).rejects.toMatchObject({ code: 'FG_SELECTION_NOT_ALLOWED' });
  });

  test('the page shown before the chooser is stale once the chooser is shown', async () => {
    const { harness } = setup();
    const login = await atMagicLink(harness);
    const page = login.challenge();
    await login.tryAnotherWay();

    await expect(harness.executor.submit(login.id, { execution: page.execution, step: page.step, form: { value: 'link' } })).rejects.toMatchObject({ code: 'FG_STALE_STEP' });
    await expect(login.submit({ value: 'link' })).rejects.toMatchObject({ code: 'FG_STALE_STEP' });
    await expect(login.select('methods/otp', { step: page.step })).rejects.toMatchObject({ code: 'FG_STALE_STEP' });
  });

  test('a whole sub-flow can be the other way at the top level', async () => {
    const browser = flow('browser', [
      alternative('cookie'),
      alternative('passkey'),
      alternative(flow('forms', [required('identify'), required('otp')], 'Email and code')),
    ]);
    const passkey = fakeAuthenticator('passkey', { authenticate: () => challenge(viewOf('passkey')), action: () => attempted() });
    const harness = new FlowHarness({ realms: buildRealm({ flows: [browser] }), plugins: [fixed('cookie', attempted()), passkey, identify(), codeStep('otp')] });
    harness.users().add({ email: ANN });

    const login = await harness.start();
    expect(login.challenge()).toMatchObject({
      execution: 'browser/passkey',
      alternatives: [
        { id: 'browser/passkey', displayName: 'Fake passkey' },
        { id: 'browser/forms', displayKey: 'flow.forms', displayName: 'Email and code' },
      ],
    });

    await login.select('browser/forms');
    expect(login.challenge()).toMatchObject({ execution: 'forms/identify', alternatives: [{ id: 'browser/passkey' }, { id: 'browser/forms' }] });
    await login.submit({ email: ANN });
    expect(await login.submit({ value: '123456' })).toMatchObject({ type: 'success' });
  });
});
