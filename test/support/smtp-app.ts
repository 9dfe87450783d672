import type { Server } from 'node:http';
import { createMailTestApp, type MailTestApp, type MailTestAppOptions } from './mail-test-app';
import { SmtpSink, type ReceivedMail } from './smtp-sink';
import type { TestApp } from './test-app';

/** What the tests of a `describeWithSmtpApp` block reach: one SMTP sink for the block, a fresh app per test. */
export interface SmtpApp {
  /** The block's sink, emptied before each test. */
  readonly sink: SmtpSink;
  /** The running test's app; its mail leaves over SMTP to `sink`. */
  readonly t: TestApp;
  /** The running test's app, listening on a free port. */
  readonly server: Server;
  /** The mails the sink received for `to` in the running test, oldest first. */
  mailsTo(to: string): ReceivedMail[];
  /** The `n`-th mail (1-based) to `to` in the running test, waiting for it to arrive. */
  nthMailTo(to: string, n: number): Promise<ReceivedMail>;
}

/**
 * A describe block whose tests each get a new app (`createMailTestApp` with `options`) sending mail
 * through one real SMTP sink, started once for the block. `body` declares the tests; it may add its
 * own hooks, which run after these. The methods of the `SmtpApp` it gets may be destructured.
 */
export function describeWithSmtpApp(name: string, options: MailTestAppOptions, body: (app: SmtpApp) => void): void {
  describe(name, () => {
    let sink: SmtpSink | undefined;
    let running: MailTestApp | undefined;
    const ready = <T>(value: T | undefined, what: string): T => {
      if (value === undefined) throw new Error(`the SMTP app's ${what} is used outside a test`);
      return value;
    };

    beforeAll(async () => {
      sink = await SmtpSink.start();
    });
    afterAll(() => sink?.stop());
    beforeEach(async () => {
      // The sink outlives the tests; each test reads only its own mail.
      ready(sink, 'sink').messages.length = 0;
      running = await createMailTestApp(ready(sink, 'sink'), options);
    });
    afterEach(async () => {
      await running?.close();
      running = undefined;
    });

    const mailsTo = (to: string): ReceivedMail[] => ready(sink, 'sink').messages.filter((m) => m.envelope.to.includes(to));
    body({
      get sink() {
        return ready(sink, 'sink');
      },
      get t() {
        return ready(running, 'app').t;
      },
      get server() {
        return ready(running, 'app').server;
      },
      mailsTo,
      async nthMailTo(to, n) {
        await ready(sink, 'sink').waitForMessage(() => mailsTo(to).length >= n);
        return mailsTo(to)[n - 1]!;
      },
    });
  });
}
