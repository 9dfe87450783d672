import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { FlowgateError } from '../errors';

/**
 * Secrets Flowgate must be able to read back (OpenID Connect client secrets, token signing keys)
 * are kept in the database sealed with AES-256-GCM under a key derived from the server secret: a
 * copied database alone reveals none of them, and a changed row fails to open instead of being
 * used. Hashing is not an option for these: the provider needs the secret itself.
 *
 * Format: `v1.<iv>.<ciphertext>.<tag>`, base64url parts. The `aad` (what the secret belongs to,
 * e.g. `client-secret:main/demo`) is authenticated, so a sealed value moved to another row does
 * not open there.
 */

const VERSION = 'v1';
const IV_BYTES = 12;
const KEY_BYTES = 32;

/** Seals `plaintext` under `key` (32 bytes), bound to `aad`. */
export function seal(key: Buffer, plaintext: string, aad: string): string {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/**
 * Opens what `seal` made with the same key and `aad`. Fails with `FG_SEALED_SECRET_INVALID` when
 * the value is malformed, was sealed under another server secret, or belongs to another `aad`.
 */
export function open(key: Buffer, sealed: string, aad: string): string {
  checkKey(key);
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) throw new FlowgateError('FG_SEALED_SECRET_INVALID', `not a ${VERSION} sealed value`);
  const [, iv, body, tag] = parts as [string, string, string, string];
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new FlowgateError('FG_SEALED_SECRET_INVALID', `cannot open the value sealed for '${aad}' (another server secret, or changed)`);
  }
}

function checkKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) throw new FlowgateError('FG_SECURITY_INVALID_ARGUMENT', `a sealing key is ${KEY_BYTES} bytes`);
}
