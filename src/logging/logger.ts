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

/** Structured JSON logs on stdout (pino): one line per event, machine-readable, secrets redacted. */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { service: 'flowgate' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination);
}
