import { FlowgateError } from '../errors';

/** The codes of a data directory or database that cannot take writes. */
export type StorageCode = 'FG_STORAGE_FULL' | 'FG_STORAGE_READ_ONLY';

/** Error codes (SQLite's, and the system's at boot) that mean "no space left". */
const FULL = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);

/** The system's codes for a file or directory that cannot be written (read-only mount, permissions). */
const READ_ONLY = new Set(['EROFS', 'EACCES', 'EPERM']);

/**
 * The one mapping of storage errors to codes: SQLite's SQLITE_FULL (disk full, or the database's
 * `max_page_count` reached) and SQLITE_READONLY (and its extended codes), and at boot the
 * system's ENOSPC/EDQUOT and EROFS/EACCES/EPERM. `undefined` for anything else. Reads the code
 * of the error itself or of the driver error typeorm wraps it in.
 */
export function storageErrorCode(err: unknown): StorageCode | undefined {
  const code = codeOf(err) ?? codeOf((err as { driverError?: unknown } | undefined)?.driverError);
  if (code === undefined) return undefined;
  if (FULL.has(code)) return 'FG_STORAGE_FULL';
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_') || READ_ONLY.has(code)) return 'FG_STORAGE_READ_ONLY';
  return undefined;
}

/** `err` as a coded error naming `path`, when it is a storage condition; else `undefined`. */
export function storageError(err: unknown, path: string): FlowgateError | undefined {
  const code = storageErrorCode(err);
  return code && new FlowgateError(code, `${path}: ${err instanceof Error ? err.message : String(err)}`, undefined, { cause: err });
}

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
