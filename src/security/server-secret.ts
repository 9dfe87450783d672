import { constants, promises as fs } from 'node:fs';
import { hkdfSync, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { FlowgateError } from '../errors';

/**
 * The server secret: random bytes kept in `<dataDir>/server.key`, from which every key the
 * server needs (CSRF tokens, rate-limit keys, ...) is derived with `deriveKey`. One file to back up
 * and to share between the processes of one deployment; deleting it invalidates what was signed.
 */

/** File name of the server secret inside the data directory. */
const SERVER_SECRET_FILE = 'server.key';

/** Bytes of a generated secret (256 bits); also the least a file may hold. */
const SERVER_SECRET_BYTES = 32;

/** Bytes of a derived key: one SHA-256 block, what HMAC-SHA256 wants. */
const DERIVED_KEY_BYTES = 32;

/** A base64 (or base64url) text, padding optional; whitespace around it is ignored. */
const BASE64_TEXT = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** A real secret file is under 100 bytes; reading more would only be a mistake or an attack. */
const MAX_FILE_BYTES = 4096;

/** What this module logs through: a pino logger fits. */
export interface SecretLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

/**
 * Reads the server secret from `<dataDir>/server.key`, or creates it when the file does not exist
 * (and `dataDir` too). Processes that start at the same time on one data directory all end up with
 * the same secret: each writes a complete candidate to a temporary file and hard-links it into
 * place, which fails rather than replaces when another process got there first; the losers read
 * the winner's file. Only the process that created the file logs a warning.
 *
 * Fails with `FG_SERVER_SECRET_INVALID` when the file cannot be read or created, is not base64 of
 * at least 32 bytes, or (on POSIX systems) is accessible to its group or others: a key anyone on
 * the machine can read signs nothing.
 */
export async function loadOrCreateServerSecret(dataDir: string, logger: SecretLogger): Promise<Buffer> {
  const file = join(dataDir, SERVER_SECRET_FILE);
  const existing = await readSecretFile(file);
  if (existing) return existing;

  await guard(file, 'cannot create the data directory', () => fs.mkdir(dataDir, { recursive: true, mode: 0o700 }));
  const created = await createSecretFile(dataDir, file);
  if (created) {
    logger.warn(
      { path: file },
      `generated a new server secret at ${file}; keep it: losing it signs everyone's CSRF tokens anew`,
    );
    return created;
  }
  // Another process linked its file first; that one is the secret.
  const winner = await readSecretFile(file);
  if (!winner) throw invalid(file, 'vanished while it was being created');
  return winner;
}

/**
 * A key for one purpose, derived from the server secret with HKDF-SHA256 (RFC 5869). Keys for
 * different purposes are independent: a CSRF token is no rate-limit key, and neither reveals the
 * secret. `purpose` is a stable lower-case name such as `csrf` or `rate-limit`; changing it
 * changes the key.
 */
export function deriveKey(secret: Buffer, purpose: string): Buffer {
  if (!Buffer.isBuffer(secret) || secret.length < SERVER_SECRET_BYTES) {
    throw new FlowgateError('FG_SECURITY_INVALID_ARGUMENT', `the secret must be a Buffer of at least ${SERVER_SECRET_BYTES} bytes`);
  }
  if (typeof purpose !== 'string' || !/^[a-z0-9][a-z0-9.-]{0,63}$/.test(purpose)) {
    throw new FlowgateError('FG_SECURITY_INVALID_ARGUMENT', `key purpose must be a lower-case name; got ${JSON.stringify(purpose)}`);
  }
  // The secret is already uniformly random, so no salt is needed (RFC 5869 §3.1); the `info`
  // names the purpose, and the `flowgate/` prefix keeps keys apart from any other use of the secret.
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `flowgate/${purpose}`, DERIVED_KEY_BYTES));
}

/** The secret in `file`, or `undefined` when there is no such file. */
async function readSecretFile(file: string): Promise<Buffer | undefined> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, constants.O_RDONLY);
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return undefined;
    throw invalid(file, `cannot be opened (${describe(err)})`, err);
  }
  try {
    // Checked on the open file, not the name: what is read is what was checked.
    const stat = await handle.stat();
    if (!stat.isFile()) throw invalid(file, 'not a regular file');
    // Windows has no such permission bits; its ACLs are the operator's business.
    if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
      const mode = (stat.mode & 0o777).toString(8).padStart(3, '0');
      throw invalid(file, `accessible to its group or others (mode ${mode}); run chmod 600 on it`);
    }
    if (stat.size > MAX_FILE_BYTES) throw invalid(file, `larger than ${MAX_FILE_BYTES} bytes`);
    const text = (await handle.readFile({ encoding: 'utf8' })).trim();
    if (!BASE64_TEXT.test(text)) throw invalid(file, 'not base64 text');
    const secret = Buffer.from(text, 'base64');
    if (secret.length < SERVER_SECRET_BYTES) {
      throw invalid(file, `only ${secret.length} bytes; at least ${SERVER_SECRET_BYTES} random bytes are needed`);
    }
    return secret;
  } finally {
    await handle.close();
  }
}

/**
 * Writes a fresh secret to a temporary file and links it to `file`. Returns the new secret, or
 * `undefined` when `file` already existed (another process won). `link` never replaces an existing
 * name, unlike `rename`, and the linked file is complete from the first moment anyone can see it.
 */
async function createSecretFile(dataDir: string, file: string): Promise<Buffer | undefined> {
  const secret = randomBytes(SERVER_SECRET_BYTES);
  const temp = join(dataDir, `.${SERVER_SECRET_FILE}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await guard(file, 'cannot write a temporary file beside it', async () => {
      // `wx` with mode 0600: a new file only this user can read, from its first byte on.
      const handle = await fs.open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(`${secret.toString('base64')}\n`, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
    });
    try {
      await fs.link(temp, file);
    } catch (err) {
      if (errorCode(err) === 'EEXIST') return undefined;
      throw invalid(file, `cannot be created (${describe(err)})`, err);
    }
    await syncDirectory(dataDir);
    return secret;
  } finally {
    await fs.rm(temp, { force: true });
  }
}

/** Makes the new directory entry durable; best effort, since not every platform can sync a directory. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await fs.open(dir, constants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // The file itself is synced; losing the entry on a power cut only means a new secret next start.
  }
}

async function guard<T>(file: string, what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof FlowgateError) throw err;
    throw invalid(file, `${what} (${describe(err)})`, err);
  }
}

/** The error for `file`: the location names the file, `problem` says what is wrong with it. */
function invalid(file: string, problem: string, cause?: unknown): FlowgateError {
  return new FlowgateError('FG_SERVER_SECRET_INVALID', problem, { file }, cause === undefined ? undefined : { cause });
}

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function describe(err: unknown): string {
  return errorCode(err) ?? (err instanceof Error ? err.message : String(err));
}
