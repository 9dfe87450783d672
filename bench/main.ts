/**
 * `npm run bench`: complete passwordless sign-ins per server CPU-second, as issue #22 asks for.
 * Starts a built Flowgate (dist/, built first when stale) pinned to one core, drives sign-ins
 * over the JSON face with mail over real SMTP to a sink in this process, and prints per method
 * and kind of user the server's CPU per sign-in, request latency, requests per sign-in, failures
 * and peak RSS, the start-up time, and the same sign-ins against a much larger user table.
 * Not a test: figures depend on the machine. `--smoke` only checks that it works; see USAGE.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../test/support/free-port';
import { Driver } from './driver';
import { postgresDatabases, sqliteDatabases, type BenchDatabases } from './databases';
import { prepareFlows, writeConfig } from './fixture';
import { MailSink } from './mail-sink';
import { parseOptions, UsageError, USAGE, type BenchOptions } from './options';
import { header, report, Results } from './report';
import { HAS_TASKSET, pinBenchAwayFrom, ROOT, ServerProcess } from './server-process';
import type { Method } from './sign-in';
import { figuresOf } from './stats';

/** Paths every server of one bench shares: the flows copy, the config, the seeded data dirs. */
interface Setup {
  readonly work: string;
  readonly flowsDir: string;
  readonly configFile: string;
  /** A data dir (and, on PostgreSQL, a database) with `population` users, by population. */
  readonly seeds: Map<number, { readonly dataDir: string; readonly database: string | undefined }>;
  readonly sink: MailSink;
  readonly databases: BenchDatabases;
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  const options = parseOptions(argv, os.cpus().length);
  if (options.build === 'dist') ensureBuilt();
  const databases = options.database !== undefined ? postgresDatabases(options.database) : sqliteDatabases();
  console.log(header(options, HAS_TASKSET, databases.label));
  pinBenchAwayFrom(options.cpu, os.cpus().length);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-bench-'));
  const sink = await MailSink.start();
  try {
    const setup = await prepare(work, sink, options, databases);
    const results = new Results();
    for (let run = 1; run <= options.runs; run++) {
      for (const method of options.methods) await serve(setup, options, results, run, method, options.baseUsers);
      // The size comparison alternates with the main runs, so drift on the machine hits both.
      if (options.users > 0) await serve(setup, options, results, run, options.methods[0]!, options.users);
    }
    console.log(report(options, results));
    return results.failures === 0 ? 0 : 1;
  } finally {
    await sink.stop();
    await databases.dropAll();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Builds dist/ the way `npm start` does when it is missing or older than the sources. */
function ensureBuilt(): void {
  const build = require(path.join(ROOT, 'scripts', 'build.js')) as { build(): boolean; isStale(entry: string): boolean; DIST: string };
  if (!build.isStale(path.join(build.DIST, 'src', 'main.js'))) return;
  console.error('bench: building dist/ (missing or older than the sources)…');
  if (!build.build()) throw new Error('the build failed');
}

/** The flows, the config, and one seeded data dir per population (a first start migrates it). */
async function prepare(work: string, sink: MailSink, options: BenchOptions, databases: BenchDatabases): Promise<Setup> {
  const flowsDir = path.join(work, 'flows');
  const configFile = path.join(work, 'flowgate.json');
  prepareFlows(flowsDir);
  writeConfig(configFile);
  const empty = path.join(work, 'seed-empty');
  fs.mkdirSync(empty);
  const migrated = await databases.createEmpty();
  const first = await ServerProcess.start({ build: options.build, dataDir: empty, flowsDir, configFile, port: await freePort(), smtpUrl: sink.url, cpu: options.cpu, database: migrated });
  await first.stop();
  fs.rmSync(path.join(empty, 'server.log'));
  const seeds: Setup['seeds'] = new Map();
  for (const population of [options.baseUsers, options.users]) {
    if (population === 0 || seeds.has(population)) continue;
    const started = Date.now();
    const dir = path.join(work, `seed-${population}`);
    fs.cpSync(empty, dir, { recursive: true });
    const database = await databases.seed(migrated, dir, population);
    if (population > options.baseUsers) console.log(`inserted ${population} users in bulk in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    seeds.set(population, { dataDir: dir, database });
  }
  return { work, flowsDir, configFile, seeds, sink, databases };
}

/** One server: start it on a copy of the seed, warm it up, measure new then returning users, stop it. */
async function serve(setup: Setup, options: BenchOptions, results: Results, run: number, method: Method, population: number): Promise<void> {
  const dataDir = path.join(setup.work, `run-${run}-${method}-${population}`);
  const seed = setup.seeds.get(population)!;
  fs.cpSync(seed.dataDir, dataDir, { recursive: true });
  const database = await setup.databases.copy(seed.database);
  const server = await ServerProcess.start({ ...setup, build: options.build, dataDir, port: await freePort(), smtpUrl: setup.sink.url, cpu: options.cpu, database });
  const driver = new Driver(server, setup.sink, population, options.concurrency);
  try {
    const label = `run ${run}/${options.runs}: ${method}, ${population} users`;
    if (options.warmup > 0) {
      const warm = await driver.warmUp(method, options.warmup, options.concurrency);
      results.addFailures(warm.failures, warm.errors.map((e) => `${method}, warm-up, ${population} in the database: ${e}`));
    }
    for (const users of ['new', 'returning'] as const) {
      const phase = await driver.measure(method, users, options.signIns, options.concurrency);
      const figures = figuresOf(phase);
      results.add(population, method, users, figures, phase.errors);
      console.log(`${label}, ${users}: ${figures.perCpuSecond.toFixed(1)} sign-ins/CPU-s, p99 ${figures.p99.toFixed(1)} ms, ${phase.failures} failures, ${phase.wallSeconds.toFixed(1)} s`);
    }
    results.addServer(population, method, server.peakRssMb(), server.startupMs);
    if (results.failures > 0) console.log(`server log (last lines):\n${server.logTail()}`);
  } finally {
    driver.close();
    await server.stop();
    await setup.databases.drop(database);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`bench: ${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  },
);
