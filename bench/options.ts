import { isPostgresUrl } from '../src/util/database-url';
import { METHODS, type Method } from './sign-in';
import type { ServerBuild } from './server-process';

/** The bench's command line, defaults filled in. */
export interface BenchOptions {
  /** Measured sign-ins per method, per kind of user (new, returning), per run. */
  readonly signIns: number;
  /** Uncounted sign-ins at the start of every server, before the measured ones. */
  readonly warmup: number;
  readonly concurrency: number;
  readonly methods: readonly Method[];
  readonly runs: number;
  /** Users in the database of the main runs (the "1 k" side of the comparison). */
  readonly baseUsers: number;
  /** Users in the database of the comparison (0: no comparison). */
  readonly users: number;
  readonly build: ServerBuild;
  /** The core the server is pinned to (when taskset exists). */
  readonly cpu: number;
  readonly smoke: boolean;
  /** A PostgreSQL server's URL to run on (`--database`, else `FLOWGATE_DATABASE`); undefined: SQLite. */
  readonly database: string | undefined;
}

export const USAGE = `Usage: npm run bench -- [options]

  --sign-ins N        measured sign-ins per method and kind of user, per run (default 2000)
  --warmup W          uncounted sign-ins when each server starts (default 1000)
  --concurrency C     sign-ins in parallel (default 16)
  --method M          magic-link, email-otp or all (default all)
  --runs R            runs; figures are their medians with the min-max spread (default 3)
  --users U           users in the database of the size comparison, against 1000 (default 100000;
                      1000000 for the issue's comparison; 0 skips it)
  --cpu K             the core to pin the server to with taskset (default: the last one)
  --database URL      run on PostgreSQL: postgres://user:pass@host:port/db of a server whose user may
                      create databases (one per seed and per server start, dropped at the end);
                      default FLOWGATE_DATABASE when that is a PostgreSQL URL, else SQLite files
  --from-sources      run the server from src/ through swc instead of dist/ (no build needed)
  --smoke             10 sign-ins, 1 run, 4 warm-up, concurrency 4, 2000-user comparison, from
                      sources:
                      checks that the bench works (the test suite runs it), measures nothing
  --help              this text`;

/** Parses `argv` (without node and the script); throws a usage error on anything unknown. */
export function parseOptions(argv: readonly string[], cpus: number): BenchOptions {
  const smoke = argv.includes('--smoke');
  const values = {
    signIns: smoke ? 10 : 2000,
    warmup: smoke ? 4 : 1000,
    concurrency: smoke ? 4 : 16,
    method: 'all',
    runs: smoke ? 1 : 3,
    users: smoke ? 2000 : 100_000,
    cpu: cpus - 1,
  };
  let build: ServerBuild = smoke ? 'sources' : 'dist';
  const fromEnv = process.env.FLOWGATE_DATABASE?.trim();
  let database = fromEnv && isPostgresUrl(fromEnv) ? fromEnv : undefined;
  const numeric: Record<string, keyof typeof values> = {
    '--sign-ins': 'signIns',
    '--warmup': 'warmup',
    '--concurrency': 'concurrency',
    '--runs': 'runs',
    '--users': 'users',
    '--cpu': 'cpu',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--smoke') continue;
    if (arg === '--from-sources') {
      build = 'sources';
      continue;
    }
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`${name} needs a value`);
    if (name === '--database') {
      if (!isPostgresUrl(value)) throw new UsageError(`--database must be a postgres:// URL, not ${value.replace(/\/\/[^@/]*@/, '//…@')}`);
      database = value;
      continue;
    }
    if (name === '--method') {
      if (value !== 'all' && !METHODS.includes(value as Method)) throw new UsageError(`--method must be magic-link, email-otp or all, not ${value}`);
      values.method = value;
      continue;
    }
    const key = numeric[name];
    if (!key) throw new UsageError(`unknown option ${arg}`);
    const n = Number(value);
    const min = key === 'warmup' || key === 'users' || key === 'cpu' ? 0 : 1;
    if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} must be a whole number of at least ${min}, not ${value}`);
    (values[key] as number) = n;
  }
  if (values.cpu >= cpus) throw new UsageError(`--cpu must be below ${cpus}, the number of CPUs`);
  const baseUsers = 1000;
  if (values.concurrency > baseUsers / 4) throw new UsageError(`--concurrency must be at most ${baseUsers / 4}`);
  if (values.users !== 0 && values.users < baseUsers) throw new UsageError(`--users must be 0 or at least ${baseUsers}`);
  const methods = values.method === 'all' ? METHODS : [values.method as Method];
  return { signIns: values.signIns, warmup: values.warmup, concurrency: values.concurrency, methods, runs: values.runs, baseUsers, users: values.users, build, cpu: values.cpu, smoke, database };
}

/** A mistake on the command line: printed with the usage, exit 2. */
export class UsageError extends Error {}
