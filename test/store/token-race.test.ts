import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../src/store/data-source';
import { TokenStore } from '../../src/store/token.store';
import { MIGRATIONS } from '../../src/store/migrations';

const REGISTER = resolve(__dirname, '../support/swc-register.js');
const CHILD = resolve(__dirname, 'fixtures/consume-child.ts');
const PROCESSES = 8;
const ROUNDS = 5;

/** A child process speaking JSON lines. */
class Child {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly queue: unknown[] = [];
  private readonly waiters: Array<(message: unknown) => void> = [];
  private stderr = '';

  constructor(mode: 'consume' | 'open', database: string) {
    this.proc = spawn(process.execPath, ['-r', REGISTER, CHILD, mode, database], { stdio: 'pipe' });
    this.proc.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    createInterface({ input: this.proc.stdout }).on('line', (line) => {
      if (!line.startsWith('{')) return; // a library's own output, not the protocol
      const message: unknown = JSON.parse(line);
      const waiter = this.waiters.shift();
      if (waiter) waiter(message);
      else this.queue.push(message);
    });
    this.proc.on('exit', (code) => {
      for (const waiter of this.waiters.splice(0)) waiter({ exited: code, stderr: this.stderr });
    });
  }

  /** The next message. */
  next(): Promise<unknown> {
    if (this.queue.length > 0) return Promise.resolve(this.queue.shift());
    return new Promise((resolveMessage) => this.waiters.push(resolveMessage));
  }

  send(message: unknown): void {
    this.proc.stdin.write(`${JSON.stringify(message)}\n`);
  }

  /** Closes stdin and waits for a clean exit. */
  async end(): Promise<number | null> {
    if (this.proc.exitCode !== null) return this.proc.exitCode;
    const exited = new Promise<number | null>((done) => this.proc.once('exit', done));
    this.proc.stdin.end();
    return exited;
  }

  kill(): void {
    if (this.proc.exitCode === null) this.proc.kill();
  }
}

describe('single use across OS processes', () => {
  let dir: string;
  let children: Child[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fg-race-'));
  });
  afterEach(() => {
    for (const child of children) child.kill();
    children = [];
    rmSync(dir, { recursive: true, force: true });
  });

  it(`lets exactly one of ${PROCESSES} processes consume a secret, round after round`, async () => {
    const database = join(dir, 'flowgate.db');
    const ds: DataSource = await openDatabase({ database });
    try {
      const tokens = new TokenStore(ds, { now: () => Date.now() }).forRealm('main');
      children = Array.from({ length: PROCESSES }, () => new Child('consume', database));
      expect(await Promise.all(children.map((c) => c.next()))).toEqual(Array(PROCESSES).fill({ ready: true }));

      for (let round = 0; round < ROUNDS; round++) {
        const issued = await tokens.issue({ purpose: 'magic-link', subject: `user-${round}`, ttlSeconds: 600 });
        // Every child is blocked on stdin; this releases them all at once.
        for (const child of children) child.send({ secret: issued.secret });
        const results = await Promise.all(children.map((c) => c.next()));
        expect(results.filter((r) => JSON.stringify(r) === JSON.stringify({ ok: true, id: issued.id }))).toHaveLength(1);
        expect(results.filter((r) => JSON.stringify(r) === JSON.stringify({ ok: false, reason: 'consumed' }))).toHaveLength(PROCESSES - 1);
        expect(await tokens.consume('magic-link', issued.secret)).toEqual({ ok: false, reason: 'consumed' });
      }
      expect(await Promise.all(children.map((c) => c.end()))).toEqual(Array(PROCESSES).fill(0));
    } finally {
      await ds.destroy();
    }
  }, 60_000);

  it(`lets ${PROCESSES} processes open and migrate a fresh database file at once`, async () => {
    const database = join(dir, 'fresh', 'flowgate.db');
    children = Array.from({ length: PROCESSES }, () => new Child('open', database));
    expect(await Promise.all(children.map((c) => c.next()))).toEqual(Array(PROCESSES).fill({ ready: true }));
    for (const child of children) child.send({ go: true });
    expect(await Promise.all(children.map((c) => c.next()))).toEqual(Array(PROCESSES).fill({ ok: true, pending: false }));
    expect(await Promise.all(children.map((c) => c.end()))).toEqual(Array(PROCESSES).fill(0));

    const ds = await openDatabase({ database });
    try {
      expect(await ds.query('SELECT COUNT(*) AS n FROM migrations')).toEqual([{ n: MIGRATIONS.length }]);
      expect((await ds.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
    } finally {
      await ds.destroy();
    }
  }, 60_000);
});
