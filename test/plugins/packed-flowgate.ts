import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
// What the package is made of (its `files`, and the sources its build compiles): a tarball older
// than any of them is packed again.
const PACKAGE_INPUTS = ['package.json', 'bin', 'flows', 'templates', 'admin-ui', 'src', 'authenticators', 'scripts/build.js', 'tsconfig.json', 'tsconfig.build.json'];
const CACHE = path.join(os.tmpdir(), `flowgate-pack-${crypto.createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}`);
const LOCK = `${CACHE}.lock`;
const LOCK_STALE_MS = 5 * 60 * 1000;

const { newestMtime } = require(path.join(ROOT, 'scripts', 'build.js')) as { newestMtime(file: string): number };

/**
 * This checkout packed as `npm publish` would pack it (`npm pack`: the `prepack` build, then the
 * package's `files`), as a tarball path. Packed once and reused while nothing it is made of
 * changed; test files packing at the same time wait for each other (a lock directory), since the
 * build replaces dist/.
 */
export function packedFlowgate(): string {
  fs.mkdirSync(path.dirname(CACHE), { recursive: true });
  withLock(() => {
    const tarball = cachedTarball();
    const newest = Math.max(...PACKAGE_INPUTS.map((input) => newestMtime(path.join(ROOT, input))));
    if (tarball && fs.statSync(tarball).mtimeMs > newest) return;
    fs.rmSync(CACHE, { recursive: true, force: true });
    fs.mkdirSync(CACHE, { recursive: true });
    const packed = spawnSync('npm', ['pack', '--pack-destination', CACHE, '--loglevel=error'], { cwd: ROOT, encoding: 'utf8' });
    if (packed.status !== 0) throw new Error(`npm pack failed (${packed.status}):\n${packed.stdout}${packed.stderr}`);
  });
  const tarball = cachedTarball();
  if (!tarball) throw new Error(`npm pack left no tarball in ${CACHE}`);
  return tarball;
}

function cachedTarball(): string | undefined {
  const name = fs.existsSync(CACHE) ? fs.readdirSync(CACHE).find((f) => f.endsWith('.tgz')) : undefined;
  return name === undefined ? undefined : path.join(CACHE, name);
}

function withLock(work: () => void): void {
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // A lock left by a killed run is taken over once it is old.
      const held = fs.statSync(LOCK, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > LOCK_STALE_MS) fs.rmSync(LOCK, { recursive: true, force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    work();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}
