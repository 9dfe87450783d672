import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { isFlowgateError } from '../../src/errors';
import { DEFAULT_MAIL_SEND_TIMEOUT_MS, LEASE_SEND_TIMEOUTS, SmtpTransport, type MailTransport } from '../../src/mail';
import { SmtpSink } from '../support/smtp-sink';
import { FROM, mailRig, openMailDb, T0, tempDir, type MailRig } from './mail-test-kit';

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (err) {
    return isFlowgateError(err) ? err.code : String(err);
  }
  return undefined;
}

describe('mail delivery through a real SMTP server', () => {
  let sink: SmtpSink;
  let db: DataSource;
  let transport: MailTransport;
  let rig: MailRig;

  beforeEach(async () => {
    sink = await SmtpSink.start();
    db = await openMailDb();
    transport = new SmtpTransport({ smtpUrl: sink.url });
    rig = mailRig(db, transport);
  });

  afterEach(async () => {
    await rig.worker.stop();
    await transport.close();
    await db.destroy();
    await sink.stop();
  });

  it('a slow message holds one send slot, not the mails queued with it or after it (#19 item 7)', async () => {
    sink.delayRecipient('slow@example.test', 3000);
    rig.worker.start();
    const enqueue = (to: string): Promise<unknown> => rig.mail.enqueue({ realm: 'main', to, template: 'test-message', locale: 'en' });
    await enqueue('slow@example.test');
    await enqueue('fast1@example.test');
    await enqueue('fast2@example.test');
    const to = (address: string) => (m: { envelope: { to: readonly string[] } }) => m.envelope.to.includes(address);
    await sink.waitForMessage(to('fast1@example.test'), 2500);
    await sink.waitForMessage(to('fast2@example.test'), 2500);
    // Queued while the slow one is still being sent: goes out at once too.
    await enqueue('later@example.test');
    await sink.waitForMessage(to('later@example.test'), 2500);
    expect(sink.messages.some(to('slow@example.test'))).toBe(false);
    await sink.waitForMessage(to('slow@example.test'));
    expect(sink.messages.map((m) => m.envelope.to[0]).pop()).toBe('slow@example.test');
  });

  it('sends one mail after another over one pooled connection, not one connection per mail', async () => {
    for (let i = 0; i < 5; i++) {
      const result = await transport.send({ id: `pooled-${i}`, from: FROM, to: `pool${i}@example.test`, subject: `pooled ${i}`, html: '<p>hi</p>', text: 'hi' });
      expect(result).toMatchObject({ ok: true });
    }
    expect(sink.messages.map((m) => m.envelope.to[0])).toEqual([0, 1, 2, 3, 4].map((i) => `pool${i}@example.test`));
    expect(sink.connections).toBe(1);
  });

  it('gives up on a send after the send timeout and retries it later', async () => {
    await rig.worker.stop();
    rig = mailRig(db, transport, { signal: false, worker: { sendTimeoutMs: 1000 } });
    sink.delayRecipient('stuck@example.test', 3000);
    const { id } = await rig.mail.enqueue({ realm: 'main', to: 'stuck@example.test', template: 'test-message', locale: 'en' });
    expect(await rig.worker.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(await rig.mail.get(id)).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringContaining('within 1000 ms') });
  });

  it('delivers a queued mail: addresses, subject, both parts, locale, absolute link', async () => {
    rig.worker.start();
    const { id: enId } = await rig.mail.enqueue({ realm: 'main', to: 'Ada@Example.test', template: 'test-message', locale: 'en', userId: 'u-1' });
    const { id: deId } = await rig.mail.enqueue({ realm: 'main', to: 'bert@example.test', template: 'test-message', locale: 'de-CH' });

    const en = await sink.waitForMessage((m) => m.envelope.to.includes('ada@example.test'));
    const de = await sink.waitForMessage((m) => m.envelope.to.includes('bert@example.test'));

    expect(en.envelope.from).toBe('no-reply@id.example.test');
    expect(en.parsed.from?.text).toBe(FROM.replace('Flowgate', '"Flowgate"'));
    expect(en.parsed.subject).toBe('Test email from Flowgate');
    expect(en.parsed.text).toContain('This is a test email from Flowgate for the realm main.');
    expect(en.parsed.html).toContain('<html lang="en">');
    expect(en.parsed.html).toContain('<a href="https://id.example.test/auth/"');
    expect(en.parsed.text).toContain('https://id.example.test/auth/');
    expect(en.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(en.parsed.messageId).toBe(`<${enId}@id.example.test>`);

    expect(de.parsed.subject).toBe('Test-E-Mail von Flowgate');
    expect(de.parsed.text).toContain('Dies ist eine Test-E-Mail von Flowgate für den Realm main.');
    expect(de.parsed.html).toContain('<html lang="de">');

    await rig.worker.stop();
    const stored = await rig.mail.get(enId);
    expect(stored).toMatchObject({ status: 'sent', attempts: 1, transport: 'smtp', userId: 'u-1', locale: 'en', sentAt: T0 });
    expect(stored?.providerMessageId).toBe(`<${enId}@id.example.test>`);
    // Delivered mail may hold live links: its bodies do not stay in the database.
    expect(stored?.htmlBody).toBeNull();
    expect(stored?.textBody).toBeNull();
    expect((await rig.mail.get(deId))?.locale).toBe('de');
    expect(sink.messages).toHaveLength(2);
    // The worker logs ids and outcomes, never a body.
    expect(rig.log.text()).toContain(enId);
    expect(rig.log.text()).not.toContain('https://id.example.test/auth/');
  });

  it('keeps a mail pending while SMTP is down, counting attempts, and delivers it when it is back', async () => {
    const port = sink.port;
    await sink.stop();
    const { id } = await rig.mail.enqueue({ realm: 'main', to: 'ada@example.test', template: 'test-message', locale: 'en' });

    expect(await rig.worker.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    let stored = await rig.mail.get(id);
    expect(stored).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: T0 + 5000 });
    expect(stored?.lastError).toMatch(/ECONNECTION|ECONNREFUSED/);

    // Not due yet: nothing happens.
    expect(await rig.worker.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });

    rig.clock.advance(5000);
    expect(await rig.worker.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(await rig.mail.get(id)).toMatchObject({ status: 'pending', attempts: 2, nextAttemptAt: T0 + 5000 + 10_000 });

    await sink.restart();
    expect(sink.port).toBe(port);
    rig.clock.advance(10_000);
    expect(await rig.worker.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    stored = await rig.mail.get(id);
    expect(stored).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
    expect(sink.messages).toHaveLength(1);
  });

  it('marks a mail failed on 550, with the reason, and does not retry it', async () => {
    sink.setMode('permanent-reject');
    const { id } = await rig.mail.enqueue({ realm: 'main', to: 'nobody@example.test', template: 'test-message', locale: 'en' });
    expect(await rig.worker.runOnce()).toEqual({ sent: 0, retried: 0, failed: 1 });
    const failed = await rig.mail.get(id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed?.lastError).toContain('550');
    expect(failed?.htmlBody).not.toBeNull();

    sink.setMode('accept');
    rig.clock.advance(24 * 3600_000);
    expect(await rig.worker.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(await rig.mail.get(id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(sink.messages).toHaveLength(0);
  });

  it('lets an admin retry a failed mail, and only a failed one', async () => {
    sink.setMode('permanent-reject');
    const { id } = await rig.mail.enqueue({ realm: 'main', to: 'ada@example.test', template: 'test-message', locale: 'en' });
    await rig.worker.runOnce();
    sink.setMode('accept');

    await rig.mail.retry(id);
    expect(await rig.mail.get(id)).toMatchObject({ status: 'pending', attempts: 0, lastError: null });
    expect(await rig.worker.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(sink.messages).toHaveLength(1);

    expect(await codeOf(rig.mail.retry(id))).toBe('FG_MAIL_NOT_RETRYABLE');
    expect(await codeOf(rig.mail.retry('00000000-0000-4000-8000-000000000000'))).toBe('FG_MAIL_NOT_FOUND');
  });

  it('gives up after maxAttempts temporary failures (451)', async () => {
    await rig.worker.stop();
    rig = mailRig(db, transport, { worker: { maxAttempts: 3 } });
    sink.setMode('temporary-reject');
    const { id } = await rig.mail.enqueue({ realm: 'main', to: 'ada@example.test', template: 'test-message', locale: 'en' });
    for (const wait of [0, 5000, 10_000]) {
      rig.clock.advance(wait);
      await rig.worker.runOnce();
    }
    const stored = await rig.mail.get(id);
    expect(stored).toMatchObject({ status: 'failed', attempts: 3 });
    expect(stored?.lastError).toMatch(/^gave up after 3 attempts: .*451/);
    expect(sink.messages).toHaveLength(0);
  });

  it('refuses a bad recipient or template before storing anything', async () => {
    expect(await codeOf(rig.mail.enqueue({ realm: 'main', to: 'not an address', template: 'test-message', locale: 'en' }))).toBe('FG_INVALID_EMAIL');
    expect(await codeOf(rig.mail.enqueue({ realm: 'main', to: 'a@example.test\r\nBcc: b@example.test', template: 'test-message', locale: 'en' }))).toBe(
      'FG_INVALID_EMAIL',
    );
    expect(await codeOf(rig.mail.enqueue({ realm: 'main', to: 'a@example.test', template: 'no-such', locale: 'en' }))).toBe('FG_TEMPLATE_MISSING');
    expect(await rig.mail.list()).toEqual([]);
  });
});

describe('the outbox across restarts and processes', () => {
  let sink: SmtpSink;
  let dir: string;
  let cleanup: () => void;
  const open: Array<{ db: DataSource; transport: MailTransport; rig: MailRig }> = [];

  beforeEach(async () => {
    sink = await SmtpSink.start();
    ({ dir, cleanup } = tempDir());
  });

  afterEach(async () => {
    for (const { db, transport, rig } of open.splice(0)) {
      await rig.worker.stop();
      await transport.close();
      if (db.isInitialized) await db.destroy();
    }
    await sink.stop();
    cleanup();
  });

  async function node(file: string, options: Parameters<typeof mailRig>[2] = {}): Promise<MailRig> {
    const db = await openMailDb(file);
    const transport = new SmtpTransport({ smtpUrl: sink.url });
    const rig = mailRig(db, transport, options);
    open.push({ db, transport, rig });
    return rig;
  }

  it('loses nothing when the process restarts between queueing and delivery', async () => {
    const file = join(dir, 'flowgate.sqlite');
    const before = await node(file, { signal: false });
    const { id } = await before.mail.enqueue({ realm: 'main', to: 'ada@example.test', template: 'test-message', locale: 'de' });
    const first = open[0]!;
    await first.db.destroy();
    expect(sink.messages).toHaveLength(0);

    const after = await node(file);
    after.worker.start();
    const mail = await sink.waitForMessage((m) => m.parsed.messageId === `<${id}@id.example.test>`);
    expect(mail.parsed.subject).toBe('Test-E-Mail von Flowgate');
    await after.worker.stop();
    expect(await after.mail.get(id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('has two workers on one database deliver each mail exactly once', async () => {
    const file = join(dir, 'shared.sqlite');
    const a = await node(file, { signal: false, worker: { batchSize: 50, concurrency: 3 } });
    const b = await node(file, { signal: false, worker: { batchSize: 50, concurrency: 3 } });
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      ids.push((await a.mail.enqueue({ realm: 'main', to: `user${i}@example.test`, template: 'test-message', locale: 'en' })).id);
    }

    const [ra, rb] = await Promise.all([a.worker.runOnce(), b.worker.runOnce()]);

    expect(ra.sent + rb.sent).toBe(12);
    expect(sink.messages).toHaveLength(12);
    expect(new Set(sink.messages.map((m) => m.parsed.messageId)).size).toBe(12);
    const rows = await b.mail.list({ limit: 100 });
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(ids.map(() => ['sent', 1]));
  });

  it('reclaims a message whose worker died mid-send once the lease (three send timeouts: a minute by default) has run out', async () => {
    expect(LEASE_SEND_TIMEOUTS * DEFAULT_MAIL_SEND_TIMEOUT_MS).toBe(60_000);
    const file = join(dir, 'lease.sqlite');
    const rig = await node(file, { signal: false });
    const { id } = await rig.mail.enqueue({ realm: 'main', to: 'ada@example.test', template: 'test-message', locale: 'en' });
    // A worker claims it and dies before reporting back.
    expect(await rig.outbox.claim(id, rig.clock.now(), 60_000, 'dead-worker')).toMatchObject({ status: 'sending', attempts: 1 });

    expect(await rig.worker.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    rig.clock.advance(59_999);
    expect(await rig.worker.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    rig.clock.advance(1);
    expect(await rig.worker.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await rig.mail.get(id)).toMatchObject({ status: 'sent', attempts: 2 });
    // The dead worker's late report changes nothing.
    expect(await rig.outbox.record(id, 'dead-worker', rig.clock.now(), { kind: 'failed', error: 'late' })).toBe(false);
    expect(await rig.mail.get(id)).toMatchObject({ status: 'sent' });
  });
});
