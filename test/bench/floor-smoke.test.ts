import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/** Runs `npm run bench:floor` (the command itself) with a few sign-ins; resolves with its exit and output. */
function runFloor(args: readonly string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', './test/support/swc-register.js', 'bench/floor.ts', ...args], { cwd: ROOT });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

// Like the bench's smoke test: no speed is asserted, only that every variant does the whole work
// (the floor checks each server ran every statement and sent every mail, and fails otherwise) and
// prints its figure.
describe('npm run bench:floor', () => {
  test('every variant completes its sign-ins and prints CPU per sign-in', async () => {
    const { code, output } = await runFloor(['--sign-ins', '6', '--warmup', '2', '--runs', '1', '--statements', '9', '--concurrency', '3']);
    expect({ code, output }).toMatchObject({ code: 0 });
    for (const variant of ['http', '\\+ mail', '\\+ sql better-sqlite3', '\\+ sql typeorm']) {
      expect(output).toMatch(new RegExp(`^${variant} +\\d+\\.\\d\\d \\(`, 'm'));
    }
  }, 120_000);

  test('a bad option is refused with the usage', async () => {
    const { code, output } = await runFloor(['--sign-ins', 'many']);
    expect(code).toBe(1);
    expect(output).toContain('Usage: npm run bench:floor');
  }, 60_000);
});
