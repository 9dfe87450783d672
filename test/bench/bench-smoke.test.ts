import { spawn } from 'node:child_process';
import path from 'node:path';
import { TEST_POSTGRES } from '../support/test-database';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Runs `npm run bench -- --smoke` (the command itself, not through npm), on the PostgreSQL server
 * of the test run when there is one; resolves with its exit and output.
 */
function runSmoke(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', './test/support/swc-register.js', 'bench/main.ts', '--smoke', ...(TEST_POSTGRES ? ['--database', TEST_POSTGRES] : [])], { cwd: ROOT });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

// The benchmark is not a test (its figures depend on the machine, and speed is never asserted);
// this only keeps it from rotting: the smoke mode must sign people in by both methods, new and
// returning, against both database sizes, without a failure, and print every field of the report.
describe('npm run bench -- --smoke', () => {
  test('completes with no failure and prints the report', async () => {
    const { code, output } = await runSmoke();
    expect({ code, output }).toMatchObject({ code: 0 });
    for (const field of ['sign-ins/CPU-s', 'CPU ms/sign-in', 'p50 ms', 'p95 ms', 'p99 ms', 'requests/sign-in', 'failures', 'peak RSS MB']) {
      expect(output).toContain(field);
    }
    for (const method of ['magic-link', 'email-otp']) {
      for (const users of ['new', 'returning']) expect(output).toMatch(new RegExp(`^${method} +${users} +\\d`, 'm'));
    }
    expect(output).toMatch(/^1000 vs 2000 users in the database/m);
    expect(output).toMatch(/^start-up to the first page: \d+/m);
    expect(output).toMatch(/^failures: 0$/m);
    expect(output).toContain(TEST_POSTGRES ? 'PostgreSQL at' : 'SQLite file');
  }, 120_000);
});
