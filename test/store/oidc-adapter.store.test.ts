import type { DataSource } from 'typeorm';
import { AlreadyConsumed, OidcAdapterStore } from '../../src/store/oidc-adapter.store';
import { UserSessionStore } from '../../src/store/user-session.store';
import { UserStore } from '../../src/store/user.store';
import { ManualClock, memoryDatabase } from './test-db';

describe('OidcAdapterStore (the OpenID Connect provider rows)', () => {
  let ds: DataSource;
  let clock: ManualClock;
  let store: OidcAdapterStore;
  beforeEach(async () => {
    ds = await memoryDatabase();
    clock = new ManualClock();
    store = new OidcAdapterStore(ds, clock);
  });
  afterEach(() => ds.destroy());

  test('rows are found by id, uid and user code, only in their realm and model, until they expire', async () => {
    const codes = store.adapter('main', 'AuthorizationCode');
    await codes.upsert('c1', { grantId: 'g1', uid: 'u1', userCode: 'UC', accountId: 'a' }, 60);
    expect(await codes.find('c1')).toMatchObject({ grantId: 'g1', accountId: 'a' });
    expect(await codes.findByUid('u1')).toMatchObject({ accountId: 'a' });
    expect(await codes.findByUserCode('UC')).toMatchObject({ accountId: 'a' });
    expect(await store.adapter('other', 'AuthorizationCode').find('c1')).toBeUndefined();
    expect(await store.adapter('main', 'AccessToken').find('c1')).toBeUndefined();
    clock.advance(60_000);
    expect(await codes.find('c1')).toBeUndefined();
    expect(await store.purgeExpired()).toBe(1);
  });

  test('a code is consumed once: the second consumption fails and revokes its grant', async () => {
    const codes = store.adapter('main', 'AuthorizationCode');
    const tokens = store.adapter('main', 'AccessToken');
    await codes.upsert('c1', { grantId: 'g1' }, 60);
    await tokens.upsert('t1', { grantId: 'g1' }, 60);
    await codes.consume('c1');
    expect(await codes.find('c1')).toMatchObject({ consumed: expect.any(Number) });
    await expect(codes.consume('c1')).rejects.toBeInstanceOf(AlreadyConsumed);
    expect(await tokens.find('t1')).toBeUndefined();
    expect(await codes.find('c1')).toBeUndefined();
  });

  test('racing consumptions: exactly one wins', async () => {
    const codes = store.adapter('main', 'AuthorizationCode');
    await codes.upsert('c1', { grantId: 'g1' }, 60);
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => codes.consume('c1')));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  test('revoking a grant removes its codes and tokens but not interactions or sessions naming it', async () => {
    await store.adapter('main', 'RefreshToken').upsert('r1', { grantId: 'g1' }, 60);
    await store.adapter('main', 'Interaction').upsert('i1', { grantId: 'g1' }, 60);
    await store.adapter('main', 'RefreshToken').revokeByGrantId('g1');
    expect(await store.adapter('main', 'RefreshToken').find('r1')).toBeUndefined();
    expect(await store.adapter('main', 'Interaction').find('i1')).toBeDefined();
  });

  test('a provider session signed in is found only while its Flowgate session is active', async () => {
    const users = new UserStore(ds, clock).forRealm('main');
    const ann = await users.create({ email: 'ann@example.com' });
    const sessions = new UserSessionStore(ds, clock);
    const { session } = await sessions.create({ realm: 'main', userId: ann.id });
    const provider = store.adapter('main', 'Session');
    await provider.upsert('s1', { uid: 'su1', accountId: ann.id }, 600);
    // Not tied to a Flowgate session: not a session of anyone.
    expect(await provider.find('s1')).toBeUndefined();
    await store.linkSession('main', 'su1', session.id);
    expect(await provider.find('s1')).toMatchObject({ accountId: ann.id });
    expect(await store.linkedSessions('main', [session.id])).toEqual(['su1']);
    await sessions.revoke('main', session.id);
    expect(await provider.find('s1')).toBeUndefined();
    expect(await provider.findByUid('su1')).toBeUndefined();
    // Anonymous provider sessions (nobody signed in) are nobody's to end.
    await provider.upsert('s2', { uid: 'su2' }, 600);
    expect(await provider.find('s2')).toBeDefined();
  });
});
