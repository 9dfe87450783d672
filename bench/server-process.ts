import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LOGIN_PATH } from './sign-in';

export const ROOT = path.resolve(__dirname, '..');
/** The node options `npm start` runs the server with (scripts/server-node-args.js): measured as shipped. */
const { SERVER_NODE_ARGS } = require('../scripts/server-node-args') as { SERVER_NODE_ARGS: readonly string[] };

/** Which Flowgate runs: the build in dist/ (what `npm start` runs), or the sources through swc (smoke). */
export type ServerBuild = 'dist' | 'sources';

export interface ServerOptions {
  readonly build: ServerBuild;
  /** A data dir holding a migrated database (copied from the seed); the server owns it from now on. */
  readonly dataDir: string;
  readonly flowsDir: string;
  readonly configFile: string;
  readonly port: number;
  readonly smtpUrl: string;
  /** The core to pin the server to with taskset, or undefined for none. */
  readonly cpu: number | undefined;
  /** `FLOWGATE_DATABASE` (a PostgreSQL URL); unset for the SQLite file in the data dir. */
  readonly database?: string | undefined;
}

/** Server CPU in seconds (user + system) read from `/proc/<pid>/stat`. */
export interface CpuReading {
  readonly seconds: number;
}

/** Clock ticks per second of `/proc/<pid>/stat`'s utime and stime. */
const CLOCK_TICKS = (() => {
  const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const ticks = Number(out.stdout?.trim());
  return Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
})();

/** CPU process `pid` has used so far (user + system). */
export function cpuOf(pid: number): CpuReading {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at state; utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { seconds: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS };
}

/** Whether `taskset` can pin the server (util-linux; absent on macOS and in some containers). */
export const HAS_TASKSET = spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0;

/**
 * Keeps this process (every thread: the sink, the clients, libuv's pool) off the server's core, so
 * the two do not take turns on it and the latencies measure the server, not the scheduler.
 */
export function pinBenchAwayFrom(cpu: number, cpus: number): void {
  const others = Array.from({ length: cpus }, (_, i) => i).filter((i) => i !== cpu);
  if (HAS_TASKSET && others.length > 0) spawnSync('taskset', ['-a', '-p', '-c', others.join(','), String(process.pid)], { stdio: 'ignore' });
}

/** How long a start may take before the bench gives up (sources are compiled on the fly: slower). */
const START_TIMEOUT_MS = 60_000;

/**
 * One Flowgate server process on localhost: spawned with the shipped flows (copied, see
 * `prepareFlows`), a throw-away data dir and real SMTP to the bench's sink. Its log goes to a file
 * in the data dir (as a production log would go to a file or journald), shown when it fails.
 */
export class ServerProcess {
  /** Milliseconds from spawn to the first 200 of the login page. */
  startupMs = 0;

  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: URL,
    readonly logFile: string,
  ) {}

  static async start(options: ServerOptions): Promise<ServerProcess> {
    const logFile = path.join(options.dataDir, 'server.log');
    const log = fs.openSync(logFile, 'a');
    const entry =
      options.build === 'dist'
        ? [...SERVER_NODE_ARGS, path.join(ROOT, 'dist', 'src', 'main.js')]
        : ['-r', path.join(ROOT, 'test', 'support', 'swc-register.js'), path.join(ROOT, 'src', 'main.ts')];
    // For profiling (docs/performance.md): e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` or
    // `-r ./bench/profile/count-sql.js`, split on spaces.
    const extra = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter((a) => a !== '') ?? [];
    const node = [process.execPath, ...extra, ...entry];
    const command = options.cpu !== undefined && HAS_TASKSET ? ['taskset', '-c', String(options.cpu), ...node] : node;
    const baseUrl = new URL(`http://127.0.0.1:${options.port}`);
    const started = performance.now();
    // taskset execs node, so the pid is the server's own.
    const child = spawn(command[0]!, command.slice(1), { cwd: ROOT, env: serverEnv(options, baseUrl), stdio: ['ignore', log, log] });
    fs.closeSync(log);
    const server = new ServerProcess(child, baseUrl, logFile);
    await server.waitForFirstPage(started);
    return server;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** CPU the server has used so far. */
  cpu(): CpuReading {
    return cpuOf(this.pid);
  }

  /** Peak resident memory so far (VmHWM), in MB. */
  peakRssMb(): number {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = Number(/^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? NaN);
    return kb / 1024;
  }

  /** The last lines of its log, for a failure message. */
  logTail(lines = 20): string {
    return fs.readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  }

  /** SIGKILL: the node dies mid-work (no graceful stop), as a crashed machine's would. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGKILL');
    await exited;
  }

  /** SIGTERM (a graceful stop: requests finish, mail delivery stops, the database closes). */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }

  private async waitForFirstPage(started: number): Promise<void> {
    const deadline = started + START_TIMEOUT_MS;
    let exited = false;
    this.child.once('exit', () => (exited = true));
    while (performance.now() < deadline) {
      if (exited) throw new Error(`the server exited during start:\n${this.logTail()}`);
      if ((await statusOf(new URL(LOGIN_PATH, this.baseUrl))) === 200) {
        this.startupMs = performance.now() - started;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await this.stop();
    throw new Error(`no login page within ${START_TIMEOUT_MS} ms:\n${this.logTail()}`);
  }
}

/** The server's environment: ours without Flowgate's own variables, then the bench's. */
function serverEnv(options: ServerOptions, baseUrl: URL): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  const ours = /^(FLOWGATE_|PORT$|HOST$|PUBLIC_URL$|SMTP_URL$|MAIL_FROM$|LOG_LEVEL$|NODE_OPTIONS$)/;
  for (const [name, value] of Object.entries(process.env)) if (!ours.test(name)) env[name] = value;
  return {
    ...env,
    FLOWGATE_CONFIG: options.configFile,
    FLOWGATE_DATA_DIR: options.dataDir,
    FLOWGATE_FLOWS_DIR: options.flowsDir,
    HOST: '127.0.0.1',
    PORT: String(options.port),
    PUBLIC_URL: baseUrl.origin,
    SMTP_URL: options.smtpUrl,
    NODE_ENV: 'production',
    ...(options.database !== undefined && { FLOWGATE_DATABASE: options.database }),
  };
}

/** The status of one GET (JSON accepted), or 0 when nothing answers yet. */
function statusOf(url: URL): Promise<number> {
  return new Promise((resolve) => {
    const request = http.get(url, { headers: { accept: 'application/json' }, agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', () => resolve(0));
  });
}
