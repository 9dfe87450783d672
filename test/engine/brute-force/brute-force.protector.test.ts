import { DataSource } from 'typeorm';
import { bruteForceProtector, MemoryBruteForceStore, type BruteForceRecordStore, type BruteForceSettings } from '../../../src/engine/brute-force';
import { ManualClock } from '../../../src/engine/clock';
import { openDatabase } from '../../../src/store';
import { TypeormBruteForceStore } from '../../../src/store/brute-force.store';
import { UserStore } from '../../../src/store/user.store';

const T0 = Date.UTC(2025, 0, 1);
const S: BruteForceSettings = { enabled: true, failureFactor: 3, waitIncrementSeconds: 60, maxWaitSeconds: 900, maxDeltaTimeSeconds: 43200 };

interface Fixture {
  readonly store: BruteForceRecordStore;
  readonly users: [string, string];
  close(): Promise<void>;
}

async function memory(): Promise<Fixture> {
  return { store: new MemoryBruteForceStore(), users: ['u1', 'u2'], close: async () => undefined };
}

async function sqlite(): Promise<Fixture> {
  const ds: DataSource = await openDatabase({ database: ':memory:' });
  const users = new UserStore(ds, new ManualClock(T0)).forRealm('main');
  const a = await users.create({ email: 'a@example.com' });
  const b = await users.create({ email: 'b@example.com' });
  return { store: new TypeormBruteForceStore(ds), users: [a.id, b.id], close: () => ds.destroy() };
}

describe.each([
  ['in memory', memory],
  ['on SQLite', sqlite],
])('brute-force protector %s', (_label, make) => {
  let f: Fixture;
  let clock: ManualClock;
  beforeEach(async () => {
    f = await make();
    clock = new ManualClock(T0);
  });
  afterEach(() => f.close());

  it('locks a user after failureFactor failures, per user and per realm, and unlocks after the wait', async () => {
    const main = bruteForceProtector(f.store, clock, 'main', S);
    const other = bruteForceProtector(f.store, clock, 'other', S);
    const [ann, bob] = f.users;
    expect(await main.recordFailure(ann)).toEqual({ locked: false, retryAfterSeconds: 0 });
    await main.recordFailure(ann);
    expect(await main.recordFailure(ann)).toEqual({ locked: true, retryAfterSeconds: 60 });
    expect(await main.status(ann)).toMatchObject({ locked: true });
    expect(await main.status(bob)).toMatchObject({ locked: false });
    expect(await other.status(ann)).toMatchObject({ locked: false });
    clock.advanceSeconds(60);
    expect(await main.status(ann)).toEqual({ locked: false, retryAfterSeconds: 0 });
  });

  it('counts concurrent failures all', async () => {
    const main = bruteForceProtector(f.store, clock, 'main', { ...S, failureFactor: 20 });
    const [ann] = f.users;
    await Promise.all(Array.from({ length: 19 }, () => main.recordFailure(ann)));
    expect(await f.store.get('main', ann)).toMatchObject({ failures: 19 });
    expect(await main.recordFailure(ann)).toMatchObject({ locked: true });
  });

  it('forgets the failures on success', async () => {
    const main = bruteForceProtector(f.store, clock, 'main', S);
    const [ann] = f.users;
    await main.recordFailure(ann);
    await main.recordFailure(ann);
    await main.recordSuccess(ann);
    expect(await f.store.get('main', ann)).toBeUndefined();
    expect(await main.recordFailure(ann)).toMatchObject({ locked: false });
  });

  it('counts nothing when disabled', async () => {
    const off = bruteForceProtector(f.store, clock, 'main', { ...S, enabled: false });
    const [ann] = f.users;
    for (let i = 0; i < 5; i++) expect(await off.recordFailure(ann)).toMatchObject({ locked: false });
    expect(await f.store.get('main', ann)).toBeUndefined();
  });
});
