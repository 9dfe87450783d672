import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { JsonClient } from './client';
import { populationEmail } from './fixture';
import type { MailSink } from './mail-sink';
import type { ServerProcess } from './server-process';
import { MAILS_PER_SIGN_IN, signIn, type Method } from './sign-in';
import type { PhaseResult } from './stats';

/** Who signs in: people without an account (sign-up on first use) or people of the population. */
export type Users = 'new' | 'returning';

/** Failure messages kept per phase, for the report. */
const KEPT_ERRORS = 5;

/** A prime stride through the population, so consecutive returning sign-ins hit scattered rows. */
const STRIDE = 7919;

/**
 * Drives sign-ins against one server: C clients in parallel, each taking the next sign-in until
 * N are done. Addresses never repeat among sign-ins in flight (a repeat would let two sign-ins
 * take each other's mail), and returning users step through the population so a large table is
 * read all over, not in one warm corner.
 */
export class Driver {
  private readonly agent: http.Agent;
  private newUsers = 0;
  private returning = 0;

  constructor(
    private readonly server: ServerProcess,
    private readonly sink: MailSink,
    private readonly population: number,
    concurrency: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  }

  /** Sign-ins whose cost is not counted: JIT, caches and SQLite pages warm, half new, half returning. */
  async warmUp(method: Method, count: number, concurrency: number): Promise<PhaseResult> {
    return this.phase(method, count, concurrency, (i) => (i % 2 === 0 ? 'new' : 'returning'));
  }

  /** N sign-ins of one kind, with the server's CPU read before and after. */
  async measure(method: Method, users: Users, count: number, concurrency: number): Promise<PhaseResult> {
    return this.phase(method, count, concurrency, () => users);
  }

  close(): void {
    this.agent.destroy();
  }

  private async phase(method: Method, count: number, concurrency: number, kind: (i: number) => Users): Promise<PhaseResult> {
    const latencies: number[] = [];
    const errors: string[] = [];
    let next = 0;
    let requests = 0;
    let failures = 0;
    const mailsBefore = this.sink.count;
    const cpuBefore = this.server.cpu().seconds;
    const started = performance.now();
    const worker = async (): Promise<void> => {
      while (next < count) {
        const i = next++;
        const client = new JsonClient(this.server.baseUrl, this.agent, (ms) => latencies.push(ms));
        try {
          await signIn(client, this.sink, method, this.email(kind(i)));
        } catch (error) {
          failures++;
          if (errors.length < KEPT_ERRORS) errors.push(error instanceof Error ? error.message : String(error));
        }
        requests += client.requests;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
    const wallSeconds = (performance.now() - started) / 1000;
    // Every mail the phase caused is its work, and it is exactly one per sign-in: a second one would be a regression.
    const expected = count * MAILS_PER_SIGN_IN;
    if (failures === 0 && (!(await this.sink.waitForCount(mailsBefore + expected, 10_000)) || this.sink.count - mailsBefore !== expected)) {
      failures++;
      errors.push(`expected ${expected} mails, got ${this.sink.count - mailsBefore}`);
    }
    const cpuSeconds = this.server.cpu().seconds - cpuBefore;
    this.sink.clear();
    return { signIns: count, failures, cpuSeconds, wallSeconds, latencies, requests, errors };
  }

  private email(users: Users): string {
    if (users === 'new') return `new-${this.newUsers++}@bench.example.com`;
    const stride = this.population % STRIDE === 0 ? 1 : STRIDE;
    return populationEmail((this.returning++ * stride) % this.population);
  }
}
