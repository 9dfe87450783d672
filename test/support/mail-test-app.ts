import type { Server } from 'node:http';
import { TYPES } from '../../src/composition/container';
import type { DeliveryWorker } from '../../src/mail';
import type { SmtpSink } from './smtp-sink';
import { createTestApp, type TestApp, type TestAppOptions } from './test-app';

/** The public URL of mail tests: http, so a plain test agent gets its cookies back. */
export const MAIL_TEST_PUBLIC_URL = 'http://id.example.test';

/** A test app whose mail really leaves over SMTP to `sink`, delivered by a running worker, listening on a free port. */
export interface MailTestApp {
  readonly t: TestApp;
  readonly server: Server;
  close(): Promise<void>;
}

/**
 * A test app (not listening) whose mail really leaves over SMTP to `sink`, its delivery worker
 * running: a sign-in queues the mail, the worker sends it, the sink receives it. `options.env`
 * adds to the environment (e.g. `PUBLIC_URL`).
 */
export async function createSmtpTestApp(sink: SmtpSink, options: TestAppOptions = {}): Promise<TestApp> {
  const t = await createTestApp({
    ...options,
    env: { SMTP_URL: sink.url, MAIL_FROM: 'Flowgate <no-reply@id.example.test>', ...options.env },
  });
  t.container.get(TYPES.DeliveryWorker).start();
  return t;
}

/** What a `MailTestApp` runs. */
export interface MailTestAppOptions {
  /** Flow and realm files. */
  readonly flowsDir: string;
  /** External plugin modules (paths). Default: the `fixed-code` test plugin (see `TestAppOptions`). */
  readonly plugins?: readonly string[];
  /** Server config options (see `TestAppOptions.config`), e.g. `trustProxy`. */
  readonly config?: Readonly<Record<string, unknown>>;
}

/** Builds and starts a `MailTestApp` on the flows in `flowsDir` (and extra plugin paths). */
export async function createMailTestApp(sink: SmtpSink, options: MailTestAppOptions): Promise<MailTestApp> {
  const t = await createSmtpTestApp(sink, {
    flowsDir: options.flowsDir,
    ...(options.plugins && { plugins: [...options.plugins] }),
    ...(options.config && { config: options.config }),
    env: { PUBLIC_URL: MAIL_TEST_PUBLIC_URL },
  });
  const server = t.app.listen(0);
  return {
    t,
    server,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.close();
    },
  };
}
