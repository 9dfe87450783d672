import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { SoftAuthenticator } from '../../authenticators/passkey/soft-authenticator.test-kit';
import type { DoneDocument, StepDocument } from '../../src/http/contracts';
import { createTestApp, type TestApp } from '../support/test-app';
import { JSON_ACCEPT, JsonClient } from './http-kit';

const ANN = 'ann@example.com';

/**
 * A realm whose browser flow is the shipped shape with the fixed-code test plugin as the proof:
 * identify-email, then the person's passkey or the code; or a passkey alone.
 */
function flowsDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-passkey-json-'));
  fs.writeFileSync(path.join(dir, 'main.realm.json'), JSON.stringify({ realm: 'main', bindings: { browser: 'browser' }, requiredActions: { 'register-passkey': {} } }));
  fs.writeFileSync(
    path.join(dir, 'browser.json'),
    JSON.stringify({
      alias: 'browser',
      executions: [
        {
          requirement: 'ALTERNATIVE',
          flow: {
            alias: 'forms',
            executions: [
              { authenticator: 'identify-email', requirement: 'REQUIRED' },
              { requirement: 'REQUIRED', flow: { alias: 'methods', executions: [{ authenticator: 'passkey', requirement: 'ALTERNATIVE' }, { authenticator: 'fixed-code', requirement: 'ALTERNATIVE' }] } },
            ],
          },
        },
        { authenticator: 'passkey', alias: 'passkey-sign-in', requirement: 'ALTERNATIVE' },
      ],
    }),
  );
  return dir;
}

describe('the JSON face of passkeys (#21): what a native app does with its platform passkey API', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ flowsDir: flowsDir() });
    await t.users.create({ email: ANN });
  });
  afterEach(() => t.close());

  test('registers through kc_action=register-passkey, then signs in by choosing the passkey: options in, credential JSON out', async () => {
    const origin = new URL(t.config.publicUrl).origin;
    const device = new SoftAuthenticator();
    const app = new JsonClient(t.app);

    // Signed in with the code, the app asks for a passkey (kc_action) and gets the creation options.
    const first = await app.start('/realms/main/login?kc_action=register-passkey');
    const code = (await app.submit(first, { email: ANN })).body as StepDocument;
    const offer = (await app.submit(code, { code: '000000' })).body as StepDocument;
    expect(offer).toMatchObject({ type: 'step', view: 'register-passkey', execution: 'required-action/register-passkey' });
    const creation = offer.model['publicKey'] as PublicKeyCredentialCreationOptionsJSON;
    expect(creation).toMatchObject({ rp: { id: new URL(origin).hostname }, user: { name: ANN }, authenticatorSelection: { residentKey: 'required', userVerification: 'required' } });
    const registered = await app.submit(offer, { action: 'register', label: 'Phone', credential: JSON.stringify(device.register(creation, origin)) });
    expect((registered.body as DoneDocument).type).toBe('success');

    // A new app session: "try another way" to the passkey alone, sign the options, post the JSON.
    const fresh = new JsonClient(t.app);
    const start = await fresh.start('/realms/main/login');
    expect(start.alternatives.map((a) => a.id)).toEqual(['browser/forms', 'browser/passkey-sign-in']);
    const chooser = (await fresh.agent.post(start.actions.tryAnotherWay!.href).set(JSON_ACCEPT).send(start.actions.tryAnotherWay!.fields)).body as StepDocument;
    const step = (await fresh.agent.post(chooser.actions.submit.href).set(JSON_ACCEPT).send({ ...chooser.actions.submit.fields, choice: 'browser/passkey-sign-in' })).body as StepDocument;
    expect(step).toMatchObject({ type: 'step', view: 'passkey', model: { discoverable: true }, fields: [expect.objectContaining({ name: 'credential', type: 'hidden' })] });
    const request = step.model['publicKey'] as PublicKeyCredentialRequestOptionsJSON;

    // Malformed JSON first: a step error, not a 500, and no session.
    const bad = await fresh.submit(step, { credential: '{"id":' });
    expect(bad.status).toBe(200);
    expect(bad.body).toMatchObject({ type: 'step', view: 'passkey', messages: [expect.objectContaining({ key: 'passkey.error.failed' })] });
    const again = bad.body as StepDocument;
    const done = await fresh.submit(again, { credential: JSON.stringify(device.assert(again.model['publicKey'] as PublicKeyCredentialRequestOptionsJSON, origin)) });
    expect(done.body).toMatchObject({ type: 'success', realm: 'main' });
    // The first options' challenge was replaced by the retry's: it signs nobody in any more.
    expect(request.challenge).not.toBe((again.model['publicKey'] as PublicKeyCredentialRequestOptionsJSON).challenge);
    const logins = await t.events.query({ realm: 'main', type: 'LOGIN' });
    expect(logins.map((e) => e.details?.['amr'])).toContainEqual(['hwk']);
    const errors = await t.events.query({ realm: 'main', type: 'LOGIN_ERROR' });
    expect(errors.map((e) => [e.error, e.details?.['plugin']])).toEqual([['malformed_credential', 'passkey']]);
  });
});
