import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/** One message the sink accepted. */
export interface ReceivedMail {
  /** The SMTP envelope: `MAIL FROM` and every `RCPT TO`. */
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  /** The message parsed by mailparser: `subject`, `html`, `text`, `from`, `to`, `headers`, ... */
  readonly parsed: ParsedMail;
  /** The raw message as received. */
  readonly raw: Buffer;
}

/** How the sink answers `RCPT TO`: accept, refuse for now (451), refuse for good (550). */
export type SinkMode = 'accept' | 'temporary-reject' | 'permanent-reject';

/** Stop waiting for a message after this long unless told otherwise; a deadline, not a timing check. */
const DEFAULT_WAIT_MS = 10_000;

/**
 * A real SMTP server for tests: `smtp-server` on 127.0.0.1 (no TLS, no auth), every accepted message
 * parsed with mailparser's `simpleParser`. It can refuse recipients (451 or 550) and can be stopped
 * and started again on the same port, to play an outage.
 */
export class SmtpSink {
  /** Every accepted message, in arrival order. */
  readonly messages: ReceivedMail[] = [];
  /** SMTP connections opened to it so far (a pooled client reuses one for many messages). */
  connections = 0;
  private mode: SinkMode = 'accept';
  /** Recipients whose `RCPT TO` is answered only after a delay (ms): a slow mail server. */
  private readonly delays = new Map<string, number>();
  private server: SMTPServer | undefined;
  private waiters = new Set<() => void>();

  private constructor(private portNumber: number) {}

  /** Starts a sink on a free port (or on `port`). */
  static async start(port = 0): Promise<SmtpSink> {
    const sink = new SmtpSink(port);
    await sink.listen();
    return sink;
  }

  /** The port it listens on (kept across `stop()` / `restart()`). */
  get port(): number {
    return this.portNumber;
  }

  /** `smtp://127.0.0.1:<port>`, for `SMTP_URL`. */
  get url(): string {
    return `smtp://127.0.0.1:${this.portNumber}`;
  }

  /** Sets how recipients are answered from now on. */
  setMode(mode: SinkMode): void {
    this.mode = mode;
  }

  /**
   * The first message (already received or still to come) that satisfies `predicate`. Rejects after
   * `timeoutMs` with the subjects received so far, so a failing test says what did arrive.
   */
  waitForMessage(predicate: (mail: ReceivedMail) => boolean = () => true, timeoutMs = DEFAULT_WAIT_MS): Promise<ReceivedMail> {
    const found = this.messages.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const hit = this.messages.find(predicate);
        if (!hit) return;
        done();
        resolve(hit);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no matching message within ${timeoutMs} ms; received: ${JSON.stringify(this.messages.map((m) => m.parsed.subject))}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }

  /** Answers `RCPT TO` for `address` only after `ms` ms from now on (a slow server, for that message alone). */
  delayRecipient(address: string, ms: number): void {
    this.delays.set(address.toLowerCase(), ms);
  }

  /** Stops listening; connections in progress get up to 2 s to finish. Messages received are kept. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listens again on the same port after `stop()`. */
  async restart(): Promise<void> {
    if (this.server) return;
    await this.listen();
  }

  private async listen(): Promise<void> {
    const server = new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 2000,
      // No reverse DNS of 127.0.0.1 on every connection: it only slows the tests down.
      disableReverseLookup: true,
      size: 10 * 1024 * 1024,
      onConnect: (_session, callback) => {
        this.connections++;
        callback();
      },
      onRcptTo: (address, _session, callback) => {
        const delay = this.delays.get(address.address.toLowerCase());
        if (delay !== undefined) return void setTimeout(() => callback(), delay);
        if (this.mode === 'accept') return callback();
        const code = this.mode === 'temporary-reject' ? 451 : 550;
        const err = Object.assign(new Error(code === 451 ? 'Try again later' : 'Mailbox unavailable'), { responseCode: code });
        return callback(err);
      },
      onData: (stream: SMTPServerDataStream, session: SMTPServerSession, callback) => {
        this.receive(stream, session).then(
          () => callback(),
          (err: Error) => callback(err),
        );
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.portNumber, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    // Errors after start (a client resetting the connection) must not crash the test run.
    server.on('error', () => undefined);
    this.portNumber = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const parsed = await simpleParser(raw);
    const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    this.messages.push({ envelope: { from, to: session.envelope.rcptTo.map((r) => r.address) }, parsed, raw });
    for (const waiter of [...this.waiters]) waiter();
  }
}
