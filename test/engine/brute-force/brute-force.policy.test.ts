import { afterFailure, DEFAULT_BRUTE_FORCE_SETTINGS, statusOf, type BruteForceRecord, type BruteForceSettings } from '../../../src/engine/brute-force';

const T0 = Date.UTC(2025, 0, 1);
const S: BruteForceSettings = { enabled: true, failureFactor: 3, waitIncrementSeconds: 60, maxWaitSeconds: 150, maxDeltaTimeSeconds: 3600 };

/** Records `n` failures, `stepMs` apart, starting at `from`; returns the record and the time of the last. */
function fail(n: number, from = T0, stepMs = 1000, start?: BruteForceRecord): { record: BruteForceRecord; at: number } {
  let record = start;
  let at = from;
  for (let i = 0; i < n; i++) {
    at = from + i * stepMs;
    record = afterFailure(record, S, at);
  }
  return { record: record!, at };
}

describe('brute-force policy (Keycloak temporary lockout, MULTIPLE)', () => {
  it('locks nobody before failureFactor failures', () => {
    const { record, at } = fail(2);
    expect(record).toEqual({ failures: 2, lastFailureAt: at, lockedUntil: 0 });
    expect(statusOf(record, at)).toEqual({ locked: false, retryAfterSeconds: 0 });
  });

  it('locks for waitIncrement at the failureFactor-th failure, and unlocks when it has passed', () => {
    const { record, at } = fail(3);
    expect(statusOf(record, at)).toEqual({ locked: true, retryAfterSeconds: 60 });
    expect(statusOf(record, at + 59_001)).toEqual({ locked: true, retryAfterSeconds: 1 });
    expect(statusOf(record, at + 60_000)).toEqual({ locked: false, retryAfterSeconds: 0 });
  });

  it('does not count failures while locked', () => {
    const { record, at } = fail(3);
    expect(afterFailure(record, S, at + 30_000)).toBe(record);
  });

  it('locks again after every further failure, longer per failureFactor, capped at maxWait', () => {
    let { record, at } = fail(3);
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      at = record.lockedUntil + 1;
      record = afterFailure(record, S, at);
      waits.push((record.lockedUntil - at) / 1000);
    }
    // failures 4..10: floor(n / 3) * 60, capped at 150
    expect(waits).toEqual([60, 60, 120, 120, 120, 150, 150]);
  });

  it('forgets failures maxDeltaTime after the last one', () => {
    const { record, at } = fail(2);
    expect(afterFailure(record, S, at + 3_600_000)).toMatchObject({ failures: 3 });
    expect(afterFailure(record, S, at + 3_600_001)).toMatchObject({ failures: 1, lockedUntil: 0 });
  });

  it('defaults: enabled, 10 failures, 60 s increments up to 15 minutes, 12 h reset', () => {
    expect(DEFAULT_BRUTE_FORCE_SETTINGS).toEqual({ enabled: true, failureFactor: 10, waitIncrementSeconds: 60, maxWaitSeconds: 900, maxDeltaTimeSeconds: 43200 });
  });
});
