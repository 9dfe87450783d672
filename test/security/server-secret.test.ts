import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import pino from 'pino';
import { deriveKey, loadOrCreateServerSecret } from '../../src/security/server-secret';

const REGISTER = resolve(__dirname, '../support/swc-register.js');
const CHILD = resolve(__dirname, 'fixtures/server-secret-child.ts');
const posix = process.platform !== 'win32';
/** Mode bits exist on POSIX systems only. */
const posixIt = posix ? it : it.skip;

/** A real pino logger writing into an array, so the test sees exactly what would be logged. */
function capturingLogger(): { logger: pino.Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines };
}

/** Lets pino's stream deliver what it was given. */
const flush = (): Promise<void> => new Promise((done) => setImmediate(done));

describe('loadOrCreateServerSecret', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fg-secret-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a 32-byte secret readable by its owner only, and warns once', async () => {
    const { logger, lines } = capturingLogger();
    const dataDir = join(dir, 'data', 'nested');
    const secret = await loadOrCreateServerSecret(dataDir, logger);
    expect(secret).toHaveLength(32);
    const file = join(dataDir, 'server.key');
    expect(readFileSync(file, 'utf8')).toBe(`${secret.toString('base64')}\n`);
    if (posix) expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dataDir)).toEqual(['server.key']); // no temporary file left behind
    await flush();
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        path: file,
        msg: `generated a new server secret at ${file}; keep it: losing it signs everyone's CSRF tokens anew`,
      }),
    ]);
  });

  it('reads the same secret back on the next start, without a warning', async () => {
    const first = await loadOrCreateServerSecret(dir, capturingLogger().logger);
    const { logger, lines } = capturingLogger();
    const again = await loadOrCreateServerSecret(dir, logger);
    expect(again.equals(first)).toBe(true);
    await flush();
    expect(lines).toEqual([]);
  });

  it('accepts a secret an operator put there: base64 or base64url, 32 bytes or more, with whitespace', async () => {
    const secret = randomBytes(48);
    for (const text of [secret.toString('base64'), `  ${secret.toString('base64url')}\r\n`]) {
      writeFileSync(join(dir, 'server.key'), text, { mode: 0o600 });
      expect((await loadOrCreateServerSecret(dir, capturingLogger().logger)).equals(secret)).toBe(true);
    }
  });

  it('follows a symbolic link to the secret (as mounted secrets are)', async () => {
    const secret = randomBytes(32);
    writeFileSync(join(dir, 'mounted.key'), secret.toString('base64'), { mode: 0o400 });
    symlinkSync(join(dir, 'mounted.key'), join(dir, 'server.key'));
    expect((await loadOrCreateServerSecret(dir, capturingLogger().logger)).equals(secret)).toBe(true);
  });

  it.each([
    ['too short', randomBytes(31).toString('base64')],
    ['empty', ''],
    ['not base64', `${randomBytes(32).toString('hex')}!`],
    ['two lines', `${randomBytes(32).toString('base64')}\n${randomBytes(32).toString('base64')}`],
    ['huge', 'A'.repeat(5000)],
  ])('refuses a file that is %s, and leaves it alone', async (_label, text) => {
    const file = join(dir, 'server.key');
    writeFileSync(file, text, { mode: 0o600 });
    await expect(loadOrCreateServerSecret(dir, capturingLogger().logger)).rejects.toMatchObject({
      code: 'FG_SERVER_SECRET_INVALID',
      location: { file },
    });
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  posixIt.each([0o640, 0o604, 0o644, 0o660, 0o602])('refuses a secret with mode %o (others may read it)', async (mode) => {
    const file = join(dir, 'server.key');
    writeFileSync(file, randomBytes(32).toString('base64'));
    chmodSync(file, mode);
    await expect(loadOrCreateServerSecret(dir, capturingLogger().logger)).rejects.toMatchObject({ code: 'FG_SERVER_SECRET_INVALID' });
  });

  it('refuses a directory in place of the file', async () => {
    await loadOrCreateServerSecret(join(dir, 'server.key'), capturingLogger().logger); // makes server.key a directory
    await expect(loadOrCreateServerSecret(dir, capturingLogger().logger)).rejects.toMatchObject({ code: 'FG_SERVER_SECRET_INVALID' });
  });

  it('gives every concurrent caller in one process the same secret, and warns once', async () => {
    const { logger, lines } = capturingLogger();
    const secrets = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateServerSecret(dir, logger)));
    for (const secret of secrets) expect(secret.equals(secrets[0])).toBe(true);
    expect(readdirSync(dir)).toEqual(['server.key']);
    await flush();
    expect(lines).toHaveLength(1);
  });

  it('gives processes starting at once on a fresh data directory the same secret', async () => {
    const dataDir = join(dir, 'shared');
    const children = Array.from({ length: 6 }, () => {
      const proc = spawn(process.execPath, ['-r', REGISTER, CHILD, dataDir], { stdio: 'pipe' });
      const messages = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
      const next = async (): Promise<Record<string, unknown>> => {
        const line = await messages.next();
        if (line.done) throw new Error('child exited early');
        return JSON.parse(line.value) as Record<string, unknown>;
      };
      return { proc, next };
    });
    try {
      for (const child of children) expect(await child.next()).toEqual({ ready: true });
      for (const child of children) child.proc.stdin.write('go\n');
      const results = await Promise.all(children.map((child) => child.next()));
      const secret = readFileSync(join(dataDir, 'server.key'), 'utf8').trim();
      expect(results.map((r) => r.secret)).toEqual(children.map(() => secret));
      expect(results.reduce((sum, r) => sum + (r.warnings as number), 0)).toBe(1);
      expect(readdirSync(dataDir)).toEqual(['server.key']);
    } finally {
      for (const { proc } of children) if (proc.exitCode === null) proc.kill();
    }
  });
});

describe('deriveKey', () => {
  const secret = randomBytes(32);

  it('derives a 32-byte key per purpose, the same every time', () => {
    const csrf = deriveKey(secret, 'csrf');
    expect(csrf).toHaveLength(32);
    expect(deriveKey(secret, 'csrf').equals(csrf)).toBe(true);
    expect(deriveKey(secret, 'rate-limit').equals(csrf)).toBe(false);
    expect(deriveKey(randomBytes(32), 'csrf').equals(csrf)).toBe(false);
    expect(csrf.equals(secret)).toBe(false);
  });

  it('is HKDF-SHA256 (RFC 5869) with an empty salt and `flowgate/<purpose>` as info', () => {
    // The two HKDF steps spelled out with plain HMAC, for a 32-byte output (one block).
    const prk = createHmac('sha256', Buffer.alloc(32)).update(secret).digest();
    const okm = createHmac('sha256', prk).update(Buffer.concat([Buffer.from('flowgate/csrf'), Buffer.from([1])])).digest();
    expect(deriveKey(secret, 'csrf').equals(okm)).toBe(true);
  });

  it('refuses short secrets and odd purposes with a coded error', () => {
    const invalid = expect.objectContaining({ code: 'FG_SECURITY_INVALID_ARGUMENT' });
    expect(() => deriveKey(randomBytes(31), 'csrf')).toThrow(invalid);
    for (const purpose of ['', 'CSRF', 'a b', 'x/y', 'x'.repeat(65)]) expect(() => deriveKey(secret, purpose)).toThrow(invalid);
  });
});
