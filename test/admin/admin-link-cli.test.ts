import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { ADMIN_REALM } from '../../src/admin/admin-realm';
import { BOOTSTRAP_TOKEN_PURPOSE } from '../../src/admin/bootstrap/bootstrap-link';
import { bootEngine } from '../../src/composition/boot';
import { loadServerConfig } from '../../src/config/server-config';
import { disposeContainer, TYPES } from '../../src/composition/container';
import type { TokenStore, UserStore } from '../../src/store';
import { HTTP_FLOWS } from '../support/test-app';

const ROOT = path.join(__dirname, '..', '..');

describe('node scripts/admin-link.js', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-admin-link-'));
    env = { FLOWGATE_DATA_DIR: path.join(dir, 'data'), FLOWGATE_FLOWS_DIR: HTTP_FLOWS, FLOWGATE_PLUGINS: path.join(HTTP_FLOWS, '..', 'plugins', 'fixed-code'), PUBLIC_URL: 'https://id.example.com' };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  // The compiled script runs the same module; under test it runs from the sources.
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['-r', path.join(ROOT, 'test', 'support', 'swc-register.js'), path.join(ROOT, 'src', 'cli', 'admin-link.ts'), ...args], {
      cwd: dir,
      env: { PATH: process.env['PATH'], ...env },
      encoding: 'utf8',
    });

  test('before the first start it says to start Flowgate; then it makes the named admin and prints a working link', async () => {
    const early = cli('--email', 'ops@example.com');
    expect(early.status).toBe(1);
    expect(early.stderr).toContain('start Flowgate once first');

    await disposeContainer(await bootEngine(loadServerConfig(env, dir), pino({ level: 'silent' })));
    expect(cli().stderr).toContain('--email');

    const made = cli('--email', 'Ops@Example.com');
    expect(made.status).toBe(0);
    const url = /(https:\/\/id\.example\.com\/admin\/bootstrap\?key=[A-Za-z0-9_-]+)/.exec(made.stdout)![1]!;
    expect(made.stdout).toContain('ops@example.com');

    const container = await bootEngine(loadServerConfig(env, dir), pino({ level: 'silent' }));
    try {
      const admin = await container.get(TYPES.UserStore).forRealm(ADMIN_REALM).findByEmail('ops@example.com');
      const key = new URL(url).searchParams.get('key')!;
      const token = await container.get(TYPES.TokenStore).forRealm(ADMIN_REALM).inspect(BOOTSTRAP_TOKEN_PURPOSE, key);
      expect(token).toMatchObject({ ok: true, token: { subject: admin!.id } });
    } finally {
      await disposeContainer(container);
    }
  }, 60_000);
});
