import { createTransport, type Transporter } from 'nodemailer';
import { FlowgateError } from '../../errors';
import type { MailTransport, OutgoingMail, SendResult } from '../mail-transport';

/** How the SMTP transport connects. */
export interface SmtpTransportOptions {
  /**
   * `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://...:465` (TLS from the start).
   * nodemailer options may be added as query parameters. It holds credentials: never log it.
   */
  readonly smtpUrl: string;
  /** Give up connecting (DNS included) after this many ms. Default 30000. */
  readonly connectionTimeoutMs?: number;
  /** Give up waiting for the server's greeting after this many ms. Default 30000. */
  readonly greetingTimeoutMs?: number;
  /**
   * Give up when the connection is idle this long, in ms. Default 60000. The server sets all three
   * to its `mailSendTimeoutMs`; the delivery worker stops waiting after that anyway.
   */
  readonly socketTimeoutMs?: number;
}

const MAX_REASON_LENGTH = 500;

/** SMTP connections kept open at most: the delivery worker's default number of sends in flight. */
export const SMTP_POOL_CONNECTIONS = 4;

/**
 * Sends through an SMTP server with nodemailer's pooled transport: connections stay open between
 * mails (a new connection and its greeting cost about 4 ms of CPU per mail, a fifth of a sign-in).
 * Classifies failures: a reply code >= 500 is
 * permanent (retrying cannot help), anything else (4xx, connection refused, timeouts) temporary.
 */
export class SmtpTransport implements MailTransport {
  readonly name = 'smtp';
  readonly keepsSentBodies = false;
  private readonly transporter: Transporter;

  constructor(options: SmtpTransportOptions) {
    checkSmtpUrl(options.smtpUrl);
    this.transporter = createTransport({
      url: options.smtpUrl,
      pool: true,
      maxConnections: SMTP_POOL_CONNECTIONS,
      connectionTimeout: options.connectionTimeoutMs ?? 30_000,
      greetingTimeout: options.greetingTimeoutMs ?? 30_000,
      socketTimeout: options.socketTimeoutMs ?? 60_000,
      // Bodies are strings we rendered; never let content name a file or URL for nodemailer to read.
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  }

  async send(mail: OutgoingMail): Promise<SendResult> {
    const messageId = `<${mail.id}@${domainOf(mail.from)}>`;
    try {
      await this.transporter.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        messageId,
        // RFC 3834: tells vacation responders and the like not to answer.
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
      return { ok: true, messageId };
    } catch (err) {
      return classifySmtpError(err);
    }
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}

/** A nodemailer error as a send result: `responseCode >= 500` permanent, anything else temporary. */
export function classifySmtpError(err: unknown): SendResult {
  const { responseCode, response, code, message } = (err ?? {}) as { responseCode?: unknown; response?: unknown; code?: unknown; message?: unknown };
  const permanent = typeof responseCode === 'number' && responseCode >= 500;
  const text = typeof response === 'string' && response ? response : typeof message === 'string' ? message : String(err);
  const reason = `${typeof code === 'string' ? `${code}: ` : ''}${text}`.replace(/\s+/g, ' ').trim();
  return { ok: false, permanent, reason: reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH - 1)}…` : reason };
}

/** Refuses anything but an `smtp:`/`smtps:` URL, without echoing it (it may hold a password). */
function checkSmtpUrl(smtpUrl: string): void {
  let protocol: string;
  try {
    protocol = new URL(smtpUrl).protocol;
  } catch {
    throw new FlowgateError('FG_CONFIG_INVALID', 'SMTP_URL is not a URL');
  }
  if (protocol !== 'smtp:' && protocol !== 'smtps:') {
    throw new FlowgateError('FG_CONFIG_INVALID', `SMTP_URL must start with smtp:// or smtps://, not ${protocol}//`);
  }
}

function domainOf(from: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from);
  return match?.[1] ?? 'flowgate.invalid';
}
