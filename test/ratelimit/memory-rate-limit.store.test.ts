import { isFlowgateError } from '../../src/errors';
import { gcraRule } from '../../src/ratelimit/gcra';
import { MemoryRateLimitStore } from '../../src/ratelimit/memory-rate-limit.store';
import { describeRateLimitStoreContract } from './store-contract';

describeRateLimitStoreContract('MemoryRateLimitStore', () => new MemoryRateLimitStore());

describe('MemoryRateLimitStore memory bounds', () => {
  const now = 1_700_000_000_000;
  const rule = gcraRule(5, 60_000); // one request costs 12 s

  it('sweeps idle keys on the first hit after the sweep interval, and only idle ones', async () => {
    const store = new MemoryRateLimitStore({ sweepIntervalMs: 30_000 });
    await store.hit('first', rule, now); // also runs the first sweep, which sets the next one
    for (let i = 0; i < 50; i++) await store.hit(`idle-${i}`, rule, now);
    for (let i = 0; i < 5; i++) await store.hit('busy', rule, now + 20_000);
    expect(store.size).toBe(52);

    // Before the interval nothing is swept, although the idle keys' TATs have passed.
    await store.hit('other', rule, now + 29_999);
    expect(store.size).toBe(53);

    await store.hit('other', rule, now + 30_000);
    expect(store.keys().sort()).toEqual(['busy', 'other']);
    expect(await store.peek('busy', now + 30_000)).toBe(now + 80_000);
  });

  it('never holds more than maxEntries keys, however many are sprayed', async () => {
    const store = new MemoryRateLimitStore({ maxEntries: 100 });
    for (let i = 0; i < 10_000; i++) await store.hit(`spray-${i}`, rule, now);
    expect(store.size).toBe(100);
    expect(store.keys()[0]).toBe('spray-9900');
    expect(store.keys()[99]).toBe('spray-9999');
  });

  it('evicts the least recently used key first, so a key still being hit keeps its state', async () => {
    const store = new MemoryRateLimitStore({ maxEntries: 3 });
    for (let i = 0; i < 5; i++) await store.hit('abuser', rule, now);
    await store.hit('a', rule, now);
    await store.hit('b', rule, now);
    // A refused hit counts as use: the abuser moves away from the eviction end.
    expect((await store.hit('abuser', rule, now + 1)).allowed).toBe(false);
    await store.hit('c', rule, now + 2);

    expect(store.keys()).toEqual(['b', 'abuser', 'c']);
    expect((await store.hit('abuser', rule, now + 3)).allowed).toBe(false);
    // The evicted key starts over with its whole burst.
    expect(await store.peek('a', now + 3)).toBeUndefined();
  });

  it('refuses nonsense options with FG_RATE_LIMIT_INVALID', () => {
    for (const options of [{ maxEntries: 0 }, { maxEntries: 1.5 }, { sweepIntervalMs: -1 }, { sweepIntervalMs: Number.NaN }]) {
      let caught: unknown;
      try {
        new MemoryRateLimitStore(options);
      } catch (err) {
        caught = err;
      }
      expect(isFlowgateError(caught, 'FG_RATE_LIMIT_INVALID')).toBe(true);
    }
  });
});
