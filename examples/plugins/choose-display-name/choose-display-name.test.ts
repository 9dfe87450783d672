import { FlowHarness, type HarnessLogin, type TextDocument } from '../../../src/plugin-kit';
import { CHOOSE_DISPLAY_NAME_VIEW, checkDisplayName, DISPLAY_NAME_MESSAGES, DISPLAY_NAME_PROBLEMS, plugins } from './index';

const ANN = 'ann@example.com';

/** Identify by email; the realm enables the action with `config`. */
function realmWith(config?: Record<string, unknown>): TextDocument[] {
  const browser = { alias: 'browser', executions: [{ authenticator: 'identify-email', requirement: 'REQUIRED' }] };
  const realm = { realm: 'test', bindings: { browser: 'browser' }, requiredActions: { 'choose-display-name': { ...(config && { config }) } } };
  return [
    { file: 'browser.json', text: JSON.stringify(browser) },
    { file: 'test.realm.json', text: JSON.stringify(realm) },
  ];
}

async function signIn(harness: FlowHarness, start: Parameters<FlowHarness['start']>[0] = {}): Promise<HarnessLogin> {
  const login = await harness.start(start);
  await login.submit({ email: ANN });
  return login;
}

describe('choose-display-name', () => {
  test('asks someone without a name, explains what is wrong until the name is acceptable, then stores it', async () => {
    const harness = FlowHarness.fromFlows(realmWith(), { plugins });
    const ann = harness.users().add({ email: ANN });
    const login = await signIn(harness);

    expect(login.challenge()).toMatchObject({
      execution: 'required-action/choose-display-name',
      view: { view: CHOOSE_DISPLAY_NAME_VIEW, messages: [{ kind: 'info', text: DISPLAY_NAME_MESSAGES.rules, params: { min: 2, max: 40 } }] },
    });
    for (const [typed, problem] of [
      ['A', DISPLAY_NAME_PROBLEMS.length],
      ['ann@example.com', DISPLAY_NAME_PROBLEMS.email],
      ['ＡＤＭＩＮ', DISPLAY_NAME_PROBLEMS.reserved],
    ] as const) {
      await login.submit({ displayName: typed });
      expect(login.challenge().view).toMatchObject({ fieldErrors: { displayName: problem }, fields: [expect.objectContaining({ value: typed })] });
    }

    expect(await login.submit({ displayName: '  Ann   Lee ' })).toMatchObject({ type: 'success', userId: ann.id });
    expect((await harness.users().findById(ann.id))?.attributes).toEqual({ displayName: ['Ann Lee'] });
    expect(harness.events('DISPLAY_NAME_CHOSEN')).toEqual([expect.objectContaining({ userId: ann.id })]);
    expect(harness.events('LOGIN_ERROR')).toEqual([]);
  });

  test('does not ask someone who has a name; an application may ask again (kc_action), with the name filled in', async () => {
    const harness = FlowHarness.fromFlows(realmWith({ maxLength: 20 }), { plugins });
    const ann = harness.users().add({ email: ANN, attributes: { displayName: ['Ann'] } });
    expect((await signIn(harness)).last).toMatchObject({ type: 'success', userId: ann.id });

    const asked = await signIn(harness, { requestedAction: 'choose-display-name' });
    expect(asked.challenge().view).toMatchObject({ fields: [expect.objectContaining({ value: 'Ann', maxLength: 20 })] });
    expect(await asked.submit({ displayName: 'Annie' })).toMatchObject({ type: 'success', kcActionStatus: 'success' });
    expect((await harness.users().findById(ann.id))?.attributes['displayName']).toEqual(['Annie']);
  });

  test.each([
    ['Ann', undefined],
    ['Zoë 🙂', undefined],
    ['A', DISPLAY_NAME_PROBLEMS.length],
    ['x'.repeat(41), DISPLAY_NAME_PROBLEMS.length],
    ['🙂'.repeat(40), undefined],
    ['An\u200Bn', DISPLAY_NAME_PROBLEMS.characters],
    ['Ann\u202Eeil', DISPLAY_NAME_PROBLEMS.characters],
    ['ann at example@home', DISPLAY_NAME_PROBLEMS.email],
    ['Support', DISPLAY_NAME_PROBLEMS.reserved],
  ])('checkDisplayName(%j) -> %s', (name, problem) => {
    expect(checkDisplayName(name, { minLength: 2, maxLength: 40, reserved: ['admin', 'support'] })).toBe(problem);
  });
});
