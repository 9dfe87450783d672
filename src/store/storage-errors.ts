import { FlowgateError } from '../errors';

/** The codes of a data directory or database that cannot take writes, or (PostgreSQL) cannot be reached. */
export type StorageCode = 'FG_STORAGE_FULL' | 'FG_STORAGE_READ_ONLY' | 'FG_DATABASE_UNAVAILABLE';

/** Error codes (SQLite's, PostgreSQL's disk_full, and the system's at boot) that mean "no space left". */
const FULL = new Set(['SQLITE_FULL', '53100', 'ENOSPC', 'EDQUOT']);

/** The system's codes for a file or directory that cannot be written (read-only mount, permissions). */
const READ_ONLY = new Set(['EROFS', 'EACCES', 'EPERM']);

/** PostgreSQL's read_only_sql_transaction: a standby, or a server set to default_transaction_read_only. */
const PG_READ_ONLY = '25006';

/**
 * The one mapping of storage errors to codes: SQLite's SQLITE_FULL (disk full, or the database's
 * `max_page_count` reached) and SQLITE_READONLY (and its extended codes), PostgreSQL's 53100
 * (disk full) and 25006 (read-only transaction), and at boot the
 * system's ENOSPC/EDQUOT and EROFS/EACCES/EPERM. `undefined` for anything else. Reads the code
 * of the error itself or of the driver error typeorm wraps it in.
 */
export function storageErrorCode(err: unknown): StorageCode | undefined {
  const code = codeOf(err) ?? codeOf((err as { driverError?: unknown } | undefined)?.driverError);
  if (code === undefined) return undefined;
  if (FULL.has(code)) return 'FG_STORAGE_FULL';
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_') || READ_ONLY.has(code) || code === PG_READ_ONLY) return 'FG_STORAGE_READ_ONLY';
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
