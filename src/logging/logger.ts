import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config/server-config';

export type { Logger };

/**
 * Paths pino removes from every log line, whatever a caller passes: credentials and anything that
 * lets its holder act as someone (cookies, tokens, the SMTP URL's password). `code` is not
 * redacted: it is how error codes are logged; one-time codes are never passed to a logger at all.
 */
const REDACTED_PATHS = [
  'smtpUrl',
  '*.smtpUrl',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
];

/**
 * Structured JSON logs (pino): one line per event, machine-readable, secrets redacted. Without a
 * `destination`, lines go to stdout asynchronously, so a slow reader of stdout (a full pipe to a
 * log shipper) never stalls request handling; lines logged while a write is under way leave in
 * one write. Not a CPU saving: a line costs a few µs either way (the thread-pool hand-off makes an
 * asynchronous write slightly dearer, about 4 lines per sign-in), and the synchronous writes'
 * share in wall-clock profiles was time the process spent descheduled in the syscall. No minimum
 * batch size, so an idle server's last line (the first administrator's link, say) is written at
 * once. On `process.exit`, after an uncaught exception and when the event loop runs out, pino
 * flushes what is left synchronously (its exit hook on the destination), so a process that logs
 * and then exits loses no line; only a SIGKILL can cut the last write short.
 */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { service: 'flowgate' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination ?? asyncStdout());
}

/** stdout through pino's asynchronous destination (sonic-boom), flushed at exit. */
function asyncStdout(): pino.DestinationStream {
  return pino.destination({ dest: 1, sync: false });
}
