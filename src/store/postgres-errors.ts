import { FlowgateError } from '../errors';
import { describeDatabase } from '../util/database-url';

/*
 * PostgreSQL's failures, as codes. The driver (pg) reports a server it cannot reach with the
 * system's error code (ECONNREFUSED, ENOTFOUND, ...) or a few fixed messages, and the server's own
 * refusals with an SQLSTATE (https://www.postgresql.org/docs/current/errcodes-appendix.html).
 */

/** System error codes of a server that cannot be reached (or went away mid-connection). */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/** SQLSTATEs of a server shutting down or not accepting connections (yet): admin/crash shutdown, cannot connect now. */
const SHUTTING_DOWN = new Set(['57P01', '57P02', '57P03']);

/** pg's own messages for a connection that broke or never came up in time. */
const DRIVER_MESSAGES = [/^Connection terminated/, /^timeout expired/, /connection error and is not queryable/, /^Client was closed and is not queryable/];

/** `err`'s code, or that of the driver error typeorm wrapped it in. */
function codeOf(err: unknown): string | undefined {
  for (const candidate of [err, (err as { driverError?: unknown } | undefined)?.driverError]) {
    const code = (candidate as { code?: unknown } | null | undefined)?.code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** Whether `err` means the PostgreSQL server cannot be reached now (down, restarting, network). */
export function isDatabaseUnreachable(err: unknown): boolean {
  const code = codeOf(err);
  if (code !== undefined && (UNREACHABLE.has(code) || SHUTTING_DOWN.has(code) || code.startsWith('08'))) return true;
  const message = err instanceof Error ? err.message : '';
  return DRIVER_MESSAGES.some((pattern) => pattern.test(message));
}

/**
 * A failure to connect at boot, coded and naming the server (never the password): unreachable,
 * refused credentials, or no such database. `undefined` for anything else.
 */
export function connectError(err: unknown, database: string): FlowgateError | undefined {
  const code = codeOf(err);
  const what = describeDatabase(database);
  const reason = err instanceof Error ? err.message : String(err);
  const coded = (c: 'FG_DATABASE_UNAVAILABLE' | 'FG_DATABASE_AUTH_FAILED' | 'FG_DATABASE_NOT_FOUND') => new FlowgateError(c, `${what}: ${reason}`, undefined, { cause: err });
  // 28P01 invalid_password, 28000 invalid_authorization_specification (no such role, pg_hba refusal).
  if (code === '28P01' || code === '28000') return coded('FG_DATABASE_AUTH_FAILED');
  if (code === '3D000') return coded('FG_DATABASE_NOT_FOUND');
  if (isDatabaseUnreachable(err)) return coded('FG_DATABASE_UNAVAILABLE');
  return undefined;
}
