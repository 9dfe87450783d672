import type { DataSource } from 'typeorm';
import { ManualClock } from '../../src/engine/clock';
import { hasErrorCode } from '../../src/spi';
import type { NewPasskey } from '../../src/spi/passkeys';
import { MAX_PASSKEYS_PER_USER, PasskeyStore } from '../../src/store/passkey.store';
import { runSql } from '../../src/store/sql';
import { UserStore } from '../../src/store/user.store';
import { memoryDatabase } from './test-db';

const passkey = (userId: string, credentialId: string, counter = 0): NewPasskey => ({
  userId,
  credentialId,
  publicKey: 'pQECAyYgASFYIA',
  counter,
  transports: ['internal', 'hybrid'],
  aaguid: '00000000-0000-0000-0000-000000000000',
  backedUp: false,
  multiDevice: false,
  label: '  Laptop\u0007 ',
});

describe('PasskeyStore (#21)', () => {
  let ds: DataSource;
  let clock: ManualClock;
  let store: PasskeyStore;
  let ann: string;
  let bob: string;

  beforeEach(async () => {
    ds = await memoryDatabase();
    clock = new ManualClock(Date.UTC(2026, 0, 1));
    const users = new UserStore(ds, clock);
    store = new PasskeyStore(ds, clock);
    ann = (await users.forRealm('main').create({ email: 'ann@example.com' })).id;
    bob = (await users.forRealm('main').create({ email: 'bob@example.com' })).id;
  });
  afterEach(() => ds.destroy());

  it('stores a registration and finds it by credential id in its realm only', async () => {
    const added = await store.forRealm('main').add(passkey(ann, 'cred-1'));
    expect(added).toMatchObject({ realm: 'main', userId: ann, credentialId: 'cred-1', label: 'Laptop', transports: ['internal', 'hybrid'], createdAt: clock.now(), lastUsedAt: undefined });
    expect(await store.forRealm('main').findByCredentialId('cred-1')).toEqual(added);
    expect(await store.forRealm('other').findByCredentialId('cred-1')).toBeUndefined();
    expect(await store.forRealm('main').findByCredentialId('cred-2')).toBeUndefined();
  });

  it('refuses a credential id that is taken, in any realm, with FG_PASSKEY_EXISTS', async () => {
    await store.forRealm('main').add(passkey(ann, 'cred-1'));
    const again = await store.forRealm('main').add(passkey(bob, 'cred-1')).catch((e: unknown) => e);
    expect(hasErrorCode(again, 'FG_PASSKEY_EXISTS')).toBe(true);
    expect(await store.listForUser('main', bob)).toEqual([]);
  });

  it('caps the passkeys of one user', async () => {
    for (let i = 0; i < MAX_PASSKEYS_PER_USER; i++) await store.add('main', passkey(ann, `c${i}`));
    expect(hasErrorCode(await store.add('main', passkey(ann, 'one-more')).catch((e: unknown) => e), 'FG_PASSKEY_EXISTS')).toBe(true);
  });

  it('records a use only when the counter grows, or both counters are zero', async () => {
    const counted = await store.add('main', passkey(ann, 'counted', 5));
    const synced = await store.add('main', passkey(ann, 'synced', 0));
    clock.advance(1000);
    expect(await store.recordUse('main', counted.id, { counter: 5, backedUp: false })).toBe(false);
    expect(await store.recordUse('main', counted.id, { counter: 4, backedUp: false })).toBe(false);
    expect(await store.recordUse('main', counted.id, { counter: 6, backedUp: true })).toBe(true);
    expect(await store.findByCredentialId('main', 'counted')).toMatchObject({ counter: 6, backedUp: true, lastUsedAt: clock.now() });
    expect(await store.recordUse('main', synced.id, { counter: 0, backedUp: true })).toBe(true);
    expect(await store.recordUse('main', synced.id, { counter: 0, backedUp: true })).toBe(true);
    expect(await store.recordUse('other', synced.id, { counter: 9, backedUp: true })).toBe(false);
  });

  it("lists newest first, renames and removes only the owner's passkeys, and goes with the user", async () => {
    const first = await store.add('main', passkey(ann, 'a'));
    clock.advance(1000);
    const second = await store.add('main', passkey(ann, 'b'));
    expect((await store.listForUser('main', ann)).map((p) => p.id)).toEqual([second.id, first.id]);
    expect(hasErrorCode(await store.rename('main', bob, first.id, 'Mine').catch((e: unknown) => e), 'FG_PASSKEY_NOT_FOUND')).toBe(true);
    expect((await store.rename('main', ann, first.id, 'Phone')).label).toBe('Phone');
    expect((await store.rename('main', ann, first.id, '   ')).label).toBe('Passkey');
    expect(await store.remove('main', bob, first.id)).toBe(false);
    expect(await store.remove('main', ann, first.id)).toBe(true);
    expect(await store.findByCredentialId('main', 'a')).toBeUndefined();
    await runSql(ds, 'DELETE FROM users WHERE id = :id', { id: ann });
    expect(await store.listForUser('main', ann)).toEqual([]);
  });
});
