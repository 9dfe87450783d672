import { gcraRule } from '../../src/ratelimit/gcra';
import type { RateLimitStore } from '../../src/ratelimit/rate-limit.store';

/**
 * The behaviour every `RateLimitStore` owes, as a reusable suite: a SQL or Redis store gets the same
 * guarantees by calling this with its own factory.
 */
export function describeRateLimitStoreContract(name: string, makeStore: () => RateLimitStore | Promise<RateLimitStore>): void {
  describe(`${name} (RateLimitStore contract)`, () => {
    const now = 1_700_000_000_000;
    // 4 per 20 s: one request costs 5 s.
    const rule = gcraRule(4, 20_000);
    let store: RateLimitStore;

    beforeEach(async () => {
      store = await makeStore();
    });

    it('knows nothing of a new key, and stores now + interval on its first hit', async () => {
      expect(await store.peek('k', now)).toBeUndefined();
      expect(await store.hit('k', rule, now)).toEqual({ allowed: true, tat: now + 5_000 });
      expect(await store.peek('k', now)).toBe(now + 5_000);
    });

    it('allows exactly the burst at one instant, then refuses without changing the TAT', async () => {
      const results = [];
      for (let i = 0; i < 6; i++) results.push(await store.hit('k', rule, now));
      expect(results.map((r) => r.allowed)).toEqual([true, true, true, true, false, false]);
      expect(results[3].tat).toBe(now + 20_000);
      expect(results[4]).toEqual({ allowed: false, tat: now + 20_000 });
      expect(await store.peek('k', now)).toBe(now + 20_000);
    });

    it('allows one more request per interval as time passes', async () => {
      for (let i = 0; i < 4; i++) await store.hit('k', rule, now);
      expect((await store.hit('k', rule, now + 4_999)).allowed).toBe(false);
      expect(await store.hit('k', rule, now + 5_000)).toEqual({ allowed: true, tat: now + 25_000 });
      expect((await store.hit('k', rule, now + 5_000)).allowed).toBe(false);
    });

    it('treats a key whose TAT has passed as idle', async () => {
      await store.hit('k', rule, now);
      expect(await store.peek('k', now + 4_999)).toBe(now + 5_000);
      expect(await store.peek('k', now + 5_000)).toBeUndefined();
      // An idle key starts from now again, not from its old TAT.
      expect(await store.hit('k', rule, now + 60_000)).toEqual({ allowed: true, tat: now + 65_000 });
    });

    it('keeps keys apart', async () => {
      for (let i = 0; i < 4; i++) await store.hit('a', rule, now);
      expect((await store.hit('a', rule, now)).allowed).toBe(false);
      expect((await store.hit('b', rule, now)).allowed).toBe(true);
    });

    it('forgets a key on reset', async () => {
      for (let i = 0; i < 4; i++) await store.hit('k', rule, now);
      await store.reset('k');
      expect(await store.peek('k', now)).toBeUndefined();
      expect((await store.hit('k', rule, now)).allowed).toBe(true);
    });

    it('allows no more than the burst to many concurrent hits', async () => {
      const burst = gcraRule(20, 60_000);
      const results = await Promise.all(Array.from({ length: 200 }, () => store.hit('k', burst, now)));
      expect(results.filter((r) => r.allowed)).toHaveLength(20);
      expect(await store.peek('k', now)).toBe(now + 60_000);
    });
  });
}
