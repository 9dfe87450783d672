import type { DataSource } from 'typeorm';
import { ManualClock } from '../../src/engine/clock';
import { KnownDeviceStore } from '../../src/store/known-device.store';
import { UserStore } from '../../src/store/user.store';
import { memoryDatabase } from './test-db';
import { sql } from '../support/test-database';

const DAY = 24 * 3600 * 1000;

describe('KnownDeviceStore (#19 item 2)', () => {
  let ds: DataSource;
  let clock: ManualClock;
  let users: UserStore;
  let devices: KnownDeviceStore;
  let ann: string;
  let bob: string;

  beforeEach(async () => {
    ds = await memoryDatabase();
    clock = new ManualClock(Date.UTC(2025, 0, 1));
    users = new UserStore(ds, clock);
    devices = new KnownDeviceStore(ds, clock, 30 * 24 * 3600);
    ann = (await users.forRealm('main').create({ email: 'ann@example.com' })).id;
    bob = (await users.forRealm('main').create({ email: 'bob@example.com' })).id;
  });
  afterEach(() => ds.destroy());

  it("remembers a browser, renews the device it presents, and makes a new one for another user's device", async () => {
    const first = (await devices.remember('main', ann, undefined, 'Firefox'))!;
    expect(first).toMatchObject({ realm: 'main', userId: ann, userAgent: 'Firefox', expiresAt: clock.now() + 30 * DAY });
    clock.advance(10 * DAY);
    const again = (await devices.remember('main', ann, first.id, undefined))!;
    expect(again).toMatchObject({ id: first.id, createdAt: first.createdAt, lastUsedAt: clock.now(), expiresAt: clock.now() + 30 * DAY, userAgent: 'Firefox' });
    const bobs = (await devices.remember('main', bob, first.id, 'Firefox'))!;
    expect(bobs.id).not.toBe(first.id);
    expect(await devices.find('main', first.id)).toMatchObject({ userId: ann });
    expect(await devices.find('other', first.id)).toBeUndefined();
    expect(await devices.remember('main', 'no-such-user', undefined, undefined)).toBeUndefined();
  });

  it('forgets expired devices, keeps at most 20 per user, and revokes only the owner\'s', async () => {
    const old = (await devices.remember('main', ann, undefined, undefined))!;
    clock.advance(31 * DAY);
    expect(await devices.find('main', old.id)).toBeUndefined();
    for (let i = 0; i < 21; i++) {
      await devices.remember('main', ann, undefined, `browser ${i}`);
      clock.advance(1000);
    }
    const listed = await devices.listForUser('main', ann);
    expect(listed).toHaveLength(20);
    expect(listed[0]!.userAgent).toBe('browser 20');
    expect(((await ds.query('SELECT COUNT(*) AS n FROM known_devices')) as Array<{ n: number }>)[0]!.n).toBe(20);

    expect(await devices.revoke('main', bob, listed[0]!.id)).toBe(false);
    expect(await devices.revoke('main', ann, listed[0]!.id)).toBe(true);
    expect(await devices.find('main', listed[0]!.id)).toBeUndefined();
  });

  it('makes a new device for a presented one that expired or belongs to another realm, and keeps the user agent when none is sent', async () => {
    const first = (await devices.remember('main', ann, undefined, 'Firefox'))!;
    expect(await devices.remember('main', ann, first.id, undefined)).toMatchObject({ id: first.id, userAgent: 'Firefox' });
    const elsewhere = (await users.forRealm('other').create({ email: 'ann@example.com' })).id;
    expect((await devices.remember('other', elsewhere, first.id, undefined))!.id).not.toBe(first.id);
    clock.advance(31 * DAY);
    const renewed = (await devices.remember('main', ann, first.id, 'Safari'))!;
    expect(renewed.id).not.toBe(first.id);
    expect(renewed).toMatchObject({ createdAt: clock.now(), userAgent: 'Safari' });
    // The new device's insert pruned the expired one.
    expect(await devices.listForUser('main', ann)).toEqual([renewed]);
    expect(((await ds.query(`SELECT COUNT(*) AS n FROM known_devices WHERE user_id = '${ann}'`)) as Array<{ n: number | string }>).map((r) => Number(r.n))).toEqual([1]);
  });

  it('goes with its user', async () => {
    const device = (await devices.remember('main', ann, undefined, undefined))!;
    await sql(ds, 'DELETE FROM users WHERE id = ?', [ann]);
    expect(await devices.find('main', device.id)).toBeUndefined();
  });
});
