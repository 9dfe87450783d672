import { attempted, challenge, success } from '../../../src/spi';
import { alternative, buildRealm, flow, required } from '../../../src/testing/flow-builder';
import { FlowHarness } from '../../../src/testing/flow-harness';
import { codeStep, fakeAuthenticator, fixed, identify, viewOf } from './fake-plugins';

const ANN = 'ann@example.com';
const KEY_HOLDER = 'key@example.com';

/** A mail step that needs no account: shows view `<id>` (counting its "mails") and succeeds on `value` = `code`. */
function mailStep(id: string, code: string) {
  return fakeAuthenticator(id, {
    authenticate: () => challenge(viewOf(id)),
    action: (ctx) => (ctx.form.value === code ? success() : challenge(viewOf(id))),
  });
}

// cookie | forms{ identify, methods[askFirst]{ key | magic | otp } }: the shipped browser flow's shape,
// with `key` a passkey-like step that needs an account set up for it.
function setup(askFirst = true) {
  const key = codeStep('key', 'k', (user) => user.email === KEY_HOLDER);
  const magic = mailStep('magic', 'link');
  const otp = mailStep('otp', '123456');
  const browser = flow('browser', [
    alternative('cookie'),
    alternative(flow('forms', [required('identify'), required(flow('methods', [alternative('key'), alternative('magic'), alternative('otp')]), { askFirst })])),
  ]);
  const harness = new FlowHarness({ realms: buildRealm({ flows: [browser] }), plugins: [fixed('cookie', attempted()), identify(), key, magic, otp] });
  const ann = harness.users().add({ email: ANN });
  harness.users().add({ email: KEY_HOLDER });
  return { harness, key, magic, otp, ann };
}

describe('executor: ask first (askFirst)', () => {
  test('the page before the sub-flow lists its alternatives that need no account, in flow order; "try another way" is unchanged', async () => {
    const { harness } = setup();
    const login = await harness.start();
    expect(login.challenge()).toMatchObject({
      execution: 'forms/identify',
      choices: [
        { id: 'methods/magic', displayKey: 'authenticator.magic', displayName: 'Fake magic' },
        { id: 'methods/otp', displayKey: 'authenticator.otp', displayName: 'Fake otp' },
      ],
      alternatives: [],
    });
  });

  test('choosing the second one enters the sub-flow at it: only it runs (one mail), as if "try another way" had chosen it', async () => {
    const { harness, magic, otp, ann } = setup();
    const login = await harness.start();
    await login.submit({ email: ANN }, { choice: 'methods/otp' });
    expect(login.challenge()).toMatchObject({ execution: 'methods/otp', view: { view: 'otp' } });
    expect(login.challenge().choices).toBeUndefined();
    expect([magic.calls.authenticate, otp.calls.authenticate]).toEqual([0, 1]);
    expect((await login.state()).selected).toEqual({ 'forms/methods': 'methods/otp' });
    // "Try another way" from there still lists the rest of the level, through the same selection.
    expect(login.challenge().alternatives.map((a) => a.id)).toEqual(['methods/key', 'methods/magic', 'methods/otp']);
    expect(await login.submit({ value: '123456' })).toMatchObject({ type: 'success', userId: ann.id });
    expect(magic.calls.authenticate).toBe(0);
  });

  test('the default (first) choice, or no choice at all, runs as before', async () => {
    const { harness, magic, otp } = setup();
    const first = await harness.start();
    await first.submit({ email: ANN }, { choice: 'methods/magic' });
    expect(first.challenge()).toMatchObject({ execution: 'methods/magic' });
    const plain = await harness.start();
    await plain.submit({ email: ANN });
    expect(plain.challenge()).toMatchObject({ execution: 'methods/magic' });
    expect([magic.calls.authenticate, otp.calls.authenticate]).toEqual([2, 0]);
    // Without a choice the flow order holds: an account with the key gets the key step first.
    const holder = await harness.start();
    await holder.submit({ email: KEY_HOLDER });
    expect(holder.challenge()).toMatchObject({ execution: 'methods/key' });
  });

  test('what is offered does not depend on the account: the same for known, unknown and key-holding addresses', async () => {
    const { harness, magic, otp } = setup();
    for (const email of [ANN, 'nobody@example.com', KEY_HOLDER]) {
      const login = await harness.start();
      const offered = login.challenge().choices;
      await login.submit({ email }, { choice: 'methods/otp' });
      expect(offered?.map((c) => c.id)).toEqual(['methods/magic', 'methods/otp']);
    }
    // Unknown address: the identify step re-asks (as always), and nothing was mailed.
    expect(magic.calls.authenticate).toBe(0);
    expect(otp.calls.authenticate).toBe(2);
  });

  test.each([
    ['an unknown id', 'methods/nope'],
    ['an alternative that needs an account', 'methods/key'],
    ['an execution of another level', 'browser/cookie'],
    ['the sub-flow itself', 'forms/methods'],
  ])('%s is refused with FG_CHOICE_NOT_OFFERED and changes nothing', async (_what, choice) => {
    const { harness, magic, otp } = setup();
    const login = await harness.start();
    const before = await login.state();
    await expect(login.submit({ email: ANN }, { choice })).rejects.toMatchObject({ code: 'FG_CHOICE_NOT_OFFERED' });
    expect(await login.state()).toEqual(before);
    expect([magic.calls.authenticate, otp.calls.authenticate]).toEqual([0, 0]);
    // The page still works.
    await login.submit({ email: ANN }, { choice: 'methods/otp' });
    expect(login.challenge()).toMatchObject({ execution: 'methods/otp' });
  });

  test('a re-asked page: the last answer decides (a choice, then none, is flow order)', async () => {
    const { harness } = setup();
    const login = await harness.start();
    await login.submit({ email: 'nobody@example.com' }, { choice: 'methods/otp' });
    expect(login.challenge()).toMatchObject({ execution: 'forms/identify', choices: [{ id: 'methods/magic' }, { id: 'methods/otp' }] });
    await login.submit({ email: ANN });
    expect(login.challenge()).toMatchObject({ execution: 'methods/magic' });
  });

  test('without askFirst nothing is asked and a choice is ignored (the field is the plugin\'s)', async () => {
    const { harness } = setup(false);
    const login = await harness.start();
    expect(login.challenge().choices).toBeUndefined();
    await login.submit({ email: ANN }, { choice: 'methods/otp' });
    expect(login.challenge()).toMatchObject({ execution: 'methods/magic' });
  });
});
