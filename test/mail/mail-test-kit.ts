import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pino, { type Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ManualClock } from '../../src/engine/clock';
import { loadBundles } from '../../src/i18n';
import {
  DeliveryWorker,
  EmailRenderer,
  MailService,
  type DeliveryWorkerOptions,
  type MailTransport,
} from '../../src/mail';
import { MailOutbox1795321664363, OutboxMessageEntity, OutboxRepository } from '../../src/store';

/** The shipped templates and messages. */
export const ROOT = resolve(__dirname, '../..');
export const EMAIL_TEMPLATES = join(ROOT, 'templates', 'email');
export const MESSAGES = join(ROOT, 'templates', 'messages');

/** Public URL with a path, so tests see links built under it rather than at the origin. */
export const PUBLIC_URL = 'https://id.example.test/auth';
export const FROM = 'Flowgate <no-reply@id.example.test>';
/** A fixed start time: tests never depend on the date they run on. */
export const T0 = Date.UTC(2030, 0, 1);

/** A temp directory, removed by `cleanup()`. */
export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'flowgate-mail-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Opens a database (`:memory:` or a file) with just the mail schema, by migrations. */
export async function openMailDb(database = ':memory:'): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'better-sqlite3',
    database,
    entities: [OutboxMessageEntity],
    migrations: [MailOutbox1795321664363],
    synchronize: false,
    timeout: 5000,
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      if (database !== ':memory:') db.pragma('journal_mode = WAL');
    },
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return dataSource;
}

/** One parsed pino line. */
export type LogLine = Record<string, unknown> & { level: number; msg: string };

/** A real pino logger whose lines are kept for assertions. */
export function captureLogger(): { logger: Logger; lines: LogLine[]; text(): string } {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  return { logger, lines, text: () => lines.map((l) => JSON.stringify(l)).join('\n') };
}

/** The renderer over the shipped templates, strict (unknown keys and missing params throw). */
export function shippedRenderer(): EmailRenderer {
  return new EmailRenderer({ templateDirs: [EMAIL_TEMPLATES], bundles: loadBundles([MESSAGES]), publicUrl: PUBLIC_URL, strict: true });
}

/** A mail service, its outbox and a worker over one database, with a manual clock. */
export interface MailRig {
  readonly clock: ManualClock;
  readonly outbox: OutboxRepository;
  readonly worker: DeliveryWorker;
  readonly mail: MailService;
  readonly log: ReturnType<typeof captureLogger>;
}

/**
 * Builds the pieces the way the server will. Jitter is fixed at zero (`random: () => 0`) so retry
 * times are exact; `signal` decides whether the service wakes the worker.
 */
export function mailRig(
  dataSource: DataSource,
  transport: MailTransport,
  options: { clock?: ManualClock; worker?: DeliveryWorkerOptions; signal?: boolean; log?: ReturnType<typeof captureLogger> } = {},
): MailRig {
  const clock = options.clock ?? new ManualClock(T0);
  const log = options.log ?? captureLogger();
  const outbox = new OutboxRepository(dataSource);
  const worker = new DeliveryWorker({ outbox, transport, clock, logger: log.logger, options: { random: () => 0, ...options.worker } });
  const mail = new MailService({ outbox, renderer: shippedRenderer(), clock, from: FROM, worker: options.signal === false ? undefined : worker });
  return { clock, outbox, worker, mail, log };
}
