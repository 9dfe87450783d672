import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../support/free-port';

const ROOT = path.join(__dirname, '..', '..');

/** Resolves with the first JSON log line on `child`'s stdout that satisfies `match`. */
function waitForLine(child: ChildProcess, match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const text = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        try {
          const line = JSON.parse(text) as Record<string, unknown>;
          if (match(line)) {
            child.stdout!.off('data', onData);
            resolve(line);
          }
        } catch {
          reject(new Error(`stdout is not JSON lines: ${text}`));
        }
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before the line appeared`)));
  });
}

describe('main: npm start serves the login pages', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-main-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('migrates ./data, imports the flows, listens, prints the login URL, serves it; SIGTERM drains and exits 0', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['-r', path.join(ROOT, 'test', 'support', 'swc-register.js'), path.join(ROOT, 'src', 'main.ts')], {
      cwd: dir,
      env: { PATH: process.env['PATH'], PORT: String(port), HOST: '127.0.0.1', FLOWGATE_FLOWS_DIR: path.join(ROOT, 'flows'), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    try {
      const listening = await waitForLine(child, (l) => typeof l['loginUrl'] === 'string');
      const loginUrl = `http://127.0.0.1:${port}/realms/main/login`;
      expect(listening).toMatchObject({ loginUrl, msg: expect.stringContaining(loginUrl) });
      expect(fs.existsSync(path.join(dir, 'data', 'flowgate.sqlite'))).toBe(true);

      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      const login = await fetch(loginUrl, { redirect: 'manual' });
      expect(login.status).toBe(303);
      expect(login.headers.get('location')).toMatch(/^\/realms\/main\/login-actions\/authenticate\?tab_id=/);

      const stopped = waitForLine(child, (l) => l['msg'] === 'stopped');
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await stopped;
      expect(await exited).toBe(0);
    } catch (err) {
      throw new Error(`${(err as Error).message}\nstderr:\n${stderr}`);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
