import type { DataSource } from 'typeorm';
import type { AuthSessionState } from '../../src/engine/auth-session';
import { TypeormAuthSessionStore } from '../../src/store/auth-session.store';
import { ManualClock, memoryDatabase } from './test-db';

describe('TypeormAuthSessionStore', () => {
  let ds: DataSource;
  let clock: ManualClock;
  let store: TypeormAuthSessionStore;

  beforeEach(async () => {
    ds = await memoryDatabase();
    clock = new ManualClock();
    store = new TypeormAuthSessionStore(ds, clock);
  });
  afterEach(() => ds.destroy());

  const session = (id: string, overrides: Partial<AuthSessionState> = {}): AuthSessionState => ({
    id,
    rootId: 'root-1',
    tabId: `tab-${id}`,
    realm: 'main',
    slot: 'browser',
    flowAlias: 'browser',
    clientId: 'web',
    redirectUri: 'https://app.example.com/cb',
    statuses: { 'browser/cookie': 'ATTEMPTED' },
    selected: {},
    notes: { 'browser/forms/identify-email': { attempts: 1 } },
    currentExecution: 'browser/forms/identify-email',
    currentView: { id: 'login-email', model: { hint: 'ann' }, fields: [] } as unknown as AuthSessionState['currentView'],
    step: 0,
    createdAt: clock.now(),
    expiresAt: clock.now() + 1_800_000,
    ...overrides,
  });

  it('stores and reads a session back unchanged', async () => {
    const state = session('s1');
    await store.create(state);
    expect(await store.get('s1')).toEqual(state);
    expect(await store.get('missing')).toBeUndefined();
  });

  it('lists a browser\'s sessions and moves chosen ones to a new root; a later save of an old copy does not move them back', async () => {
    await store.create(session('s1'));
    await store.create(session('s2'));
    await store.create(session('s3', { rootId: 'root-2' }));
    expect((await store.listByRoot('root-1')).map((s) => s.id).sort()).toEqual(['s1', 's2']);
    const stale = (await store.get('s1'))!;
    // s3 is not under root-1: only rows still under `from` move.
    expect(await store.moveToRoot(['s1', 's3'], 'root-1', 'root-9')).toBe(1);
    expect(await store.moveToRoot([], 'root-1', 'root-9')).toBe(0);
    expect((await store.get('s1'))?.rootId).toBe('root-9');
    expect((await store.get('s3'))?.rootId).toBe('root-2');
    expect(await store.save({ ...stale, step: 1 }, 0)).toBe(true);
    expect((await store.get('s1'))?.rootId).toBe('root-9');
    expect((await store.listByRoot('root-1')).map((s) => s.id)).toEqual(['s2']);
  });

  it('saves only from the step the caller read', async () => {
    const state = session('s1');
    await store.create(state);
    const next = { ...state, step: 1, userId: 'u1' };
    expect(await store.save(next, 0)).toBe(true);
    expect(await store.get('s1')).toEqual(next);
    // A replayed or stale save from step 0 changes nothing.
    expect(await store.save({ ...state, step: 1, userId: 'intruder' }, 0)).toBe(false);
    expect(await store.get('s1')).toEqual(next);
    expect(await store.save({ ...next, step: 2 }, 1)).toBe(true);
  });

  it('lets exactly one of two concurrent saves from one step win', async () => {
    const state = session('s1');
    await store.create(state);
    const results = await Promise.all([store.save({ ...state, step: 1, userId: 'a' }, 0), store.save({ ...state, step: 1, userId: 'b' }, 0)]);
    expect([...results].sort()).toEqual([false, true]);
    expect((await store.get('s1'))?.userId).toBe(results[0] ? 'a' : 'b');
  });

  it('saves at the same step once a claim has advanced it (claim, then commit)', async () => {
    const state = session('s1');
    await store.create(state);
    expect(await store.save({ ...state, step: 1 }, 0)).toBe(true); // claim
    expect(await store.save({ ...state, step: 1, userId: 'u1' }, 1)).toBe(true); // commit
    expect((await store.get('s1'))?.userId).toBe('u1');
    // A commit by a request whose claim was lost changes nothing.
    expect(await store.save({ ...state, step: 0, userId: 'late' }, 0)).toBe(false);
    expect((await store.get('s1'))?.userId).toBe('u1');
  });

  it('does not save a session that does not exist', async () => {
    expect(await store.save(session('ghost', { step: 1 }), 0)).toBe(false);
    expect(await store.get('ghost')).toBeUndefined();
  });

  it('deletes one session, and all expired ones', async () => {
    await store.create(session('s1'));
    await store.create(session('s2', { expiresAt: clock.now() + 10_000 }));
    await store.create(session('s3', { expiresAt: clock.now() + 20_000 }));
    await store.delete('s1');
    expect(await store.get('s1')).toBeUndefined();
    expect(await store.deleteExpired(clock.now() + 15_000)).toBe(1);
    expect(await store.get('s2')).toBeUndefined();
    expect(await store.get('s3')).toBeDefined();
  });

  it('refuses a second session with the same id', async () => {
    await store.create(session('s1'));
    await expect(store.create(session('s1'))).rejects.toThrow();
  });
});
