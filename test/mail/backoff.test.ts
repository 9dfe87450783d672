import { DEFAULT_BACKOFF, retryDelayMs } from '../../src/mail';

describe('retryDelayMs', () => {
  it('doubles from 5 s and caps at 10 min (no jitter drawn)', () => {
    const delays = Array.from({ length: 10 }, (_, i) => retryDelayMs(i + 1, DEFAULT_BACKOFF, () => 0));
    expect(delays).toEqual([5000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000, 600_000, 600_000]);
  });

  it('takes off at most the jitter share', () => {
    expect(retryDelayMs(1, DEFAULT_BACKOFF, () => 0.5)).toBe(4500);
    const lowest = retryDelayMs(8, DEFAULT_BACKOFF, () => 0.999999);
    expect(lowest).toBeGreaterThan(600_000 * 0.8 - 1);
    expect(lowest).toBeLessThan(600_000);
  });

  it('stays finite for absurd attempt numbers', () => {
    expect(retryDelayMs(10_000, DEFAULT_BACKOFF, () => 0)).toBe(600_000);
  });
});
