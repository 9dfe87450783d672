import fs from 'node:fs';
import path from 'node:path';
import { FlowHarness } from '../../src/testing/flow-harness';
import { testAllow as allow } from '../../src/testing/test-plugins';

const FLOWS_DIR = path.join(__dirname, '..', '..', 'flows');
const ANN = 'ann@example.com';

describe('the shipped flows, run from their JSON', () => {
  test('browser: no session, so identify-email asks for the address; magic-link mails a link and a code, and the code signs in', async () => {
    const harness = FlowHarness.fromFlows(FLOWS_DIR);
    const ann = harness.users().add({ email: ANN });

    const login = await harness.start();
    expect(login.challenge()).toMatchObject({ execution: 'browser/forms/identify-email', view: { view: 'identify-email' } });
    const waiting = await login.submit({ email: ANN });

    expect(waiting).toMatchObject({ type: 'challenge', execution: 'browser/forms/methods/magic-link', view: { view: 'magic-link' } });
    const mail = harness.services.outbox.lastTo(ANN);
    expect(mail).toMatchObject({ template: 'magic-link', userId: ann.id });
    expect(String(mail?.model?.['link'])).toContain('/login-actions/link?key=');
    const code = String(mail?.model?.['code']);
    expect(code).toMatch(/^\d{6}$/);
    // A sign-in by mail offers a passkey (register-passkey, skippable, in the main realm).
    expect(await login.submit({ code })).toMatchObject({ type: 'challenge', execution: 'required-action/register-passkey', view: { view: 'register-passkey' } });
    expect(await login.submit({ action: 'skip' })).toMatchObject({ type: 'success', userId: ann.id });
    expect(harness.events('CODE_SENT')).toHaveLength(1);
  });

  test('browser: the address page asks first (askFirst): link or code; choosing the code mails the code alone', async () => {
    const harness = FlowHarness.fromFlows(FLOWS_DIR);
    const ann = harness.users().add({ email: ANN });
    const login = await harness.start();
    expect(login.challenge().choices).toEqual([
      { id: 'browser/forms/methods/magic-link', displayKey: 'authenticator.magic-link', displayName: 'Magic link' },
      { id: 'browser/forms/methods/email-otp', displayKey: 'authenticator.email-otp', displayName: 'Email code' },
    ]);
    await login.submit({ email: ANN }, { choice: 'browser/forms/methods/email-otp' });
    expect(login.challenge()).toMatchObject({ execution: 'browser/forms/methods/email-otp', view: { view: 'email-otp' } });
    expect(harness.services.outbox.sent.map((m) => m.template)).toEqual(['email-otp']);
    const code = String(harness.services.outbox.lastTo(ANN)?.model?.['code']);
    expect(await login.submit({ code })).toMatchObject({ type: 'challenge', execution: 'required-action/register-passkey' });
    expect(await login.submit({ action: 'skip' })).toMatchObject({ type: 'success', userId: ann.id });
    expect(harness.events('CODE_SENT')).toHaveLength(1);
  });

  test('magic-link: identify-email then magic-link, as a flow of its own', async () => {
    const harness = FlowHarness.fromFlows([
      { file: 'main.realm.json', text: JSON.stringify({ realm: 'main', bindings: { browser: 'magic-link' } }) },
      { file: 'magic-link.json', text: fs.readFileSync(path.join(FLOWS_DIR, 'magic-link.json'), 'utf8') },
    ]);
    const ann = harness.users().add({ email: ANN });
    const login = await harness.start();
    await login.submit({ email: ANN });
    const code = String(harness.services.outbox.lastTo(ANN)?.model?.['code']);
    expect(await login.submit({ code })).toMatchObject({ type: 'success', userId: ann.id });
  });

  test('email-otp: identify-email then email-otp, as a flow of its own', async () => {
    const harness = FlowHarness.fromFlows([
      { file: 'main.realm.json', text: JSON.stringify({ realm: 'main', bindings: { browser: 'email-otp' } }) },
      { file: 'email-otp.json', text: fs.readFileSync(path.join(FLOWS_DIR, 'email-otp.json'), 'utf8') },
    ]);
    const ann = harness.users().add({ email: ANN });
    const login = await harness.start();
    await login.submit({ email: ANN });
    const code = String(harness.services.outbox.lastTo(ANN)?.model?.['code']);
    expect(await login.submit({ code })).toMatchObject({ type: 'success', userId: ann.id });
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
