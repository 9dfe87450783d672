import { randomUUID } from 'node:crypto';
import { FlowgateError } from '../errors';
import type { Clock } from '../spi/services';
import { REALM_NAME_LENGTH } from '../engine';
import { isValidEmail, normalizeEmail } from '../spi/email';
import type { EmailRenderer } from './email-renderer';
import type { OutboxMessage, OutboxMessageSummary } from './outbox-message';
import type { OutboxFilter, OutboxStore } from './outbox-store';

/** An email to send. */
export interface EnqueueMailInput {
  /** The realm it is sent for; templates receive it as `realm`. */
  readonly realm: string;
  /** The recipient's address; normalised and checked (`FG_INVALID_EMAIL`). */
  readonly to: string;
  /** The message type, e.g. `test-message` (`FG_TEMPLATE_MISSING` when unknown). */
  readonly template: string;
  /** The person's locale; the closest available bundle is used. */
  readonly locale: string;
  /** Data for the templates. Keep secrets out of it except the link the mail exists for. */
  readonly model?: Readonly<Record<string, unknown>>;
  /** The user the mail is about, when known (for the admin's view of the outbox). */
  readonly userId?: string;
  /**
   * When the mail stops being worth sending (ms since the epoch), e.g. when its link expires. A mail
   * still undelivered then is marked `failed` instead of delivering a dead link. Default: never.
   */
  readonly expiresAt?: number;
  /** Render and store it as `withheld`, never to be delivered (see `SendMailInput.withhold`). */
  readonly withhold?: boolean;
}

/** Something to wake when a message is queued: the delivery worker. */
export interface MailSignal {
  signal(): void;
}

/** What the mail service needs. */
export interface MailServiceDeps {
  readonly outbox: OutboxStore;
  readonly renderer: EmailRenderer;
  readonly clock: Clock;
  /** The `From` header of every mail, e.g. `Flowgate <no-reply@id.example.com>`. */
  readonly from: string;
  /** Woken after each enqueue. Default: none (the worker's poll picks the message up). */
  readonly worker?: MailSignal;
}

const MAX_FROM_LENGTH = 512;

/**
 * The one way Flowgate sends email. `enqueue` renders the mail and stores it in the outbox, then
 * returns: the request path never waits on SMTP, and a queued mail survives a crash or restart.
 * The delivery worker sends it. Also the admin's view of the outbox: `list`, `get`, `retry`.
 */
export class MailService {
  private readonly from: string;

  constructor(private readonly deps: MailServiceDeps) {
    // A line break in From would let the setting add headers; refuse it at boot.
    if (!deps.from || deps.from.length > MAX_FROM_LENGTH || /[\r\n\u0000]/.test(deps.from) || !deps.from.includes('@')) {
      throw new FlowgateError('FG_CONFIG_INVALID', 'the mail From address must be one line with an address in it');
    }
    this.from = deps.from;
  }

  /**
   * Renders the mail now (so a template or message problem surfaces to the caller, not in the
   * worker), writes it to the outbox as `pending` and due now, then wakes the worker. A withheld
   * mail goes through the same steps but is stored as `withheld`, which no worker ever claims.
   */
  async enqueue(input: EnqueueMailInput): Promise<{ id: string }> {
    const to = normalizeEmail(input.to);
    if (!isValidEmail(to)) throw new FlowgateError('FG_INVALID_EMAIL', 'recipient of an email');
    if (!input.realm || input.realm.length > REALM_NAME_LENGTH) {
      throw new FlowgateError('FG_UNKNOWN_REALM', 'an email needs the name of its realm');
    }
    // The realm comes last so a model value cannot pose as another realm in the text.
    const rendered = this.deps.renderer.render({
      template: input.template,
      locale: input.locale,
      model: { ...input.model, realm: input.realm },
    });
    const id = randomUUID();
    await this.deps.outbox.insert({
      id,
      realm: input.realm,
      userId: input.userId ?? null,
      from: this.from,
      to,
      template: input.template,
      locale: rendered.locale,
      subject: rendered.subject,
      htmlBody: rendered.html,
      textBody: rendered.text,
      expiresAt: input.expiresAt ?? null,
      createdAt: this.deps.clock.now(),
      status: input.withhold === true ? 'withheld' : 'pending',
    });
    // Waking the worker costs nothing measurable and keeps both kinds of mail alike.
    this.deps.worker?.signal();
    return { id };
  }

  /** Outbox messages without bodies, newest first (see `OutboxFilter` for defaults). */
  list(filter: OutboxFilter = {}): Promise<OutboxMessageSummary[]> {
    return this.deps.outbox.list(filter);
  }

  /** One outbox message with its bodies (erased once delivered over SMTP), or `undefined`. */
  get(id: string): Promise<OutboxMessage | undefined> {
    return this.deps.outbox.get(id);
  }

  /**
   * Deletes delivered, failed and withheld messages older than `olderThanMs` (by their last change); returns
   * how many. Meant for a periodic job; pending and in-flight messages are never touched.
   */
  purgeFinished(olderThanMs: number): Promise<number> {
    return this.deps.outbox.purgeFinished(this.deps.clock.now() - olderThanMs);
  }

  /**
   * Sends a `failed` message again: back to `pending`, attempts reset, due now. Throws
   * `FG_MAIL_NOT_FOUND` or `FG_MAIL_NOT_RETRYABLE` (it is not `failed`).
   */
  async retry(id: string): Promise<void> {
    const result = await this.deps.outbox.retry(id, this.deps.clock.now());
    if (result === 'not_found') throw new FlowgateError('FG_MAIL_NOT_FOUND', id);
    if (result === 'not_failed') throw new FlowgateError('FG_MAIL_NOT_RETRYABLE', id);
    this.deps.worker?.signal();
  }
}
