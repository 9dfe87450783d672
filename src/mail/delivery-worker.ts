import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../spi/services';
import { DEFAULT_BACKOFF, retryDelayMs } from './backoff';
import type { MailTransport, SendResult } from './mail-transport';
import type { OutboxMessage } from './outbox-message';
import type { DeliveryRecord, OutboxStore } from './outbox-store';

/** Tuning of the delivery worker. Every option has a default that suits a small deployment. */
export interface DeliveryWorkerOptions {
  /** How often the outbox is checked when nobody signals, in ms. Also how late a retry may start. Default 5000. */
  readonly pollIntervalMs?: number;
  /**
   * How long a claimed (`sending`) message belongs to its worker, in ms. After that it is assumed the
   * worker died and another may take it. Must exceed the transport's worst-case send time (the SMTP
   * transport gives up after at most ~2 min), or a slow send could go out twice. Default 300000 (5 min).
   */
  readonly leaseMs?: number;
  /** Attempts before a message that keeps failing temporarily is marked `failed`. Default 8. */
  readonly maxAttempts?: number;
  /** Delay before the second attempt, in ms; doubles each time. Default 5000. */
  readonly initialRetryDelayMs?: number;
  /** Cap on the delay between attempts, in ms. Default 600000 (10 min). */
  readonly maxRetryDelayMs?: number;
  /** Random share of each retry delay, 0..1 (see `BackoffOptions.jitter`). Default 0.2. */
  readonly jitter?: number;
  /** Messages fetched per query. Default 20. */
  readonly batchSize?: number;
  /** Messages sent at the same time by this worker. Default 4. */
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

type Settings = Required<Omit<DeliveryWorkerOptions, 'random'>> & { random: () => number };

/**
 * Sends what is in the outbox. Any number of workers, in any number of processes, may run against
 * one database: each message is claimed with a conditional UPDATE before it is sent, so it is sent by
 * one of them; a worker that dies mid-send leaves a claim that expires after `leaseMs` (then the
 * message is sent again: delivery is at-least-once, with the same Message-ID).
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

  constructor(private readonly deps: DeliveryWorkerDeps) {
    const o = deps.options ?? {};
    this.settings = {
      pollIntervalMs: o.pollIntervalMs ?? 5000,
      leaseMs: o.leaseMs ?? 300_000,
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
    this.state = 'stopped';
  }

  /**
   * One pass: delivers every message due now, then resolves with what it did. Waits for a pass
   * already under way. Works on a worker that was never started (tests, one-off tools); does
   * nothing once `stop()` was called.
   */
  async runOnce(): Promise<DeliveryRunSummary> {
    while (this.current) await this.current;
    const summary: DeliveryRunSummary = { sent: 0, retried: 0, failed: 0 };
    const pass = this.deliverDue(summary);
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
    return summary;
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
          await this.runOnce();
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

  private async deliverDue(summary: DeliveryRunSummary): Promise<void> {
    const { batchSize, leaseMs, concurrency } = this.settings;
    while (!this.stopping) {
      const ids = await this.deps.outbox.findClaimable(this.deps.clock.now(), leaseMs, batchSize);
      let claimed = 0;
      let next = 0;
      const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, ids.length)) }, async () => {
        while (!this.stopping && next < ids.length) {
          const id = ids[next++]!;
          try {
            if (await this.deliverOne(id, summary)) claimed++;
          } catch (err) {
            // A storage error: the message stays as it was (or `sending` until its lease ends).
            this.deps.logger.error({ err, mailId: id }, 'mail delivery: could not update the outbox');
          }
        }
      });
      await Promise.all(lanes);
      // A short batch means the outbox is drained; a batch where nothing could be claimed means
      // others are on it (or storage fails): either way, stop here rather than spin.
      if (ids.length < batchSize || claimed === 0) return;
    }
  }

  /** Claims, sends and records one message. Returns false when another worker had claimed it. */
  private async deliverOne(id: string, summary: DeliveryRunSummary): Promise<boolean> {
    const { outbox, transport, clock, logger } = this.deps;
    const claimToken = randomUUID();
    const message = await outbox.claim(id, clock.now(), this.settings.leaseMs, claimToken);
    if (message === undefined) return false;
    const log = { mailId: message.id, realm: message.realm, template: message.template, attempt: message.attempts };

    const result = await this.attempt(message);
    const now = clock.now();
    const outcome = this.decide(message, result, now);
    if (!(await outbox.record(message.id, claimToken, now, outcome))) {
      logger.warn(log, 'mail delivery: the claim was taken over before the outcome was recorded (lease too short?)');
      return true;
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
    return true;
  }

  private async attempt(message: OutboxMessage): Promise<SendResult | 'expired'> {
    if (message.expiresAt !== null && message.expiresAt <= this.deps.clock.now()) return 'expired';
    if (message.htmlBody === null || message.textBody === null) {
      return { ok: false, permanent: true, reason: 'the message has no body left to send' };
    }
    try {
      return await this.deps.transport.send({
        id: message.id,
        from: message.from,
        to: message.to,
        subject: message.subject,
        html: message.htmlBody,
        text: message.textBody,
      });
    } catch (err) {
      return { ok: false, permanent: false, reason: err instanceof Error ? err.message : String(err) };
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
