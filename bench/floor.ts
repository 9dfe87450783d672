import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { JsonClient } from './client';
import { MailSink } from './mail-sink';
import { cpuOf, HAS_TASKSET, pinBenchAwayFrom, ROOT } from './server-process';
import { LOGIN_PATH } from './sign-in';
import { summarize } from './stats';

/**
 * The floor (`npm run bench:floor`): what the packages Flowgate is built on cost for the work of
 * one magic-link sign-in, without Flowgate's logic, measured like `npm run bench` (server pinned
 * to one core, CPU from /proc/<pid>/stat, 16 clients, SMTP to a sink in this process). Each run
 * starts one server per variant, adding one package's share at a time:
 *   http                  express 5: 3 JSON requests with cookies and a body
 *   + mail                and one nodemailer mail over pooled SMTP
 *   + sql better-sqlite3  and N statements (indexed reads, single-row writes, WAL) on better-sqlite3
 *   + sql typeorm         the same statements through typeorm's `query` instead
 */

const VARIANTS = [
  { name: 'http', mail: false, sql: 'none' },
  { name: '+ mail', mail: true, sql: 'none' },
  { name: '+ sql better-sqlite3', mail: true, sql: 'better-sqlite3' },
  { name: '+ sql typeorm', mail: true, sql: 'typeorm' },
] as const;

type Variant = (typeof VARIANTS)[number];

const USAGE = `Usage: npm run bench:floor -- [options]

  --sign-ins N     measured sign-ins per variant, per run (default 1000)
  --warmup W       uncounted sign-ins when each server starts (default 500)
  --runs R         runs; figures are medians with the min-max spread (default 3)
  --statements S   SQLite statements per sign-in (default 37: a magic-link sign-in of Flowgate today)
  --concurrency C  sign-ins in parallel (default 16)
  --cpu K          the core to pin the server to (default: the last one)`;

interface FloorOptions {
  signIns: number;
  warmup: number;
  runs: number;
  statements: number;
  concurrency: number;
  cpu: number;
}

function parse(argv: readonly string[]): FloorOptions {
  const options: FloorOptions = { signIns: 1000, warmup: 500, runs: 3, statements: 37, concurrency: 16, cpu: os.cpus().length - 1 };
  const names: Record<string, keyof FloorOptions> = {
    '--sign-ins': 'signIns',
    '--warmup': 'warmup',
    '--runs': 'runs',
    '--statements': 'statements',
    '--concurrency': 'concurrency',
    '--cpu': 'cpu',
  };
  for (let i = 0; i < argv.length; i += 2) {
    const key = names[argv[i]!];
    const value = Number(argv[i + 1]);
    if (key === undefined || !Number.isInteger(value) || value < 0) throw new Error(`bad option ${argv[i]} ${argv[i + 1]}\n\n${USAGE}`);
    options[key] = value;
  }
  return options;
}

/** One floor server, pinned; resolves once it listens. */
interface FloorServer {
  readonly child: ChildProcess;
  readonly base: URL;
  /** Everything it printed so far. */
  readonly output: () => string;
}

async function startServer(variant: Variant, options: FloorOptions, sink: MailSink, dir: string): Promise<FloorServer> {
  const node = [process.execPath, '-r', path.join(ROOT, 'test', 'support', 'swc-register.js'), path.join(ROOT, 'bench', 'floor-server.ts')];
  const command = HAS_TASKSET ? ['taskset', '-c', String(options.cpu), ...node] : node;
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    FLOOR_SQL: variant.sql,
    FLOOR_STATEMENTS: String(options.statements),
    FLOOR_MAIL: variant.mail ? '1' : '0',
    FLOOR_DB: path.join(dir, `floor-${variant.sql}-${Date.now()}.sqlite`),
    SMTP_URL: sink.url,
  };
  const child = spawn(command[0]!, command.slice(1), { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /listening (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`the floor server exited (${code}) before listening`)));
  });
  return { child, base: new URL(`http://127.0.0.1:${port}`), output: () => out };
}

/** Stops the server and checks it ran every statement and sent every mail it was asked to. */
async function stopAndCheck(server: FloorServer, variant: Variant, options: FloorOptions): Promise<void> {
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
  const [, statements, mails] = /done (\d+) (\d+)/.exec(server.output()) ?? [];
  const signIns = options.warmup + options.signIns;
  const expected = { statements: variant.sql === 'none' ? 0 : signIns * options.statements, mails: variant.mail ? signIns : 0 };
  if (Number(statements) !== expected.statements || Number(mails) !== expected.mails) {
    throw new Error(`${variant.name}: ran ${statements} statements and sent ${mails} mails, expected ${expected.statements} and ${expected.mails}`);
  }
}

/** One sign-in's requests: open, post the address, (wait for the mail,) post the code. */
async function signIn(client: JsonClient, sink: MailSink, mail: boolean, email: string): Promise<void> {
  const first = await client.get(LOGIN_PATH);
  const href = (first.body['actions'] as { submit: { href: string } }).submit.href;
  const second = await client.post(href, { csrf: 'x', step: '1', email });
  if (second.body['view'] !== 'magic-link') throw new Error(`unexpected answer ${JSON.stringify(second.body)}`);
  const code = mail ? (await sink.next(email, () => true, 30_000)).code : '123456';
  if (!code) throw new Error(`the mail to ${email} has no code`);
  const done = await client.post(href, { csrf: 'x', step: '2', code });
  if (done.body['type'] !== 'success') throw new Error(`unexpected answer ${JSON.stringify(done.body)}`);
}

let counter = 0;

/** `count` sign-ins, `concurrency` at a time; returns the server's CPU seconds over them. */
async function drive(pid: number, base: URL, sink: MailSink, mail: boolean, count: number, concurrency: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const before = cpuOf(pid).seconds;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      await signIn(new JsonClient(base, agent, () => undefined), sink, mail, `floor-${counter++}@example.com`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const spent = cpuOf(pid).seconds - before;
  agent.destroy();
  return spent;
}

async function main(argv: readonly string[]): Promise<void> {
  const options = parse(argv);
  pinBenchAwayFrom(options.cpu, os.cpus().length);
  const sink = await MailSink.start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-floor-'));
  const perSignIn = new Map<string, number[]>(VARIANTS.map((v) => [v.name, []]));
  console.log(
    `Flowgate floor bench, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${os.cpus()[0]?.model.trim()} (${os.cpus().length} CPUs)\n` +
      `server ${HAS_TASKSET ? `pinned to CPU ${options.cpu}` : 'not pinned (no taskset)'}; ${options.runs} run(s) × ${options.signIns} sign-ins per variant after ${options.warmup} warm-up, concurrency ${options.concurrency}, ${options.statements} statements per sign-in`,
  );
  try {
    for (let run = 1; run <= options.runs; run++) {
      for (const variant of VARIANTS) {
        const server = await startServer(variant, options, sink, dir);
        let ms: number;
        try {
          await drive(server.child.pid!, server.base, sink, variant.mail, options.warmup, options.concurrency);
          const seconds = await drive(server.child.pid!, server.base, sink, variant.mail, options.signIns, options.concurrency);
          ms = (seconds * 1000) / options.signIns;
        } finally {
          await stopAndCheck(server, variant, options);
          sink.clear();
        }
        perSignIn.get(variant.name)!.push(ms);
        console.log(`run ${run}/${options.runs}: ${variant.name}: ${ms.toFixed(2)} CPU ms per sign-in`);
      }
    }
  } finally {
    await sink.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log('\nvariant                 CPU ms / sign-in (median, min–max)   sign-ins / CPU-s');
  for (const [name, values] of perSignIn) {
    const s = summarize(values);
    console.log(`${name.padEnd(24)}${s.median.toFixed(2).padStart(6)} (${s.min.toFixed(2)}–${s.max.toFixed(2)})${' '.repeat(18)}${(1000 / s.median).toFixed(0).padStart(6)}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
