import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { FlowHarness, TEST_PUBLIC_URL, type HarnessLogin } from '../../src/plugin-kit';
import { PASSKEY_ERRORS as E, PASSKEY_MESSAGES as M, PASSKEY_VIEW, REGISTER_PASSKEY_VIEW } from '.';
import { flowFile, MAIL_PROOF as proof } from './flows.test-kit';
import { SoftAuthenticator } from './soft-authenticator.test-kit';

const ANN = 'ann@example.com';
const ORIGIN = TEST_PUBLIC_URL;

// Three flows of one realm, started through three slots.
const realmFile = (realm: string, config: Record<string, unknown> = {}) => ({
  file: `${realm}.realm.json`,
  text: JSON.stringify({ realm, bindings: { browser: 'passkey-first', registration: 'mail', 'reset-credentials': 'known' }, requiredActions: { 'register-passkey': { config } } }),
});

/**
 * Realms `main` and `other`: `mail` (identify-email, then a stand-in for a mail proof) signs people
 * up and offers register-passkey; `passkey-first` is the passkey alone; `known` asks the identified
 * person for their passkey, or lets the stand-in prove them.
 */
function harness(actionConfig: Record<string, unknown> = {}, passkeyConfig: Record<string, unknown> = {}): FlowHarness {
  return FlowHarness.fromFlows(
    [
      realmFile('main', actionConfig),
      realmFile('other', actionConfig),
      flowFile('mail', [
        { authenticator: 'identify-email', requirement: 'REQUIRED' },
        { authenticator: 'test-proof', requirement: 'REQUIRED' },
      ]),
      flowFile('passkey-first', [{ authenticator: 'passkey', requirement: 'REQUIRED', config: passkeyConfig }]),
      flowFile('known', [
        { authenticator: 'identify-email', requirement: 'REQUIRED' },
        {
          requirement: 'REQUIRED',
          flow: {
            alias: 'methods',
            executions: [
              { authenticator: 'passkey', requirement: 'ALTERNATIVE', config: passkeyConfig },
              { authenticator: 'test-proof', requirement: 'ALTERNATIVE' },
            ],
          },
        },
      ]),
    ],
    { plugins: [proof] },
  );
}

const creationOptions = (login: HarnessLogin) => login.challenge().view.model!['publicKey'] as PublicKeyCredentialCreationOptionsJSON;
const requestOptions = (login: HarnessLogin) => login.challenge().view.model!['publicKey'] as PublicKeyCredentialRequestOptionsJSON;

/** Signs ann in by "mail" in `realm` and registers a passkey on `device` at the offer. */
async function signUpWithPasskey(h: FlowHarness, device: SoftAuthenticator, realm = 'main'): Promise<void> {
  h.users(realm).add({ email: ANN });
  const login = await h.start({ realm, slot: 'registration' });
  await login.submit({ email: ANN });
  expect(login.view).toBe(REGISTER_PASSKEY_VIEW);
  const result = await login.submit({ action: 'register', label: 'Laptop', credential: JSON.stringify(device.register(creationOptions(login), ORIGIN)) });
  expect(result.type).toBe('success');
}

async function passkeyLogin(h: FlowHarness, realm = 'main'): Promise<HarnessLogin> {
  const login = await h.start({ realm });
  expect(login.view).toBe(PASSKEY_VIEW);
  return login;
}

describe('passkey and register-passkey (#21)', () => {
  it('registers a passkey after a sign-in by mail, then signs in with it alone: no address, the passkey names the user', async () => {
    const h = harness();
    const device = new SoftAuthenticator();
    await signUpWithPasskey(h, device);
    const [stored] = h.services.passkeys('main').all();
    expect(stored).toMatchObject({ label: 'Laptop', transports: ['internal'], counter: 0, multiDevice: false });
    expect(h.events('UPDATE_CREDENTIAL')).toHaveLength(1);

    const login = await passkeyLogin(h);
    expect(requestOptions(login)).toMatchObject({ rpId: 'flowgate.test', userVerification: 'required', allowCredentials: [] });
    expect(login.challenge().view.model).toMatchObject({ discoverable: true });
    const result = await login.submit({ credential: JSON.stringify(device.assert(requestOptions(login), ORIGIN)) });
    expect(result).toMatchObject({ type: 'success', userId: stored!.userId, amr: ['hwk'] });
    expect(h.services.passkeys('main').all()[0]).toMatchObject({ counter: 1, lastUsedAt: h.clock.now() });
    expect(h.mail()).toEqual([]);
  });

  it('after identify-email, asks only for that person\'s passkeys and is skipped for an address without any (known or not)', async () => {
    const h = harness();
    const device = new SoftAuthenticator();
    await signUpWithPasskey(h, device);
    h.users().add({ email: 'bob@example.com' });

    const ann = await h.start({ slot: 'reset-credentials' });
    await ann.submit({ email: ANN });
    expect(ann.view).toBe(PASSKEY_VIEW);
    expect(requestOptions(ann).allowCredentials).toEqual([{ id: h.services.passkeys('main').all()[0]!.credentialId, type: 'public-key', transports: ['internal'] }]);
    expect((await ann.submit({ credential: JSON.stringify(device.assert(requestOptions(ann), ORIGIN)) })).type).toBe('success');

    // The stand-in proof took over, alike for an account without a passkey and for no account.
    const bob = await h.start({ slot: 'reset-credentials' });
    await bob.submit({ email: 'bob@example.com' });
    expect(bob.view).toBe(REGISTER_PASSKEY_VIEW);
    const nobody = await h.start({ slot: 'reset-credentials' });
    expect(await nobody.submit({ email: 'nobody@example.com' })).toMatchObject({ type: 'failure' });
    expect(h.events('LOGIN_ERROR').filter((e) => e.details?.['plugin'] === 'passkey')).toEqual([]);
  });

  describe('bad input: a step error, LOGIN_ERROR with the reason, no session', () => {
    let h: FlowHarness;
    let device: SoftAuthenticator;
    beforeEach(async () => {
      h = harness();
      device = new SoftAuthenticator();
      await signUpWithPasskey(h, device);
    });

    async function refused(login: HarnessLogin, credential: string, reason: string): Promise<void> {
      const before = h.events('LOGIN_ERROR').length;
      const result = await login.submit({ credential });
      expect(result.type).toBe('challenge');
      expect(login.view).toBe(PASSKEY_VIEW);
      expect(login.challenge().view.messages).toEqual([{ kind: 'error', text: M.failed }]);
      const errors = h.events('LOGIN_ERROR').slice(before);
      expect(errors.map((e) => e.error)).toEqual([reason]);
      expect(errors[0]!.details).toMatchObject({ plugin: 'passkey' });
    }

    it('a replayed assertion', async () => {
      const login = await passkeyLogin(h);
      const assertion = JSON.stringify(device.assert(requestOptions(login), ORIGIN));
      const other = await passkeyLogin(h);
      // The same assertion, sent to a sign-in whose challenge it is not.
      await refused(other, assertion, E.invalidChallenge);
      expect((await login.submit({ credential: assertion })).type).toBe('success');
      const again = await passkeyLogin(h);
      await refused(again, assertion, E.invalidChallenge);
    });

    it('an expired challenge', async () => {
      const login = await passkeyLogin(h);
      h.clock.advance(301_000);
      await refused(login, JSON.stringify(device.assert(requestOptions(login), ORIGIN)), E.invalidChallenge);
    });

    it("a credential of another realm, a removed one, an unknown one: one answer, which says nothing of accounts", async () => {
      const elsewhere = new SoftAuthenticator();
      await signUpWithPasskey(h, elsewhere, 'other');
      let login = await passkeyLogin(h);
      await refused(login, JSON.stringify(elsewhere.assert(requestOptions(login), ORIGIN)), E.unknownCredential);

      const stranger = new SoftAuthenticator();
      stranger.register({ ...creationOptionsFor('nobody'), challenge: 'x' }, ORIGIN);
      login = await passkeyLogin(h);
      await refused(login, JSON.stringify(stranger.assert(requestOptions(login), ORIGIN)), E.unknownCredential);

      h.services.passkeys('main').remove(h.services.passkeys('main').all()[0]!.id);
      login = await passkeyLogin(h);
      await refused(login, JSON.stringify(device.assert(requestOptions(login), ORIGIN)), E.unknownCredential);
    });

    it('a wrong origin or RP ID', async () => {
      let login = await passkeyLogin(h);
      await refused(login, JSON.stringify(device.assert(requestOptions(login), 'https://evil.test')), E.wrongOrigin);
      login = await passkeyLogin(h);
      await refused(login, JSON.stringify(device.assert(requestOptions(login), ORIGIN, { rpId: 'evil.test' })), E.wrongRpId);
    });

    it('a sign counter that goes backwards, a bad signature, no user verification', async () => {
      let login = await passkeyLogin(h);
      expect((await login.submit({ credential: JSON.stringify(device.assert(requestOptions(login), ORIGIN, { counter: 5 })) })).type).toBe('success');
      login = await passkeyLogin(h);
      await refused(login, JSON.stringify(device.assert(requestOptions(login), ORIGIN, { counter: 3 })), E.counterRegressed);
      login = await passkeyLogin(h);
      const tampered = device.assert(requestOptions(login), ORIGIN, { counter: 10 });
      tampered.response.signature = Buffer.from('not a signature').toString('base64url');
      await refused(login, JSON.stringify(tampered), E.invalidSignature);
      login = await passkeyLogin(h);
      await refused(login, JSON.stringify(device.assert(requestOptions(login), ORIGIN, { userVerified: false, counter: 11 })), E.invalidSignature);
    });

    it('malformed credential JSON', async () => {
      for (const credential of ['', 'not json', '{}', '[]', 'null', JSON.stringify({ id: 'a', rawId: 'a', type: 'public-key', response: { clientDataJSON: '!!' } })]) {
        const login = await passkeyLogin(h);
        await refused(login, credential, E.malformed);
      }
    });
  });

  it('register-passkey: skippable by default (offered again next time), `once` asks once, and a forged registration is refused', async () => {
    const h = harness();
    h.users().add({ email: ANN });
    let login = await h.start({ slot: 'registration' });
    await login.submit({ email: ANN });
    expect((await login.submit({ action: 'skip' })).type).toBe('success');
    login = await h.start({ slot: 'registration' });
    await login.submit({ email: ANN });
    expect(login.view).toBe(REGISTER_PASSKEY_VIEW);
    const forged = new SoftAuthenticator().register(creationOptions(login), 'https://evil.test');
    await login.submit({ action: 'register', credential: JSON.stringify(forged) });
    expect(login.view).toBe(REGISTER_PASSKEY_VIEW);
    expect(login.challenge().view.messages).toEqual([{ kind: 'error', text: M.registrationFailed }]);
    expect(h.events('UPDATE_CREDENTIAL_ERROR').map((e) => e.error)).toEqual([E.wrongOrigin]);
    expect(h.services.passkeys('main').all()).toEqual([]);

    const once = harness({ when: 'once' });
    once.users().add({ email: ANN });
    login = await once.start({ slot: 'registration' });
    await login.submit({ email: ANN });
    expect((await login.submit({ action: 'skip' })).type).toBe('success');
    login = await once.start({ slot: 'registration' });
    expect((await login.submit({ email: ANN })).type).toBe('success');

    const strict = harness({ skippable: false });
    strict.users().add({ email: ANN });
    login = await strict.start({ slot: 'registration' });
    await login.submit({ email: ANN });
    expect(login.challenge().view.model).toMatchObject({ skippable: false });
    await login.submit({ action: 'skip' });
    expect(login.view).toBe(REGISTER_PASSKEY_VIEW);
  });
});

function creationOptionsFor(userId: string): PublicKeyCredentialCreationOptionsJSON {
  return {
    rp: { id: 'flowgate.test', name: 'x' },
    user: { id: Buffer.from(userId).toString('base64url'), name: 'x', displayName: 'x' },
    challenge: 'x',
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
  };
}
