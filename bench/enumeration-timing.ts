/**
 * How long the request that asks for a magic link takes for an address with an account and for
 * one without, with `forceCreateUser` off (so only the first is mailed). The answers are the same
 * page and status (the tests check that); this measures whether their time tells them apart.
 *
 *   node -r ./test/support/swc-register.js bench/enumeration-timing.ts [rounds]
 *
 * Runs the real app (routes, engine, SQLite in memory, mail rendered and queued in the outbox; no
 * delivery worker, so SMTP never enters the picture), alternating known and unknown addresses so
 * drift hits both alike, and prints the median and the 90th percentile of each in milliseconds.
 * Every round uses fresh addresses, so no send limit or lockout is involved. Not a test: timings
 * depend on the machine, and the point is the difference between the two rows.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { formTo, TestBrowser } from '../test/http/http-kit';
import { createTestApp } from '../test/support/test-app';

const FLOWS = path.join(__dirname, 'flows');
const WARM_UP = 50;

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 500);
  if (!Number.isInteger(rounds) || rounds < 10) throw new Error('rounds must be a whole number of at least 10');
  const app = await createTestApp({ flowsDir: FLOWS, plugins: [] });
  try {
    const browser = new TestBrowser(app.app);
    const timings = { known: [] as number[], unknown: [] as number[] };
    for (let i = 0; i < WARM_UP + rounds; i++) {
      for (const kind of i % 2 === 0 ? (['known', 'unknown'] as const) : (['unknown', 'known'] as const)) {
        const email = `${kind}-${i}@example.com`;
        if (kind === 'known') await app.users.create({ email });
        const form = formTo((await browser.start()).text, '/login-actions/authenticate');
        const started = performance.now();
        const answer = await browser.post(form, { email });
        const took = performance.now() - started;
        if (answer.status !== 303) throw new Error(`expected a redirect to the waiting page, got ${answer.status}`);
        if (i >= WARM_UP) timings[kind].push(took);
      }
    }
    console.log(`magic link, forceCreateUser off, ${rounds} requests each (ms)`);
    console.log('address   median    p90');
    for (const kind of ['known', 'unknown'] as const) {
      const sorted = [...timings[kind]].sort((a, b) => a - b);
      console.log(`${kind.padEnd(9)} ${quantile(sorted, 0.5).toFixed(3).padStart(6)} ${quantile(sorted, 0.9).toFixed(3).padStart(6)}`);
    }
  } finally {
    await app.close();
  }
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
