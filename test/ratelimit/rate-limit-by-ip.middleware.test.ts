import express, { type ErrorRequestHandler } from 'express';
import request from 'supertest';
import { ManualClock } from '../../src/engine/clock';
import { FlowgateError } from '../../src/errors';
import { MemoryRateLimitStore } from '../../src/ratelimit/memory-rate-limit.store';
import { rateLimitByIp, type RateLimitByIpOptions } from '../../src/ratelimit/rate-limit-by-ip.middleware';
import type { RateLimitStore } from '../../src/ratelimit/rate-limit.store';
import { RateLimitedError } from '../../src/ratelimit/rate-limited.error';
import { RateLimiter } from '../../src/ratelimit/rate-limiter.service';

// 3 per minute: one request costs 20 s.
const LIMIT = { name: 'login-ip', max: 3, windowSeconds: 60 };

interface Setup {
  trustProxy?: string;
  store?: RateLimitStore;
  options?: RateLimitByIpOptions;
}

function setup({ trustProxy, store = new MemoryRateLimitStore(), options }: Setup = {}) {
  const clock = new ManualClock(Date.UTC(2025, 0, 1));
  const limiter = new RateLimiter(store, clock);
  const errors: unknown[] = [];
  let served = 0;
  const app = express();
  if (trustProxy !== undefined) app.set('trust proxy', trustProxy);
  app.get('/login', rateLimitByIp(limiter, LIMIT, options), (_req, res) => {
    served++;
    res.send('login page');
  });
  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    errors.push(err);
    const status = err instanceof FlowgateError ? err.status : 500;
    res.status(status).json({
      code: err instanceof FlowgateError ? err.code : 'internal',
      retryAfterSeconds: err instanceof RateLimitedError ? err.retryAfterSeconds : undefined,
    });
  };
  app.use(onError);
  return { app, clock, errors, served: () => served };
}

describe('rateLimitByIp', () => {
  it('serves up to max with RateLimit headers, then hands FG_RATE_LIMITED with Retry-After to the error handler', async () => {
    const { app, clock, errors, served } = setup();

    for (const remaining of [2, 1, 0]) {
      const res = await request(app).get('/login').expect(200, 'login page');
      expect(res.headers['ratelimit-limit']).toBe('3');
      expect(res.headers['ratelimit-remaining']).toBe(String(remaining));
      expect(res.headers['ratelimit-reset']).toBe(String((3 - remaining) * 20));
      expect(res.headers['retry-after']).toBeUndefined();
    }

    const refused = await request(app).get('/login').expect(429);
    expect(refused.body).toEqual({ code: 'FG_RATE_LIMITED', retryAfterSeconds: 20 });
    expect(refused.headers['retry-after']).toBe('20');
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    expect(refused.headers['ratelimit-reset']).toBe('60');
    expect(served()).toBe(3);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(RateLimitedError);
    expect(errors[0]).toMatchObject({ code: 'FG_RATE_LIMITED', status: 429, limitName: 'login-ip', retryAfterSeconds: 20 });

    clock.advance(19_000);
    expect((await request(app).get('/login').expect(429)).headers['retry-after']).toBe('1');
    clock.advance(1_000);
    await request(app).get('/login').expect(200);
    expect(served()).toBe(4);
  });

  it('limits each client IP apart when the app trusts its proxy', async () => {
    const { app } = setup({ trustProxy: 'loopback' });
    const from = (ip: string) => request(app).get('/login').set('X-Forwarded-For', ip);

    for (let i = 0; i < 3; i++) await from('203.0.113.1').expect(200);
    await from('203.0.113.1').expect(429);
    await from('203.0.113.2').expect(200);
    // IPv4 reached over IPv6 is the same client.
    await from('::ffff:203.0.113.1').expect(429);
  });

  it('counts one IPv6 /56 as one client, so rotating addresses inside it does not help', async () => {
    const { app } = setup({ trustProxy: 'loopback' });
    const from = (ip: string) => request(app).get('/login').set('X-Forwarded-For', ip);

    for (const suffix of ['1', '2', 'ff:1']) await from(`2001:db8:0:100::${suffix}`).expect(200);
    await from('2001:db8:0:1ff:ffff::9').expect(429);
    await from('2001:db8:0:200::1').expect(200);
  });

  it('limits single IPv6 addresses when told to', async () => {
    const { app } = setup({ trustProxy: 'loopback', options: { ipv6Subnet: 128 } });
    const from = (ip: string) => request(app).get('/login').set('X-Forwarded-For', ip);

    for (let i = 0; i < 3; i++) await from('2001:db8::1').expect(200);
    await from('2001:db8::1').expect(429);
    await from('2001:db8::2').expect(200);
  });

  it('ignores X-Forwarded-For when the app does not trust a proxy, so a client cannot pick its own key', async () => {
    const { app, served } = setup();
    for (let i = 0; i < 3; i++) await request(app).get('/login').set('X-Forwarded-For', `198.51.100.${i}`).expect(200);
    await request(app).get('/login').set('X-Forwarded-For', '198.51.100.99').expect(429);
    expect(served()).toBe(3);
  });

  it('passes a store failure to the error handler instead of serving unlimited', async () => {
    const failing: RateLimitStore = {
      hit: async () => {
        throw new Error('store unreachable');
      },
      peek: async () => undefined,
      reset: async () => undefined,
    };
    const { app, errors, served } = setup({ store: failing });
    await request(app).get('/login').expect(500, { code: 'internal' });
    expect((errors[0] as Error).message).toBe('store unreachable');
    expect(served()).toBe(0);
  });

  it('refuses a bad limit or IPv6 prefix when the middleware is built', () => {
    const limiter = new RateLimiter(new MemoryRateLimitStore(), new ManualClock(0));
    expect(() => rateLimitByIp(limiter, { name: 'x', max: 0, windowSeconds: 60 })).toThrow(
      expect.objectContaining({ code: 'FG_RATE_LIMIT_INVALID' }),
    );
    for (const ipv6Subnet of [0, 129, 56.5]) {
      expect(() => rateLimitByIp(limiter, LIMIT, { ipv6Subnet })).toThrow(expect.objectContaining({ code: 'FG_RATE_LIMIT_INVALID' }));
    }
  });
});
