import type { Logger } from 'pino';
import type { MailTransport, OutgoingMail, SendResult } from '../mail-transport';

/** The warning logged once when the dev outbox is in use. */
export const DEV_OUTBOX_WARNING = 'dev mail outbox: mail is NOT delivered; set SMTP_URL for production';

const LINK = /https?:\/\/[^\s<>"'()]+/g;

/**
 * For local development: nothing leaves the machine. Each message is marked `sent` with its bodies
 * kept in the outbox table, and its text part and every link in it are written to the log, so a
 * developer can click the magic link from the console. This is the ONE place where mail content
 * and links are logged, deliberately; it must never run in production, hence the loud warning.
 */
export class DevOutboxTransport implements MailTransport {
  readonly name = 'dev-outbox';
  readonly keepsSentBodies = true;
  private readonly logger: Logger;

  /** Logs the warning at once, so it shows at start rather than at the first sign-in. */
  constructor(options: { logger: Logger }) {
    this.logger = options.logger;
    this.logger.warn({ devMailOutbox: true }, `!!! ${DEV_OUTBOX_WARNING} !!!`);
  }

  async send(mail: OutgoingMail): Promise<SendResult> {
    const links = [...new Set(mail.text.match(LINK) ?? [])];
    this.logger.info(
      { mailId: mail.id, to: mail.to, subject: mail.subject, links, text: mail.text },
      `dev mail outbox: message to ${mail.to} kept in the outbox, not delivered${links.length ? `; links: ${links.join(' ')}` : ''}`,
    );
    return { ok: true, messageId: `<${mail.id}@dev-outbox.invalid>` };
  }

  async close(): Promise<void> {}
}
