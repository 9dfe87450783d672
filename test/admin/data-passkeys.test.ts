import { TYPES } from '../../src/composition/container';
import { createAdminTestApp, storedPasskey, type AdminTestApp } from '../support/admin-test-app';

let t: AdminTestApp;
beforeEach(async () => {
  t = await createAdminTestApp();
});
afterEach(() => t.close());

describe("a user's passkeys in the admin API (#21)", () => {
  test('lists them without their keys, removes one (audited, REMOVE_CREDENTIAL), and refuses an id that is not the user\'s', async () => {
    const ann = (await t.api('post', '/realms/main/users').send({ email: 'ann@example.com', attributes: { firstName: 'Ann', lastName: 'Example' } }).expect(201)).body.id as string;
    const bob = (await t.api('post', '/realms/main/users').send({ email: 'bob@example.com', attributes: { firstName: 'Bob', lastName: 'Example' } }).expect(201)).body.id as string;
    const store = t.container.get(TYPES.PasskeyStore);
    const mine = await store.add('main', storedPasskey(ann, 'cred-ann'));
    const his = await store.add('main', storedPasskey(bob, 'cred-bob'));

    const listed = await t.api('get', `/realms/main/users/${ann}/passkeys`).expect(200);
    expect(listed.body).toEqual({ passkeys: [{ id: mine.id, label: 'Phone', credentialId: 'cred-ann', transports: ['internal'], aaguid: mine.aaguid, backedUp: true, multiDevice: true, createdAt: mine.createdAt }] });
    expect(JSON.stringify(listed.body)).not.toContain('pQECAyYgASFYIA');

    const wrong = await t.api('delete', `/realms/main/users/${ann}/passkeys/${his.id}`).expect(404);
    expect(wrong.body.code).toBe('FG_PASSKEY_NOT_FOUND');
    expect(await store.listForUser('main', bob)).toHaveLength(1);
    expect((await t.api('get', '/realms/main/users/no-such-user/passkeys').expect(404)).body.code).toBe('FG_USER_NOT_FOUND');

    expect((await t.api('delete', `/realms/main/users/${ann}/passkeys/${mine.id}`).expect(200)).body).toEqual({ passkeys: [] });
    expect(await store.findByCredentialId('main', 'cred-ann')).toBeUndefined();
    const audit = await t.container.get(TYPES.AdminAudit).list({ resource: `realms/main/users/${ann}/passkeys/${mine.id}` });
    expect(audit).toEqual([expect.objectContaining({ action: 'user.passkey.remove' })]);
    expect((await t.events.query({ realm: 'main', type: 'REMOVE_CREDENTIAL' })).map((e) => e.userId)).toEqual([ann]);
  });
});

test('the catalog shows the passkey authenticator and the register-passkey action with their config schemas (#21)', async () => {
  const { body } = await t.api('get', '/catalog').expect(200);
  const passkey = body.authenticators.find((a: { id: string }) => a.id === 'passkey');
  expect(passkey).toMatchObject({ displayName: 'Passkey', label: 'Sign in with a passkey', requiresUser: false, source: 'built-in' });
  expect(passkey.configSchema.properties).toMatchObject({
    userVerification: { enum: ['required', 'preferred'], default: 'required' },
    timeoutSeconds: { default: 300 },
    allowCredentialsForKnownUser: { default: true },
  });
  const action = body.requiredActions.find((a: { id: string }) => a.id === 'register-passkey');
  expect(action.configSchema.properties).toMatchObject({ when: { enum: ['once', 'until-registered'] }, skippable: { default: true }, attestation: { default: 'none' } });
});
