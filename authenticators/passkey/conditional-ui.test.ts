import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { FlowHarness, TEST_PUBLIC_URL, type HarnessLogin } from '../../src/plugin-kit';
import { PASSKEY_ERRORS as E, PASSKEY_VIEW, REGISTER_PASSKEY_VIEW } from '.';
import { flowFile, MAIL_PROOF as proof } from './flows.test-kit';
import { SoftAuthenticator } from './soft-authenticator.test-kit';

const ANN = 'ann@example.com';
const ORIGIN = TEST_PUBLIC_URL;

const methods = (passkeyFirst: boolean) => ({
  requirement: 'REQUIRED',
  flow: {
    alias: passkeyFirst ? 'methods' : 'methods-only',
    executions: [
      { authenticator: 'passkey', requirement: 'ALTERNATIVE' },
      { authenticator: 'test-proof', requirement: 'ALTERNATIVE' },
    ],
  },
});

/**
 * `browser` is the shipped browser flow's shape (identify-email then the methods, or a passkey
 * alone as the other top-level way in); `known` has no passkey alone, so nothing to offer on its
 * address page; `mail` signs ann up and offers register-passkey.
 */
function harness(): FlowHarness {
  return FlowHarness.fromFlows(
    [
      { file: 'main.realm.json', text: JSON.stringify({ realm: 'main', bindings: { browser: 'browser', registration: 'mail', 'reset-credentials': 'known' }, requiredActions: { 'register-passkey': {} } }) },
      flowFile('mail', [
        { authenticator: 'identify-email', requirement: 'REQUIRED' },
        { authenticator: 'test-proof', requirement: 'REQUIRED' },
      ]),
      flowFile('browser', [
        { requirement: 'ALTERNATIVE', flow: { alias: 'forms', executions: [{ authenticator: 'identify-email', requirement: 'REQUIRED' }, methods(true)] } },
        { authenticator: 'passkey', alias: 'passkey-sign-in', requirement: 'ALTERNATIVE' },
      ]),
      flowFile('known', [{ authenticator: 'identify-email', requirement: 'REQUIRED' }, methods(false)]),
    ],
    { plugins: [proof] },
  );
}

async function signUpWithPasskey(h: FlowHarness, device: SoftAuthenticator): Promise<void> {
  h.users().add({ email: ANN });
  const login = await h.start({ slot: 'registration' });
  await login.submit({ email: ANN });
  expect(login.view).toBe(REGISTER_PASSKEY_VIEW);
  const options = login.challenge().view.model!['publicKey'] as PublicKeyCredentialCreationOptionsJSON;
  expect((await login.submit({ action: 'register', label: 'Laptop', credential: JSON.stringify(device.register(options, ORIGIN)) })).type).toBe('success');
}

/** The offer on the address page of a new browser sign-in, and that sign-in. */
async function addressPage(h: FlowHarness): Promise<{ login: HarnessLogin; execution: string; publicKey: PublicKeyCredentialRequestOptionsJSON }> {
  const login = await h.start();
  expect(login.view).toBe('identify-email');
  const offered = login.challenge().offer;
  expect(offered).toBeDefined();
  return { login, execution: offered!.execution, publicKey: offered!.offer.model['publicKey'] as PublicKeyCredentialRequestOptionsJSON };
}

describe('conditional UI: the passkey step offers saved passkeys on the identify-email page (#21)', () => {
  let h: FlowHarness;
  let device: SoftAuthenticator;
  beforeEach(async () => {
    h = harness();
    device = new SoftAuthenticator();
    await signUpWithPasskey(h, device);
  });

  it('the address page carries a discoverable request for the passkey-alone step; its answer signs in (no address, no mail)', async () => {
    const { login, execution, publicKey } = await addressPage(h);
    const offered = login.challenge().offer!;
    expect(offered.offer).toMatchObject({ autocomplete: 'webauthn', model: { mediation: 'conditional' }, fields: [{ name: 'credential', type: 'hidden' }] });
    expect(publicKey).toMatchObject({ rpId: 'flowgate.test', userVerification: 'required', allowCredentials: [] });
    // The page's own step is still identify-email; the answer names the offering step.
    expect(login.challenge().execution).not.toBe(execution);
    const result = await login.submit({ credential: JSON.stringify(device.assert(publicKey, ORIGIN)) }, { execution });
    expect(result).toMatchObject({ type: 'success', userId: h.services.passkeys('main').all()[0]!.userId, amr: ['hwk'] });
    expect(h.mail()).toEqual([]);
  });

  it('an address typed instead still goes on to the methods, where the offer is gone', async () => {
    const { login, execution } = await addressPage(h);
    await login.submit({ email: ANN });
    // ann's own passkeys are asked for now (the methods' passkey step), with nothing offered beside.
    expect(login.view).toBe(PASSKEY_VIEW);
    expect(login.challenge().execution).not.toBe(execution);
    expect(login.challenge().offer).toBeUndefined();
    // The page showing made no offer: an answer naming the passkey-alone step is a stale page.
    await expect(login.submit({ credential: '{}' }, { execution })).rejects.toMatchObject({ code: 'FG_STALE_STEP' });
  });

  it('the same offer for everyone: it names no account and lists no credential', async () => {
    const first = await addressPage(h);
    h.users().add({ email: 'bob@example.com' });
    const second = await addressPage(h);
    const shape = (o: PublicKeyCredentialRequestOptionsJSON) => ({ ...o, challenge: typeof o.challenge });
    expect(shape(second.publicKey)).toEqual(shape(first.publicKey));
    expect(second.publicKey.challenge).not.toBe(first.publicKey.challenge);
  });

  it('its challenge is single-use and bound to the sign-in: a replay or another sign-in\'s answer is a step error with its reason, no session', async () => {
    const a = await addressPage(h);
    const assertion = JSON.stringify(device.assert(a.publicKey, ORIGIN));
    expect((await a.login.submit({ credential: assertion }, { execution: a.execution })).type).toBe('success');

    const b = await addressPage(h);
    const result = await b.login.submit({ credential: assertion }, { execution: b.execution });
    expect(result.type).toBe('challenge');
    expect(b.login.view).toBe(PASSKEY_VIEW);
    expect(h.events('LOGIN_ERROR').map((e) => [e.error, e.details?.['plugin']])).toEqual([[E.invalidChallenge, 'passkey']]);
  });

  it('expires with the passkey step\'s timeout', async () => {
    const { login, execution, publicKey } = await addressPage(h);
    h.clock.advanceSeconds(301);
    const result = await login.submit({ credential: JSON.stringify(device.assert(publicKey, ORIGIN)) }, { execution });
    expect(result.type).toBe('challenge');
    expect(h.events('LOGIN_ERROR').map((e) => e.error)).toEqual([E.invalidChallenge]);
  });

  it('malformed credential JSON from the address page: the passkey page with the error, never a fault', async () => {
    const { login, execution } = await addressPage(h);
    expect((await login.submit({ credential: 'not json' }, { execution })).type).toBe('challenge');
    expect(login.view).toBe(PASSKEY_VIEW);
    expect(h.events('LOGIN_ERROR').map((e) => e.error)).toEqual([E.malformed]);
  });

  it('no offer where the passkey is not another way in at that level (only after the address)', async () => {
    const login = await h.start({ slot: 'reset-credentials' });
    expect(login.view).toBe('identify-email');
    expect(login.challenge().offer).toBeUndefined();
  });
});
