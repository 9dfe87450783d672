import type { DataSource } from 'typeorm';
import { isFlowgateError } from '../../src/errors';
import { createMailTransport, DEV_OUTBOX_WARNING, DevOutboxTransport, SmtpTransport, type MailTransport } from '../../src/mail';
import { captureLogger, mailRig, openMailDb, type MailRig } from './mail-test-kit';

describe('dev outbox transport', () => {
  let db: DataSource;
  let transport: MailTransport;
  let rig: MailRig;
  let log: ReturnType<typeof captureLogger>;

  beforeEach(async () => {
    db = await openMailDb();
    log = captureLogger();
    transport = createMailTransport({ logger: log.logger });
    rig = mailRig(db, transport, { log });
  });

  afterEach(async () => {
    await rig.worker.stop();
    await db.destroy();
  });

  it('is chosen when no SMTP URL is set, and warns loudly exactly once', async () => {
    expect(transport).toBeInstanceOf(DevOutboxTransport);
    await rig.mail.enqueue({ realm: 'main', to: 'ada@example.test', template: 'test-message', locale: 'en' });
    await rig.mail.enqueue({ realm: 'main', to: 'bert@example.test', template: 'test-message', locale: 'de' });
    await rig.worker.runOnce();
    const warnings = log.lines.filter((l) => l.msg.includes(DEV_OUTBOX_WARNING));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.level).toBe(40);
  });

  it('logs the text part and every link, and keeps the message readable in the outbox', async () => {
    const { id } = await rig.mail.enqueue({ realm: 'main', to: 'ada@example.test', template: 'test-message', locale: 'en' });
    expect(await rig.worker.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });

    const entry = log.lines.find((l) => l.mailId === id && Array.isArray(l.links));
    expect(entry?.links).toEqual(['https://id.example.test/auth/']);
    expect(entry?.msg).toContain('https://id.example.test/auth/');
    expect(entry?.text).toContain('This is a test email from Flowgate for the realm main.');

    const stored = await rig.mail.get(id);
    expect(stored).toMatchObject({ status: 'sent', transport: 'dev-outbox', attempts: 1 });
    expect(stored?.textBody).toContain('https://id.example.test/auth/');
    expect(stored?.htmlBody).toContain('<a href="https://id.example.test/auth/"');
  });
});

describe('createMailTransport', () => {
  it('uses SMTP when a URL is set, without a warning', async () => {
    const log = captureLogger();
    const transport = createMailTransport({ smtpUrl: 'smtp://127.0.0.1:2525', logger: log.logger });
    expect(transport).toBeInstanceOf(SmtpTransport);
    expect(log.lines).toEqual([]);
    await transport.close();
  });

  it('refuses a URL that is not smtp(s), without echoing its password', () => {
    let caught: unknown;
    try {
      createMailTransport({ smtpUrl: 'http://user:s3cret@mail.example.test', logger: captureLogger().logger });
    } catch (err) {
      caught = err;
    }
    expect(isFlowgateError(caught, 'FG_CONFIG_INVALID')).toBe(true);
    expect((caught as Error).message).not.toContain('s3cret');
  });
});
