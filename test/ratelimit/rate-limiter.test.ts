import { createHash } from 'node:crypto';
import { FlowgateError } from '../../src/errors';
import { MemoryRateLimitStore } from '../../src/ratelimit/memory-rate-limit.store';
import { defineRateLimit, type RateLimit } from '../../src/ratelimit/rate-limit';
import { RateLimiter } from '../../src/ratelimit/rate-limiter.service';
import { ManualClock } from '../../src/engine/clock';

/** A whole minute (2025-01-01T00:00:00Z), so fixed-window boundaries fall where the tests say. */
const START = Date.UTC(2025, 0, 1);

// 5 per minute: a burst of 5, then one every 12 s.
const LOGIN: RateLimit = { name: 'login-ip', max: 5, windowSeconds: 60 };
const SEND: RateLimit = { name: 'email-send', max: 3, windowSeconds: 900 };

function setup() {
  const clock = new ManualClock(START);
  const store = new MemoryRateLimitStore();
  const limiter = new RateLimiter(store, clock);
  return { clock, store, limiter };
}

async function consumeTimes(limiter: RateLimiter, limit: RateLimit, key: string, times: number) {
  const decisions = [];
  for (let i = 0; i < times; i++) decisions.push(await limiter.consume(limit, key));
  return decisions;
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof FlowgateError ? err.code : 'not a FlowgateError';
  }
  return undefined;
}

describe('RateLimiter', () => {
  it('allows up to max, then refuses with the exact wait', async () => {
    const { clock, limiter } = setup();
    const decisions = await consumeTimes(limiter, LOGIN, '203.0.113.7', 6);

    expect(decisions.slice(0, 5).map((d) => [d.allowed, d.remaining, d.retryAfterSeconds])).toEqual([
      [true, 4, 0],
      [true, 3, 0],
      [true, 2, 0],
      [true, 1, 0],
      [true, 0, 0],
    ]);
    expect(decisions[5]).toEqual({ allowed: false, limit: 5, remaining: 0, retryAfterSeconds: 12, resetSeconds: 60 });

    clock.advance(11_000);
    expect(await limiter.consume(LOGIN, '203.0.113.7')).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    clock.advance(1_000);
    expect(await limiter.consume(LOGIN, '203.0.113.7')).toMatchObject({ allowed: true, remaining: 0 });
    expect(await limiter.consume(LOGIN, '203.0.113.7')).toMatchObject({ allowed: false, retryAfterSeconds: 12 });
  });

  it('rounds a fractional wait up to whole seconds', async () => {
    const { limiter } = setup();
    // 3 per 10 s: one request costs 3334 ms, so the wait after the burst is 3.334 s.
    const limit = { name: 'odd', max: 3, windowSeconds: 10 };
    const decisions = await consumeTimes(limiter, limit, 'k', 4);
    expect(decisions[3]).toMatchObject({ allowed: false, retryAfterSeconds: 4, resetSeconds: 11 });
  });

  it('gives no second burst at what would be a fixed window boundary', async () => {
    const { clock, limiter } = setup();
    // START is a whole minute: spend the burst in the last millisecond of a fixed window...
    clock.advance(59_999);
    expect((await consumeTimes(limiter, LOGIN, 'k', 5)).every((d) => d.allowed)).toBe(true);
    // ...and a fixed-window counter would reset two milliseconds later and allow 5 more.
    clock.advance(2);
    expect(await limiter.consume(LOGIN, 'k')).toMatchObject({ allowed: false, retryAfterSeconds: 12 });
  });

  it('never lets a hammering client exceed the burst plus the steady rate in any span', async () => {
    const { clock, limiter } = setup();
    const allowedAt: number[] = [];
    // A request every 250 ms for ten minutes.
    for (let t = 0; t < 600_000; t += 250) {
      if ((await limiter.consume(LOGIN, 'k')).allowed) allowedAt.push(clock.now() - START);
      clock.advance(250);
    }
    // Long run: the burst, then exactly one per 12 s.
    expect(allowedAt).toHaveLength(5 + 600_000 / 12_000 - 1);
    // In any span of L ms: at most max + floor(L / 12 s). Spans shorter than 12 s never exceed max.
    for (const span of [1, 1_000, 11_999, 30_000, 60_000, 120_000]) {
      const worst = Math.max(...allowedAt.map((start) => allowedAt.filter((t) => t >= start && t < start + span).length));
      expect(worst).toBeLessThanOrEqual(5 + Math.floor(span / 12_000));
    }
  });

  it('gives the whole burst back once the window has passed', async () => {
    const { clock, limiter } = setup();
    await consumeTimes(limiter, LOGIN, 'k', 6);
    clock.advance(59_999);
    expect(await limiter.peek(LOGIN, 'k')).toMatchObject({ allowed: true, remaining: 4, resetSeconds: 1 });
    clock.advance(1);
    expect(await limiter.peek(LOGIN, 'k')).toEqual({ allowed: true, limit: 5, remaining: 5, retryAfterSeconds: 0, resetSeconds: 0 });
    expect((await consumeTimes(limiter, LOGIN, 'k', 6)).map((d) => d.allowed)).toEqual([true, true, true, true, true, false]);
  });

  it('keeps keys and limits independent', async () => {
    const { limiter } = setup();
    await consumeTimes(limiter, LOGIN, 'shared', 5);
    expect((await limiter.consume(LOGIN, 'shared')).allowed).toBe(false);

    expect(await limiter.consume(LOGIN, 'other')).toMatchObject({ allowed: true, remaining: 4 });
    expect(await limiter.consume(SEND, 'shared')).toMatchObject({ allowed: true, remaining: 2 });
    // A limit with the same numbers but another name is another namespace.
    expect(await limiter.consume({ ...LOGIN, name: 'login-ip.strict' }, 'shared')).toMatchObject({ allowed: true });
  });

  it('peek counts nothing', async () => {
    const { limiter } = setup();
    for (let i = 0; i < 20; i++) expect(await limiter.peek(SEND, 'k')).toMatchObject({ allowed: true, remaining: 3 });
    await consumeTimes(limiter, SEND, 'k', 3);
    expect(await limiter.peek(SEND, 'k')).toEqual({ allowed: false, limit: 3, remaining: 0, retryAfterSeconds: 300, resetSeconds: 900 });
  });

  it('reset gives one key its burst back under one limit only', async () => {
    const { limiter } = setup();
    await consumeTimes(limiter, SEND, 'a', 3);
    await consumeTimes(limiter, SEND, 'b', 3);
    await consumeTimes(limiter, LOGIN, 'a', 5);
    await limiter.reset(SEND, 'a');
    expect(await limiter.peek(SEND, 'a')).toMatchObject({ allowed: true, remaining: 3 });
    expect((await limiter.peek(SEND, 'b')).allowed).toBe(false);
    expect((await limiter.peek(LOGIN, 'a')).allowed).toBe(false);
  });

  it('stores a keyed hash of the key under the limit name, never the address itself', async () => {
    const { store, limiter } = setup();
    const email = 'ann.smith@example.com';
    await limiter.consume(SEND, email);
    await limiter.consume(LOGIN, '198.51.100.23');

    const keys = store.keys();
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^email-send:[A-Za-z0-9_-]{43}$/);
    expect(keys[1]).toMatch(/^login-ip:[A-Za-z0-9_-]{43}$/);
    const dump = JSON.stringify(keys);
    for (const fragment of ['ann', 'smith', 'example', '198.51', '100.23']) expect(dump).not.toContain(fragment);
    // Not a bare SHA-256 either, which anyone could recompute from a list of addresses.
    for (const encoding of ['hex', 'base64url'] as const) {
      expect(dump).not.toContain(createHash('sha256').update(email).digest(encoding));
    }
  });

  it('hashes alike across limiters given the same secret, so processes can share a store', async () => {
    const clock = new ManualClock(START);
    const store = new MemoryRateLimitStore();
    const a = new RateLimiter(store, clock, { keySecret: 'shared secret' });
    const b = new RateLimiter(store, clock, { keySecret: 'shared secret' });
    const c = new RateLimiter(store, clock);
    expect(a.storeKey(SEND, 'x@example.com')).toBe(b.storeKey(SEND, 'x@example.com'));
    expect(c.storeKey(SEND, 'x@example.com')).not.toBe(a.storeKey(SEND, 'x@example.com'));

    await consumeTimes(a, SEND, 'x@example.com', 2);
    expect(await b.consume(SEND, 'x@example.com')).toMatchObject({ allowed: true, remaining: 0 });
    expect((await a.consume(SEND, 'x@example.com')).allowed).toBe(false);
  });

  it('allows exactly max of many parallel consumes, from one limiter or several sharing a store', async () => {
    const { limiter } = setup();
    const single = await Promise.all(Array.from({ length: 100 }, () => limiter.consume(LOGIN, 'k')));
    expect(single.filter((d) => d.allowed)).toHaveLength(5);

    const clock = new ManualClock(START);
    const store = new MemoryRateLimitStore();
    const nodes = [1, 2, 3, 4].map(() => new RateLimiter(store, clock, { keySecret: 's' }));
    const limit = { name: 'burst', max: 25, windowSeconds: 60 };
    const spread = await Promise.all(Array.from({ length: 400 }, (_, i) => nodes[i % 4].consume(limit, 'k')));
    expect(spread.filter((d) => d.allowed)).toHaveLength(25);
    expect(new Set(spread.filter((d) => d.allowed).map((d) => d.remaining)).size).toBe(25);
  });

  it('works on whole milliseconds when the clock has fractions', async () => {
    const clock = { now: () => START + 0.75 };
    const limiter = new RateLimiter(new MemoryRateLimitStore(), clock);
    const decisions = await consumeTimes(limiter, { name: 'tiny', max: 7, windowSeconds: 60 }, 'k', 8);
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, true, true, false]);
    expect(decisions[7].retryAfterSeconds).toBe(9);
  });

  it('refuses malformed limits with FG_RATE_LIMIT_INVALID, at definition and on use', async () => {
    const bad = [
      { name: 'Login', max: 5, windowSeconds: 60 },
      { name: 'login ip', max: 5, windowSeconds: 60 },
      { name: 'login-', max: 5, windowSeconds: 60 },
      { name: 'login', max: 0, windowSeconds: 60 },
      { name: 'login', max: 2.5, windowSeconds: 60 },
      { name: 'login', max: 5, windowSeconds: 0 },
      { name: 'login', max: 5, windowSeconds: Number.NaN },
      { name: 'login', max: 5, windowSeconds: Number.POSITIVE_INFINITY },
      { name: 'login', max: 5, windowSeconds: '60' as unknown as number },
    ];
    const { limiter } = setup();
    for (const limit of bad) {
      // The kit's declaration throws a RangeError carrying the registry's code (the contract cannot import the registry).
      expect(thrownCode(() => defineRateLimit(limit))).toBe('FG_RATE_LIMIT_INVALID');
      await expect(limiter.consume(limit, 'k')).rejects.toMatchObject({ code: 'FG_RATE_LIMIT_INVALID' });
    }
    const good = defineRateLimit({ name: 'magic-link.send', max: 3, windowSeconds: 0.5 });
    expect(Object.isFrozen(good)).toBe(true);
  });
});

function thrownCode(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
  return 'nothing thrown';
}
