import type { DataSource } from 'typeorm';
import { EventStore } from '../../src/store/event.store';
import { ManualClock, memoryDatabase } from './test-db';

describe('EventStore', () => {
  let ds: DataSource;
  let clock: ManualClock;
  let store: EventStore;
  let t0: number;

  beforeEach(async () => {
    ds = await memoryDatabase();
    clock = new ManualClock();
    store = new EventStore(ds, clock);
    t0 = clock.now();
    const web = store.forContext({ realm: 'main', clientId: 'web', ip: '203.0.113.7' });
    const app = store.forContext({ realm: 'main', clientId: 'app', ip: '2001:db8::1' });
    const other = store.forContext({ realm: 'other' });
    const steps: Array<[typeof web, Parameters<typeof web.record>[0]]> = [
      [web, { type: 'CODE_SENT', userId: 'u1', details: { via: 'email' } }],
      [web, { type: 'LOGIN_ERROR', userId: 'u1', error: 'invalid_code' }],
      [web, { type: 'LOGIN', userId: 'u1' }],
      [app, { type: 'LOGIN', userId: 'u2' }],
      [other, { type: 'LOGIN', userId: 'u1' }],
      [app, { type: 'LOGIN_ERROR', error: 'user_not_found' }],
    ];
    for (const [service, event] of steps) {
      await service.record(event);
      clock.advance(1000);
    }
  });
  afterEach(() => ds.destroy());

  const types = (events: Array<{ type: string; time: number }>) => events.map((e) => `${e.type}@${(e.time - t0) / 1000}`);

  it("returns a realm's events newest first, with every recorded fact", async () => {
    const events = await store.query({ realm: 'main' });
    expect(types(events)).toEqual(['LOGIN_ERROR@5', 'LOGIN@3', 'LOGIN@2', 'LOGIN_ERROR@1', 'CODE_SENT@0']);
    expect(events[4]).toEqual({
      id: expect.any(String),
      realm: 'main',
      type: 'CODE_SENT',
      userId: 'u1',
      clientId: 'web',
      ip: '203.0.113.7',
      details: { via: 'email' },
      time: t0,
    });
    // Absent facts are absent, not null.
    expect(events[0]).toEqual({ id: expect.any(String), realm: 'main', type: 'LOGIN_ERROR', clientId: 'app', ip: '2001:db8::1', error: 'user_not_found', time: t0 + 5000 });
    expect(types(await store.query({ realm: 'other' }))).toEqual(['LOGIN@4']);
    expect(await store.query({ realm: 'nowhere' })).toEqual([]);
  });

  it('filters by type, user and client', async () => {
    expect(types(await store.query({ realm: 'main', type: 'LOGIN' }))).toEqual(['LOGIN@3', 'LOGIN@2']);
    expect(types(await store.query({ realm: 'main', userId: 'u1' }))).toEqual(['LOGIN@2', 'LOGIN_ERROR@1', 'CODE_SENT@0']);
    expect(types(await store.query({ realm: 'main', clientId: 'app' }))).toEqual(['LOGIN_ERROR@5', 'LOGIN@3']);
    expect(types(await store.query({ realm: 'main', type: 'LOGIN', userId: 'u1', clientId: 'web' }))).toEqual(['LOGIN@2']);
  });

  it('filters by time, from inclusive and to exclusive', async () => {
    expect(types(await store.query({ realm: 'main', from: t0 + 1000, to: t0 + 3000 }))).toEqual(['LOGIN@2', 'LOGIN_ERROR@1']);
    expect(types(await store.query({ realm: 'main', from: t0 + 3000 }))).toEqual(['LOGIN_ERROR@5', 'LOGIN@3']);
    expect(types(await store.query({ realm: 'main', to: t0 + 1000 }))).toEqual(['CODE_SENT@0']);
  });

  it('limits to the newest events', async () => {
    expect(types(await store.query({ realm: 'main', limit: 2 }))).toEqual(['LOGIN_ERROR@5', 'LOGIN@3']);
    await expect(store.query({ realm: 'main', limit: 0 })).rejects.toMatchObject({ code: 'FG_STORE_INVALID_ARGUMENT' });
  });

  it('caps the limit at 1000', async () => {
    const bulk = store.forContext({ realm: 'bulk' });
    for (let i = 0; i < 1005; i++) await bulk.record({ type: 'CODE_SENT' });
    expect(await store.query({ realm: 'bulk', limit: 5000 })).toHaveLength(1000);
    expect(await store.query({ realm: 'bulk' })).toHaveLength(100);
  });
});
