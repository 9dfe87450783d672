import os from 'node:os';
import type { Users } from './driver';
import type { BenchOptions } from './options';
import type { Method } from './sign-in';
import { summarize, type PhaseFigures, type Summary } from './stats';

/** Everything measured, keyed so the report can take medians across runs. */
export class Results {
  /** Per-run figures by `population|method|users`. */
  readonly phases = new Map<string, PhaseFigures[]>();
  /** Peak RSS (MB) of each server by `population|method`. */
  readonly peakRss = new Map<string, number[]>();
  /** Spawn to first 200 of the login page, ms, every server start. */
  readonly startupMs: number[] = [];
  readonly errors: string[] = [];
  failures = 0;

  add(population: number, method: Method, users: Users, figures: PhaseFigures, errors: readonly string[]): void {
    push(this.phases, `${population}|${method}|${users}`, figures);
    this.failures += figures.failures;
    this.errors.push(...errors.map((e) => `${method}, ${users} users, ${population} in the database: ${e}`));
  }

  /** Failures outside the measured phases (warm-up): they fail the run too. */
  addFailures(count: number, errors: readonly string[]): void {
    this.failures += count;
    this.errors.push(...errors);
  }

  addServer(population: number, method: Method, peakRssMb: number, startupMs: number): void {
    push(this.peakRss, `${population}|${method}`, peakRssMb);
    this.startupMs.push(startupMs);
  }

  figures(population: number, method: Method, users: Users): PhaseFigures[] {
    return this.phases.get(`${population}|${method}|${users}`) ?? [];
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key) ?? [];
  list.push(value);
  map.set(key, list);
}

/** `median (min–max)`, or only the median for one run. */
function show(summary: Summary, digits: number): string {
  const f = (n: number): string => (Number.isFinite(n) ? n.toFixed(digits) : '-');
  return summary.min === summary.max ? f(summary.median) : `${f(summary.median)} (${f(summary.min)}–${f(summary.max)})`;
}

function of(list: readonly PhaseFigures[], pick: (f: PhaseFigures) => number, digits: number): string {
  return show(summarize(list.map(pick)), digits);
}

/** The machine, the setup and the options: what a figure needs beside it to mean anything. */
export function header(options: BenchOptions, pinned: boolean, database: string): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const server = options.build === 'dist' ? 'dist/ (built)' : 'src/ through swc (--from-sources: slower, not comparable)';
  return [
    `Flowgate bench, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpu} (${os.cpus().length} CPUs)`,
    `server: ${server}, ${pinned ? `pinned to CPU ${options.cpu} with taskset (the bench to the others)` : 'not pinned (no taskset)'}, ${database}, SMTP to the bench's sink`,
    `${options.runs} run(s) × ${options.signIns} sign-ins per method and kind of user, after ${options.warmup} warm-up sign-ins per server, concurrency ${options.concurrency}`,
    `figures: median over runs (min–max); latency per HTTP request, client side; CPU = server utime + stime`,
  ].join('\n');
}

/** The main table (base population), the size comparison, start-up and failures. */
export function report(options: BenchOptions, results: Results): string {
  const lines: string[] = [];
  const base = options.baseUsers;
  lines.push('', `${base} users in the database`);
  const rows: string[][] = [['method', 'users', 'sign-ins/CPU-s', 'CPU ms/sign-in', 'p50 ms', 'p95 ms', 'p99 ms', 'requests/sign-in', 'failures', 'peak RSS MB']];
  for (const method of options.methods) {
    const rss = show(summarize(results.peakRss.get(`${base}|${method}`) ?? []), 0);
    for (const users of ['new', 'returning'] as const) {
      const list = results.figures(base, method, users);
      rows.push([
        method,
        users,
        of(list, (f) => f.perCpuSecond, 1),
        of(list, (f) => f.cpuMsPerSignIn, 2),
        of(list, (f) => f.p50, 2),
        of(list, (f) => f.p95, 2),
        of(list, (f) => f.p99, 2),
        of(list, (f) => f.requestsPerSignIn, 1),
        String(list.reduce((n, f) => n + f.failures, 0)),
        rss,
      ]);
    }
  }
  lines.push(table(rows));
  if (options.users > 0) {
    const method = options.methods[0]!;
    lines.push('', `${base} vs ${options.users} users in the database (${method}; sign-ins per server CPU-second, p99 ms)`);
    const compare: string[][] = [['users', `${base}: sign-ins/CPU-s`, `${options.users}: sign-ins/CPU-s`, 'change', `${base}: p99`, `${options.users}: p99`]];
    for (const users of ['new', 'returning'] as const) {
      const small = results.figures(base, method, users);
      const large = results.figures(options.users, method, users);
      const a = summarize(small.map((f) => f.perCpuSecond)).median;
      const b = summarize(large.map((f) => f.perCpuSecond)).median;
      const change = Number.isFinite(a) && Number.isFinite(b) && a > 0 ? `${(((b - a) / a) * 100).toFixed(1)} %` : '-';
      compare.push([users, of(small, (f) => f.perCpuSecond, 1), of(large, (f) => f.perCpuSecond, 1), change, of(small, (f) => f.p99, 2), of(large, (f) => f.p99, 2)]);
    }
    lines.push(table(compare));
  }
  lines.push('', `start-up to the first page: ${show(summarize(results.startupMs), 0)} ms (${results.startupMs.length} starts)`);
  lines.push(`failures: ${results.failures}`);
  for (const error of results.errors.slice(0, 10)) lines.push(`  ${error}`);
  return lines.join('\n');
}

/** Left-aligned columns, two spaces apart. */
function table(rows: readonly string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}
