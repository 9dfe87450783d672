import type { DataSource } from 'typeorm';
import { isFlowgateError } from '../../src/errors';
import { classifySmtpError, MailService, SmtpTransport, type MailTransport, type OutgoingMail, type SendResult } from '../../src/mail';
import { SmtpSink } from '../support/smtp-sink';
import { mailRig, openMailDb, shippedRenderer, T0, type MailRig } from './mail-test-kit';

/** A transport whose sends wait until the test lets them finish. */
class GatedTransport implements MailTransport {
  readonly name = 'gated';
  readonly keepsSentBodies = false;
  readonly started: OutgoingMail[] = [];
  private release: Array<() => void> = [];
  private onStart: Array<() => void> = [];

  async send(mail: OutgoingMail): Promise<SendResult> {
    this.started.push(mail);
    for (const notify of this.onStart.splice(0)) notify();
    await new Promise<void>((resolve) => this.release.push(resolve));
    return { ok: true, messageId: `<${mail.id}@gated>` };
  }

  /** Resolves once a send is in progress. */
  whenSending(): Promise<void> {
    if (this.release.length > 0) return Promise.resolve();
    return new Promise((resolve) => this.onStart.push(resolve));
  }

  finishAll(): void {
    for (const release of this.release.splice(0)) release();
  }

  async close(): Promise<void> {}
}

const enqueueInput = (to: string) => ({ realm: 'main', to, template: 'test-message', locale: 'en' });

describe('DeliveryWorker', () => {
  let db: DataSource;
  let rig: MailRig;

  beforeEach(async () => {
    db = await openMailDb();
  });

  afterEach(async () => {
    await rig.worker.stop();
    await db.destroy();
  });

  it('stop() lets the send in flight finish and be recorded, and claims nothing more', async () => {
    const transport = new GatedTransport();
    rig = mailRig(db, transport, { worker: { concurrency: 1 } });
    rig.worker.start();
    const { id: first } = await rig.mail.enqueue(enqueueInput('a@example.test'));
    const { id: second } = await rig.mail.enqueue(enqueueInput('b@example.test'));
    await transport.whenSending();

    let stopped = false;
    const stopping = rig.worker.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    transport.finishAll();
    await stopping;

    expect(transport.started.map((m) => m.id)).toEqual([first]);
    expect(await rig.mail.get(first)).toMatchObject({ status: 'sent', transport: 'gated' });
    expect(await rig.mail.get(second)).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('marks a mail failed instead of sending it after its expiry', async () => {
    const transport = new GatedTransport();
    rig = mailRig(db, transport, { signal: false });
    const { id } = await rig.mail.enqueue({ ...enqueueInput('a@example.test'), expiresAt: T0 + 60_000 });
    rig.clock.advance(60_000);
    expect(await rig.worker.runOnce()).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(transport.started).toEqual([]);
    expect(await rig.mail.get(id)).toMatchObject({ status: 'failed', lastError: 'expired before it could be delivered' });
  });

  it('counts a transport that throws as a temporary failure', async () => {
    const throwing: MailTransport = {
      name: 'broken',
      keepsSentBodies: false,
      send: () => Promise.reject(new Error('socket hang up')),
      close: async () => undefined,
    };
    rig = mailRig(db, throwing, { signal: false });
    const { id } = await rig.mail.enqueue(enqueueInput('a@example.test'));
    expect(await rig.worker.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(await rig.mail.get(id)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'socket hang up', nextAttemptAt: T0 + 5000 });
  });

  it('lists without bodies, filtered by realm and status, newest first', async () => {
    rig = mailRig(db, new GatedTransport(), { signal: false });
    const { id: a } = await rig.mail.enqueue(enqueueInput('a@example.test'));
    rig.clock.advance(1);
    const { id: b } = await rig.mail.enqueue({ ...enqueueInput('b@example.test'), realm: 'other' });
    rig.clock.advance(1);
    const { id: c } = await rig.mail.enqueue(enqueueInput('c@example.test'));

    const all = await rig.mail.list();
    expect(all.map((m) => m.id)).toEqual([c, b, a]);
    expect(all[0]).not.toHaveProperty('htmlBody');
    expect(all[0]).not.toHaveProperty('textBody');
    expect((await rig.mail.list({ realm: 'main' })).map((m) => m.id)).toEqual([c, a]);
    expect((await rig.mail.list({ status: 'sent' })).map((m) => m.id)).toEqual([]);
    expect((await rig.mail.list({ limit: 1 })).map((m) => m.id)).toEqual([c]);
    expect((await rig.mail.get(a))?.textBody).toContain('Mail delivery works');
    expect(await rig.mail.get('missing')).toBeUndefined();
  });
});

describe('DeliveryWorker options and outbox upkeep', () => {
  it('refuses options that would stall delivery', async () => {
    const db = await openMailDb();
    for (const options of [{ batchSize: 0 }, { concurrency: 0 }, { maxAttempts: 0 }, { pollIntervalMs: Number.NaN }, { jitter: 2 }]) {
      expect(() => mailRig(db, new GatedTransport(), { worker: options })).toThrow(RangeError);
    }
    await db.destroy();
  });

  it('purges finished messages past their retention, never pending ones', async () => {
    const db = await openMailDb();
    const failing: MailTransport = {
      name: 'refusing',
      keepsSentBodies: false,
      send: async () => ({ ok: false, permanent: true, reason: '550 no' }),
      close: async () => undefined,
    };
    const rig = mailRig(db, failing, { signal: false });
    const { id: old } = await rig.mail.enqueue(enqueueInput('a@example.test'));
    await rig.worker.runOnce();
    rig.clock.advance(3600_000);
    const { id: pending } = await rig.mail.enqueue(enqueueInput('b@example.test'));
    rig.clock.advance(1);
    expect(await rig.mail.purgeFinished(3600_000)).toBe(1);
    expect(await rig.mail.get(old)).toBeUndefined();
    expect(await rig.mail.get(pending)).toMatchObject({ status: 'pending' });
    await db.destroy();
  });
});

describe('DeliveryWorker started against a real SMTP server', () => {
  it('delivers on signal, without waiting for the poll', async () => {
    const sink = await SmtpSink.start();
    const db = await openMailDb();
    const transport = new SmtpTransport({ smtpUrl: sink.url });
    // A poll interval far beyond the test's deadline: only the signal can deliver in time.
    const rig = mailRig(db, transport, { worker: { pollIntervalMs: 3_600_000 } });
    try {
      rig.worker.start();
      await rig.worker.runOnce(); // the start pass found nothing
      await rig.mail.enqueue(enqueueInput('a@example.test'));
      const mail = await sink.waitForMessage(undefined, 5000);
      expect(mail.envelope.to).toEqual(['a@example.test']);
    } finally {
      await rig.worker.stop();
      await transport.close();
      await db.destroy();
      await sink.stop();
    }
  });
});

describe('withheld mail', () => {
  it('is rendered and stored like any other but never delivered, and purged with finished ones', async () => {
    const sink = await SmtpSink.start();
    const db = await openMailDb();
    const transport = new SmtpTransport({ smtpUrl: sink.url });
    const rig = mailRig(db, transport, { signal: false });
    try {
      const { id: kept } = await rig.mail.enqueue({ ...enqueueInput('nobody@example.test'), withhold: true });
      await rig.mail.enqueue(enqueueInput('ann@example.test'));
      await rig.worker.runOnce();
      await rig.worker.runOnce();
      // The delivered one proves the worker ran; the withheld one never reached the server.
      const delivered = await sink.waitForMessage(undefined, 5000);
      expect(delivered.envelope.to).toEqual(['ann@example.test']);
      expect(sink.messages.map((m) => m.envelope.to)).toEqual([['ann@example.test']]);
      const stored = await rig.mail.get(kept);
      expect(stored).toMatchObject({ status: 'withheld', attempts: 0, to: 'nobody@example.test' });
      // Rendered in full, as a delivered mail would be: the same work for both.
      expect(stored?.subject).toBe(delivered.parsed.subject);
      expect(stored?.textBody?.length).toBeGreaterThan(0);
      expect((await rig.mail.list({ status: 'withheld' })).map((m) => m.id)).toEqual([kept]);
      await expect(rig.mail.retry(kept)).rejects.toMatchObject({ code: 'FG_MAIL_NOT_RETRYABLE' });

      rig.clock.advance(3600_001);
      expect(await rig.mail.purgeFinished(3600_000)).toBe(2);
      expect(await rig.mail.get(kept)).toBeUndefined();
    } finally {
      await transport.close();
      await db.destroy();
      await sink.stop();
    }
  });
});

describe('MailService construction', () => {
  it('refuses a From setting that could add headers', async () => {
    const db = await openMailDb();
    const outbox = mailRig(db, new GatedTransport()).outbox;
    for (const from of ['', 'no address', 'a@example.test\r\nBcc: x@example.test']) {
      let caught: unknown;
      try {
        new MailService({ outbox, renderer: shippedRenderer(), clock: { now: () => T0 }, from });
      } catch (err) {
        caught = err;
      }
      expect(isFlowgateError(caught, 'FG_CONFIG_INVALID')).toBe(true);
    }
    await db.destroy();
  });
});

describe('classifySmtpError', () => {
  it('treats 5xx as permanent and everything else as temporary', () => {
    expect(classifySmtpError({ responseCode: 550, response: '550 5.1.1 no such user', code: 'EENVELOPE' })).toEqual({
      ok: false,
      permanent: true,
      reason: 'EENVELOPE: 550 5.1.1 no such user',
    });
    expect(classifySmtpError({ responseCode: 451, response: '451 try later' })).toMatchObject({ permanent: false });
    expect(classifySmtpError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNECTION' }))).toMatchObject({
      permanent: false,
      reason: 'ECONNECTION: connect ECONNREFUSED',
    });
    expect(classifySmtpError('weird')).toMatchObject({ permanent: false, reason: 'weird' });
  });
});
