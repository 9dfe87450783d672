import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { bootEngine } from '../../src/composition/boot';
import { disposeContainer, TYPES } from '../../src/composition/container';
import { loadServerConfig } from '../../src/config/server-config';
import { HTTP_FLOWS } from '../support/test-app';

const ROOT = path.join(__dirname, '..', '..');

describe('node scripts/rotate-keys.js', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-rotate-keys-'));
    env = { FLOWGATE_DATA_DIR: path.join(dir, 'data'), FLOWGATE_FLOWS_DIR: HTTP_FLOWS, FLOWGATE_PLUGINS: path.join(HTTP_FLOWS, '..', 'plugins', 'fixed-code'), PUBLIC_URL: 'https://id.example.com' };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  // The compiled script runs the same module; under test it runs from the sources.
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['-r', path.join(ROOT, 'test', 'support', 'swc-register.js'), path.join(ROOT, 'src', 'cli', 'rotate-keys.ts'), ...args], {
      cwd: dir,
      env: { PATH: process.env['PATH'], ...env },
      encoding: 'utf8',
    });

  test('rotates a realm\'s keys in the database the server uses; a wrong command line is a usage error', async () => {
    const booted = await bootEngine(loadServerConfig(env, dir), pino({ level: 'silent' }));
    const before = await booted.get(TYPES.SigningKeyStore).published('main');
    await disposeContainer(booted);

    expect(cli().status).toBe(2);
    expect(cli('main', '--publish-ahead', '-5').status).toBe(2);
    const unknown = cli('nowhere');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("no realm 'nowhere'");

    const rotated = cli('main', '--publish-ahead', '0');
    expect(rotated.stderr).toBe('');
    expect(rotated.status).toBe(0);
    const kids = /: (\S+), (\S+)\n$/.exec(rotated.stdout)!.slice(1);

    const again = await bootEngine(loadServerConfig(env, dir), pino({ level: 'silent' }));
    try {
      const after = await again.get(TYPES.SigningKeyStore).published('main');
      expect(after.keys.slice(0, 2).map((k) => k.kid).sort()).toEqual([...kids].sort());
      expect(after.keys.map((k) => k.kid)).toEqual(expect.arrayContaining(before.keys.map((k) => k.kid)));
    } finally {
      await disposeContainer(again);
    }
  });
});
