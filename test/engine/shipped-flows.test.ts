import path from 'node:path';
import { FlowHarness } from '../../src/testing/flow-harness';
import { testAllow as allow } from '../../src/testing/test-plugins';

const FLOWS_DIR = path.join(__dirname, '..', '..', 'flows');
const ANN = 'ann@example.com';

describe('the shipped flows, run from their JSON', () => {
  test('browser: no session, so identify-email asks for the address; the shipped flow then refuses with its message', async () => {
    const harness = FlowHarness.fromFlows(FLOWS_DIR);
    harness.users().add({ email: ANN });

    const login = await harness.start();
    expect(login.challenge()).toMatchObject({ execution: 'browser/forms/identify-email', view: { view: 'identify-email' } });
    const result = await login.submit({ email: ANN });

    expect(result).toMatchObject({ type: 'failure', error: 'access_denied', message: 'error.noSignInMethod' });
    expect(harness.events('LOGIN_ERROR').map((e) => e.error)).toEqual(['access_denied']);
  });

  test('browser: a valid SSO session signs in at the cookie step without any page', async () => {
    const harness = FlowHarness.fromFlows(FLOWS_DIR);
    const ann = harness.users().add({ email: ANN });
    const browserSessionToken = harness.services.createUserSession('main', ann.id);

    const login = await harness.start({ browserSessionToken });

    expect(login.last).toMatchObject({ type: 'success', userId: ann.id });
  });

  test('flow JSON given as documents runs through the same loader, with extra plugins', async () => {
    const harness = FlowHarness.fromFlows(
      [
        { file: 'main.realm.json', text: JSON.stringify({ realm: 'main', bindings: { browser: 'email-only' } }) },
        {
          file: 'email-only.json',
          text: JSON.stringify({
            alias: 'email-only',
            executions: [
              { authenticator: 'identify-email', requirement: 'REQUIRED' },
              { authenticator: 'test-allow', requirement: 'REQUIRED' },
            ],
          }),
        },
      ],
      { plugins: [allow] },
    );
    const ann = harness.users().add({ email: ANN });

    const login = await harness.start({ loginHint: ANN });
    expect(login.challenge().view.fields?.[0]).toMatchObject({ name: 'email', value: ANN });
    expect(await login.submit({ email: ANN })).toMatchObject({ type: 'success', userId: ann.id });
  });

  test('invalid flow JSON is refused by the harness exactly as at boot', () => {
    expect(() =>
      FlowHarness.fromFlows([
        { file: 'main.realm.json', text: JSON.stringify({ realm: 'main', bindings: { browser: 'b' } }) },
        { file: 'b.json', text: '{ "alias": "b", "executions": [ { "authenticator": "nope", "requirement": "REQUIRED" } ] }' },
      ]),
    ).toThrow(expect.objectContaining({ errors: [expect.objectContaining({ code: 'FG_UNKNOWN_AUTHENTICATOR' })] }));
  });
});
