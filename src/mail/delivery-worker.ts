import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../spi/services';
import { DEFAULT_BACKOFF, retryDelayMs } from './backoff';
import type { MailTransport, SendResult } from './mail-transport';
import type { OutboxMessage } from './outbox-message';
import type { DeliveryRecord, OutboxStore } from './outbox-store';
import { SendSlots } from './send-slots';

/**
 * Default of `sendTimeoutMs` (the server's `mailSendTimeoutMs`): a mail server that has not taken a
 * message within 20 s is in trouble; the attempt counts as a temporary failure and is retried.
 */
export const DEFAULT_MAIL_SEND_TIMEOUT_MS = 20_000;

/**
 * The claim lease in send timeouts. A send never outlives one timeout (the worker stops waiting),
 * and recording its outcome takes a moment more, so three leave ample margin against a send going
 * out twice while a message claimed by a worker that died is re-sent a minute later, not five.
 */
export const LEASE_SEND_TIMEOUTS = 3;

/** Tuning of the delivery worker. Every option has a default that suits a small deployment. */
export interface DeliveryWorkerOptions {
  /** How often the outbox is checked when nobody signals, in ms. Also how late a retry may start. Default 5000. */
  readonly pollIntervalMs?: number;
  /**
   * How long one send may take, in ms; past it the attempt is a temporary failure (retried with
   * backoff). A claimed (`sending`) message belongs to its worker for `LEASE_SEND_TIMEOUTS` times
   * this; after that the worker is assumed dead and another may take it. Default
   * `DEFAULT_MAIL_SEND_TIMEOUT_MS` (20000), so a lease of 60 s.
   */
  readonly sendTimeoutMs?: number;
  /** Attempts before a message that keeps failing temporarily is marked `failed`. Default 8. */
  readonly maxAttempts?: number;
  /** Delay before the second attempt, in ms; doubles each time. Default 5000. */
  readonly initialRetryDelayMs?: number;
  /** Cap on the delay between attempts, in ms. Default 600000 (10 min). */
  readonly maxRetryDelayMs?: number;
  /** Random share of each retry delay, 0..1 (see `BackoffOptions.jitter`). Default 0.2. */
  readonly jitter?: number;
  /** Messages claimed one after another before a pass lets other work of the process run. Default 20. */
  readonly batchSize?: number;
  /** Messages sent at the same time by this worker; a slow one holds one of them, not the others. Default 4. */
  readonly concurrency?: number;
  /** Source of randomness for the jitter, like `Math.random`. Default `Math.random`; tests fix it. */
  readonly random?: () => number;
}

/** What the worker needs. */
export interface DeliveryWorkerDeps {
  readonly outbox: OutboxStore;
  readonly transport: MailTransport;
  /** The time used for due dates, leases and backoff. */
  readonly clock: Clock;
  /** Gets ids, states and reasons; never recipients' mail bodies. */
  readonly logger: Logger;
  readonly options?: DeliveryWorkerOptions;
}

/** What one pass over the outbox did. */
export interface DeliveryRunSummary {
  /** Accepted by the transport. */
  sent: number;
  /** Failed temporarily and scheduled again. */
  retried: number;
  /** Marked `failed`. */
  failed: number;
}

type Settings = Required<Omit<DeliveryWorkerOptions, 'random'>> & { random: () => number; leaseMs: number };

/**
 * Sends what is in the outbox. Any number of workers, in any number of processes, may run against
 * one database: each message is claimed with a conditional UPDATE before it is sent, so it is sent by
 * one of them; a worker that dies mid-send leaves a claim that expires after the lease (then the
 * message is sent again: delivery is at-least-once, with the same Message-ID). Up to `concurrency`
 * sends run at once, each slot refilled as soon as it frees, so a slow mail server delays only the
 * message it is slow on.
 *
 * Temporary failures are retried with exponential backoff and jitter; a permanent failure (SMTP 5xx),
 * running out of attempts, or passing the message's `expiresAt` marks it `failed`.
 */
export class DeliveryWorker {
  private readonly settings: Settings;
  private state: 'idle' | 'running' | 'stopping' | 'stopped' = 'idle';
  private timer: NodeJS.Timeout | undefined;
  /** The pass in progress; passes never overlap within one worker. */
  private current: Promise<void> | undefined;
  /** The started worker's run loop, while it is running passes. */
  private loop: Promise<void> | undefined;
  /** A signal arrived during a pass: run another one right after it. */
  private again = false;
  /** The sends in flight; a pass ends once everything due is in a slot, not once it is sent. */
  private readonly slots: SendSlots;

  constructor(private readonly deps: DeliveryWorkerDeps) {
    const o = deps.options ?? {};
    this.settings = {
      pollIntervalMs: o.pollIntervalMs ?? 5000,
      sendTimeoutMs: o.sendTimeoutMs ?? DEFAULT_MAIL_SEND_TIMEOUT_MS,
      leaseMs: LEASE_SEND_TIMEOUTS * (o.sendTimeoutMs ?? DEFAULT_MAIL_SEND_TIMEOUT_MS),
      maxAttempts: o.maxAttempts ?? 8,
      initialRetryDelayMs: o.initialRetryDelayMs ?? DEFAULT_BACKOFF.initialDelayMs,
      maxRetryDelayMs: o.maxRetryDelayMs ?? DEFAULT_BACKOFF.maxDelayMs,
      jitter: o.jitter ?? DEFAULT_BACKOFF.jitter,
      batchSize: o.batchSize ?? 20,
      concurrency: o.concurrency ?? 4,
      random: o.random ?? Math.random,
    };
    const { jitter, random: _random, ...counts } = this.settings;
    for (const [name, value] of Object.entries(counts)) {
      if (!Number.isFinite(value) || value < 1) throw new RangeError(`delivery worker option ${name} must be at least 1; got ${value}`);
    }
    if (!(jitter >= 0 && jitter <= 1)) throw new RangeError(`delivery worker option jitter must be between 0 and 1; got ${jitter}`);
    this.slots = new SendSlots(this.settings.concurrency);
  }

  /** Starts polling, and delivers what is due right away. Calling it twice does nothing. */
  start(): void {
    if (this.state !== 'idle') return;
    this.state = 'running';
    this.kick();
  }

  /** Tells a started worker that a message was queued: it delivers now instead of at the next poll. */
  signal(): void {
    if (this.state === 'running') this.kick();
  }

  /**
   * Stops: no new message is claimed, the sends in flight finish and have their outcome recorded,
   * then the promise resolves. Messages not yet claimed stay `pending` for the next start. A stopped
   * worker does not start again.
   */
  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopping';
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.loop;
    await this.current;
    await this.slots.idle();
    this.state = 'stopped';
  }

  /**
   * One pass: delivers every message due now, then resolves with what it did once those sends are
   * done. Waits for a pass already under way. Works on a worker that was never started (tests,
   * one-off tools); does nothing once `stop()` was called.
   */
  async runOnce(): Promise<DeliveryRunSummary> {
    const summary: DeliveryRunSummary = { sent: 0, retried: 0, failed: 0 };
    const sends: Promise<void>[] = [];
    await this.pass(summary, sends);
    await Promise.all(sends);
    return summary;
  }

  /**
   * Puts every message due now into a send slot (waiting for a free slot when all are taken), one
   * pass at a time; resolves once they are all started, adding each send to `sends`.
   */
  private async pass(summary: DeliveryRunSummary, sends: Promise<void>[]): Promise<void> {
    while (this.current) await this.current;
    const pass = this.deliverDue(summary, sends);
    const settled = pass.then(
      () => undefined,
      () => undefined,
    );
    this.current = settled;
    // Registered before anyone can wait on `settled`, so waiters find the slot free.
    void settled.then(() => {
      if (this.current === settled) this.current = undefined;
    });
    await pass;
  }

  private kick(): void {
    if (this.loop) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.loop = (async () => {
      do {
        this.again = false;
        try {
          // Not waiting for the sends: a slot that frees lets the next pass (or this one) go on.
          await this.pass({ sent: 0, retried: 0, failed: 0 }, []);
        } catch (err) {
          this.deps.logger.error({ err }, 'mail delivery pass failed; trying again at the next poll');
        }
      } while (this.again && this.state === 'running');
      this.loop = undefined;
      if (this.state === 'running') this.schedule();
    })();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.kick(), this.settings.pollIntervalMs);
    // The poll alone must not keep a process alive that is otherwise done.
    this.timer.unref();
  }

  private get stopping(): boolean {
    return this.state === 'stopping' || this.state === 'stopped';
  }

  private async deliverDue(summary: DeliveryRunSummary, sends: Promise<void>[]): Promise<void> {
    for (let claimed = 1; ; claimed++) {
      if (claimed % this.settings.batchSize === 0) await new Promise((resolve) => setImmediate(resolve));
      await this.slots.whenFree();
      if (this.stopping) return;
      // Messages this worker is still sending are not due again (unless a lease ran out: skipped too).
      const claim = await this.claimNext();
      // None left (or storage fails, logged): stop here rather than spin.
      if (!claim) return;
      sends.push(this.slots.start(claim.message.id, () => this.sendAndRecord(claim.message, claim.token, summary)));
    }
  }

  /** Claims the next due message; `undefined` when none is left or storage failed (logged). */
  private async claimNext(): Promise<{ readonly message: OutboxMessage; readonly token: string } | undefined> {
    const token = randomUUID();
    try {
      const message = await this.deps.outbox.claimNext(this.deps.clock.now(), this.settings.leaseMs, token, this.slots.ids());
      return message && { message, token };
    } catch (err) {
      // A storage error: the messages stay as they were.
      this.deps.logger.error({ err }, 'mail delivery: could not update the outbox');
      return undefined;
    }
  }

  /** Sends a claimed message and records the outcome. Never rejects. */
  private async sendAndRecord(message: OutboxMessage, claimToken: string, summary: DeliveryRunSummary): Promise<void> {
    const { outbox, transport, clock, logger } = this.deps;
    const log = { mailId: message.id, realm: message.realm, template: message.template, attempt: message.attempts };
    try {
      const result = await this.attempt(message);
      const now = clock.now();
      const outcome = this.decide(message, result, now);
      if (!(await outbox.record(message.id, claimToken, now, outcome))) {
        logger.warn(log, 'mail delivery: the claim was taken over before the outcome was recorded (lease too short?)');
        return;
      }
      if (outcome.kind === 'sent') {
        summary.sent++;
        logger.info({ ...log, transport: transport.name }, 'mail sent');
      } else if (outcome.kind === 'retry') {
        summary.retried++;
        logger.warn({ ...log, reason: outcome.error, nextAttemptAt: outcome.nextAttemptAt }, 'mail delivery failed; will retry');
      } else {
        summary.failed++;
        logger.error({ ...log, reason: outcome.error }, 'mail delivery failed for good');
      }
    } catch (err) {
      // A storage error: the message stays `sending` until its lease ends, then is tried again.
      logger.error({ err, mailId: message.id }, 'mail delivery: could not update the outbox');
    }
  }

  private async attempt(message: OutboxMessage): Promise<SendResult | 'expired'> {
    if (message.expiresAt !== null && message.expiresAt <= this.deps.clock.now()) return 'expired';
    if (message.htmlBody === null || message.textBody === null) {
      return { ok: false, permanent: true, reason: 'the message has no body left to send' };
    }
    const { sendTimeoutMs } = this.settings;
    let timer: NodeJS.Timeout | undefined;
    // The worker stops waiting after the send timeout, whatever the transport does, so a record
    // always lands well inside the lease.
    const timedOut = new Promise<SendResult>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, permanent: false, reason: `no answer from the transport within ${sendTimeoutMs} ms` }), sendTimeoutMs);
    });
    const mail = { id: message.id, from: message.from, to: message.to, subject: message.subject, html: message.htmlBody, text: message.textBody };
    try {
      return await Promise.race([this.deps.transport.send(mail), timedOut]);
    } catch (err) {
      return { ok: false, permanent: false, reason: err instanceof Error ? err.message : String(err) };
    } finally {
      clearTimeout(timer);
    }
  }

  private decide(message: OutboxMessage, result: SendResult | 'expired', now: number): DeliveryRecord {
    if (result === 'expired') return { kind: 'failed', error: 'expired before it could be delivered' };
    if (result.ok) {
      return { kind: 'sent', transport: this.deps.transport.name, providerMessageId: result.messageId, keepBodies: this.deps.transport.keepsSentBodies };
    }
    if (result.permanent) return { kind: 'failed', error: result.reason };
    if (message.attempts >= this.settings.maxAttempts) {
      return { kind: 'failed', error: `gave up after ${message.attempts} attempts: ${result.reason}` };
    }
    const { initialRetryDelayMs: initialDelayMs, maxRetryDelayMs: maxDelayMs, jitter, random } = this.settings;
    return { kind: 'retry', nextAttemptAt: now + retryDelayMs(message.attempts, { initialDelayMs, maxDelayMs, jitter }, random), error: result.reason };
  }
}
