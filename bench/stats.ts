/** The q-quantile of ascending `sorted` values (nearest rank); NaN for none. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** A figure over several runs: the median, which one odd run cannot move, and the spread. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length === 0 ? NaN : sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0] ?? NaN, max: sorted[sorted.length - 1] ?? NaN };
}

/** What one measured phase (one method, new or returning users, one run) produced. */
export interface PhaseResult {
  readonly signIns: number;
  readonly failures: number;
  /** Server CPU over the phase (user + system), seconds. */
  readonly cpuSeconds: number;
  readonly wallSeconds: number;
  /** Every request's duration, ms. */
  readonly latencies: readonly number[];
  readonly requests: number;
  /** The first few failures' messages. */
  readonly errors: readonly string[];
}

/** The per-run figures the report shows, derived from a phase. */
export interface PhaseFigures {
  readonly perCpuSecond: number;
  readonly cpuMsPerSignIn: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly requestsPerSignIn: number;
  readonly failures: number;
}

export function figuresOf(phase: PhaseResult): PhaseFigures {
  const sorted = [...phase.latencies].sort((a, b) => a - b);
  const ok = phase.signIns - phase.failures;
  return {
    perCpuSecond: phase.cpuSeconds > 0 ? ok / phase.cpuSeconds : NaN,
    cpuMsPerSignIn: ok > 0 ? (phase.cpuSeconds * 1000) / ok : NaN,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    requestsPerSignIn: phase.signIns > 0 ? phase.requests / phase.signIns : NaN,
    failures: phase.failures,
  };
}
