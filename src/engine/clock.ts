import type { Clock } from '../spi/services';

export type { Clock } from '../spi/services';

/** The real time. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
}

/**
 * A clock that only moves when told to, so tests reach an expiry without waiting and without
 * depending on the date they run on.
 */
export class ManualClock implements Clock {
  private current: number;

  /** Starts at `start` (ms since the epoch). */
  constructor(start: number) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  /** Moves the time forward by `ms` milliseconds. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`a clock only moves forward; got ${ms} ms`);
    this.current += ms;
  }

  /** Moves the time forward by `seconds` seconds. */
  advanceSeconds(seconds: number): void {
    this.advance(seconds * 1000);
  }

  /** Sets the time; it may not go back. */
  set(ms: number): void {
    this.advance(ms - this.current);
  }
}
