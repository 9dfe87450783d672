import type { Server } from 'node:http';
import { TYPES } from '../../src/container';
import type { DeliveryWorker } from '../../src/mail';
import type { SmtpSink } from './smtp-sink';
import { createTestApp, type TestApp } from './test-app';

/** The public URL of mail tests: http, so a plain test agent gets its cookies back. */
export const MAIL_TEST_PUBLIC_URL = 'http://id.example.test';

/** A test app whose mail really leaves over SMTP to `sink`, delivered by a running worker, listening on a free port. */
export interface MailTestApp {
  readonly t: TestApp;
  readonly server: Server;
  close(): Promise<void>;
}

/** Builds and starts a `MailTestApp` on the flows in `flowsDir` (and extra plugin paths). */
export async function createMailTestApp(sink: SmtpSink, options: { flowsDir: string; plugins?: readonly string[] }): Promise<MailTestApp> {
  const t = await createTestApp({
    flowsDir: options.flowsDir,
    ...(options.plugins && { plugins: [...options.plugins] }),
    env: { SMTP_URL: sink.url, PUBLIC_URL: MAIL_TEST_PUBLIC_URL, MAIL_FROM: 'Flowgate <no-reply@id.example.test>' },
  });
  t.container.get<DeliveryWorker>(TYPES.DeliveryWorker).start();
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
