import type { Logger } from 'pino';
import type { MailTransport } from '../mail-transport';
import { DevOutboxTransport } from './dev-outbox.transport';
import { SmtpTransport, type SmtpTransportOptions } from './smtp.transport';

/** What decides the transport. */
export interface CreateMailTransportOptions extends Partial<Omit<SmtpTransportOptions, 'smtpUrl'>> {
  /** The `SMTP_URL` setting. When absent or empty, the dev outbox is used (and says so loudly). */
  readonly smtpUrl?: string;
  /** Where the dev outbox writes; the SMTP transport logs nothing itself. */
  readonly logger: Logger;
}

/** SMTP when a URL is configured, the dev outbox otherwise. */
export function createMailTransport(options: CreateMailTransportOptions): MailTransport {
  const { smtpUrl, logger, ...timeouts } = options;
  if (smtpUrl) return new SmtpTransport({ ...timeouts, smtpUrl });
  return new DevOutboxTransport({ logger });
}
