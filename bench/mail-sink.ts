import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/** What the bench needs from one mail: whom it went to and what a person would type or click. */
export interface BenchMail {
  readonly to: string;
  /** The 6-digit code in the mail (magic link with `includeCode`, email OTP). */
  readonly code: string | undefined;
  /** The sign-in link, present in magic-link mails only: it tells the two kinds apart. */
  readonly link: string | undefined;
}

/**
 * The SMTP server the benchmarked Flowgate delivers to, inside the bench process (production's
 * path: a real SMTP connection per mail). Unlike `test/support/smtp-sink.ts` it does not keep
 * every message nor parse MIME with mailparser, and waiters are indexed by recipient: at thousands
 * of mails and 16 waiting clients, scanning a growing list per message would make the bench
 * process, not the server, the bottleneck. Flowgate's text parts are quoted-printable at most,
 * so decoding that is enough to read the code and the link.
 */
export class MailSink {
  /** Mails received per recipient and not yet taken by `next`. */
  private readonly inbox = new Map<string, BenchMail[]>();
  private readonly waiters = new Map<string, Array<() => void>>();
  private received = 0;
  /** While down: the callbacks of connections and recipients held unanswered (see `down`). */
  private held: Array<(err?: Error) => void> | undefined;

  private constructor(private readonly server: SMTPServer, readonly port: number) {}

  static async start(): Promise<MailSink> {
    let sink: MailSink | undefined;
    const server = new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      disableReverseLookup: true,
      onConnect: (_session, callback) => sink!.whenUp(callback),
      onRcptTo: (_address, _session, callback) => sink!.whenUp(callback),
      onData: (stream: SMTPServerDataStream, session: SMTPServerSession, callback) => {
        readAll(stream).then((raw) => {
          for (const rcpt of session.envelope.rcptTo) sink!.deliver(parseMail(rcpt.address, raw));
          callback();
        }, callback);
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    // A client resetting its connection must not end the bench.
    server.on('error', () => undefined);
    sink = new MailSink(server, (server.server.address() as AddressInfo).port);
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Mails received since the start. */
  get count(): number {
    return this.received;
  }

  /** The next mail to `to` that `accept`s (others to that address are dropped), within `timeoutMs`. */
  async next(to: string, accept: (mail: BenchMail) => boolean, timeoutMs: number): Promise<BenchMail> {
    const key = to.toLowerCase();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const queue = this.inbox.get(key) ?? [];
      while (queue.length > 0) {
        const mail = queue.shift()!;
        if (accept(mail)) return mail;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(wake, left);
        function wake(): void {
          clearTimeout(timer);
          resolve();
        }
        const list = this.waiters.get(key) ?? [];
        list.push(wake);
        this.waiters.set(key, list);
      });
    }
  }

  /** Waits until `total` mails have arrived since the start (false after `timeoutMs`). */
  async waitForCount(total: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.received < total && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    return this.received >= total;
  }

  /**
   * Goes down as a hung mail server does: connections get no greeting and recipients no answer, so
   * each send waits until the sender's timeout. (Refusing at once would end every attempt before a
   * test could see one in flight.) `up` answers what is held with a 421 and serves normally again.
   */
  down(): void {
    this.held ??= [];
  }

  up(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const callback of held) callback(Object.assign(new Error('back up: try again'), { responseCode: 421 }));
  }

  private whenUp(callback: (err?: Error) => void): void {
    if (this.held) this.held.push(callback);
    else callback();
  }

  /** Forgets mails nobody took (a magic-link mail in an email-code sign-in, a warm-up's leftovers). */
  clear(): void {
    this.inbox.clear();
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private deliver(mail: BenchMail): void {
    this.received++;
    const key = mail.to.toLowerCase();
    const queue = this.inbox.get(key) ?? [];
    queue.push(mail);
    this.inbox.set(key, queue);
    const waiters = this.waiters.get(key);
    this.waiters.delete(key);
    for (const wake of waiters ?? []) wake();
  }
}

async function readAll(stream: SMTPServerDataStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads the code and link from the raw message (soft line breaks and `=XX` escapes undone). */
export function parseMail(to: string, raw: string): BenchMail {
  const text = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  const link = /https?:\/\/[^\s"'<>]*\/login-actions\/link\?key=[^\s"'<>]+/.exec(text)?.[0];
  const code = /(?:^|\n)\s*(\d{6})\s*(?:\r?\n)/.exec(text)?.[1];
  return { to, code, link: link?.replace(/&amp;/g, '&') };
}
