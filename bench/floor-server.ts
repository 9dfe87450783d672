import 'reflect-metadata';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import express, { type Request } from 'express';
import { createTransport } from 'nodemailer';
import { DataSource } from 'typeorm';

/**
 * The floor's server (`bench/floor.ts` starts it, pinned like Flowgate): what a magic-link sign-in
 * costs in the packages Flowgate is built on, with none of its logic. Three JSON requests with a
 * cookie and a body, like the JSON face's: open (sets a cookie), post the address (statements, one
 * mail over nodemailer's pooled SMTP), post the code (statements, a second cookie). Statements are
 * simple indexed reads and single-row writes on a SQLite file in WAL mode, run through
 * better-sqlite3 itself or through typeorm's `query`, never both in one server.
 *
 * Configured by the environment: FLOOR_SQL (`none`, `better-sqlite3`, `typeorm`),
 * FLOOR_STATEMENTS (per sign-in), FLOOR_MAIL (`1` sends the mail), FLOOR_DB (the SQLite file),
 * SMTP_URL. Prints `listening <port>` when ready, and on SIGTERM `done <statements> <mails>`, what
 * it ran, so the bench can check the work was done.
 */

type SqlMode = 'none' | 'better-sqlite3' | 'typeorm';

const sqlMode = (process.env.FLOOR_SQL ?? 'none') as SqlMode;
const statements = Number(process.env.FLOOR_STATEMENTS ?? '0');
const sendsMail = process.env.FLOOR_MAIL === '1';
const PUBLIC_URL = 'http://127.0.0.1';

/** Rows in the table before the first sign-in, as the 1,000 users of the bench's database. */
const SEEDED_ROWS = 1000;

/** Runs one statement and returns its rows (reads) or nothing (writes), whichever library runs it. */
type Run = (sql: string, params: unknown[]) => Promise<unknown>;

async function openDatabase(file: string): Promise<Run> {
  const schema = [
    'CREATE TABLE IF NOT EXISTS people (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, step INTEGER NOT NULL, data TEXT NOT NULL, updated_at INTEGER NOT NULL)',
  ];
  if (sqlMode === 'better-sqlite3') {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    for (const sql of schema) db.exec(sql);
    seed((sql, params) => db.prepare(sql).run(...params));
    // Statements compiled once and cached by text, as Flowgate's driver caches them.
    const cache = new Map<string, Database.Statement>();
    return async (sql, params) => {
      let statement = cache.get(sql);
      if (statement === undefined) cache.set(sql, (statement = db.prepare(sql)));
      return statement.reader ? statement.all(...params) : statement.run(...params);
    };
  }
  const source = new DataSource({ type: 'better-sqlite3', database: file, prepareDatabase: (db: Database.Database) => void db.pragma('synchronous = NORMAL') });
  await source.initialize();
  await source.query('PRAGMA journal_mode = WAL');
  for (const sql of schema) await source.query(sql);
  const raw = source.driver as unknown as { databaseConnection: Database.Database };
  seed((sql, params) => raw.databaseConnection.prepare(sql).run(...params));
  return (sql, params) => source.query(sql, params);
}

function seed(run: (sql: string, params: unknown[]) => unknown): void {
  for (let i = 0; i < SEEDED_ROWS; i++) run('INSERT OR IGNORE INTO people (id, email, step, data, updated_at) VALUES (?, ?, 0, ?, ?)', [`seed-${i}`, `seed-${i}@example.com`, '{}', Date.now()]);
}

/**
 * `count` statements for one request of sign-in `id`: the first inserts its row, then reads by
 * key and by the unique email, and every third one updates the row (about Flowgate's mix of
 * reads and writes), each a transaction of its own.
 */
async function statementsFor(run: Run, id: string, email: string, count: number, insert: boolean): Promise<void> {
  for (let i = 0; i < count; i++) {
    if (insert && i === 0) await run('INSERT INTO people (id, email, step, data, updated_at) VALUES (?, ?, 0, ?, ?)', [id, email, '{"step":0}', Date.now()]);
    else if (i % 3 === 2) await run('UPDATE people SET step = step + 1, data = ?, updated_at = ? WHERE id = ?', [`{"i":${i}}`, Date.now(), id]);
    else if (i % 3 === 1) await run('SELECT id, step, data FROM people WHERE email = ?', [email]);
    else await run('SELECT id, email, step, data, updated_at FROM people WHERE id = ?', [id]);
  }
}

/** A mail about the size and shape of Flowgate's magic-link mail: HTML and text, a link and a code. */
function mailOf(to: string, link: string, code: string) {
  const para = (text: string): string => `<p style="margin:0 0 16px;font-size:16px;line-height:24px;color:#1f2328">${text}</p>`;
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in to Flowgate</title></head>` +
    `<body style="margin:0;padding:24px;background:#f6f8fa;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif">` +
    `<table role="presentation" width="100%" cellspacing="0" cellpadding="0"><tr><td align="center">` +
    `<table role="presentation" width="480" style="background:#ffffff;border-radius:8px;padding:32px">` +
    `<tr><td>${para('Hello,')}${para('Someone asked to sign in to <strong>Flowgate</strong> with this address. If it was you, use the button below or type the code on the page that asked for it.')}` +
    `<p style="margin:24px 0"><a href="${link}" style="background:#0969da;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none">Sign in</a></p>` +
    `${para('Or type this code:')}<p style="font-size:28px;letter-spacing:6px;font-weight:600">${code}</p>` +
    `${para('The link and the code work once, for 10 minutes. If you did not ask to sign in, you can ignore this mail: nobody can sign in without it.')}` +
    `</td></tr></table></td></tr></table></body></html>`;
  const text = `Hello,\n\nSomeone asked to sign in to Flowgate with this address. If it was you, open this link:\n\n${link}\n\nor type this code:\n\n${code}\n\nThe link and the code work once, for 10 minutes. If you did not ask to sign in, you can ignore this mail.\n`;
  return { from: 'Flowgate <no-reply@flowgate.test>', to, subject: 'Sign in to Flowgate', html, text, messageId: `<${randomUUID()}@flowgate.test>`, headers: { 'Auto-Submitted': 'auto-generated' } };
}

let statementsRun = 0;
let mailsSent = 0;

async function main(): Promise<void> {
  const database = sqlMode === 'none' ? undefined : await openDatabase(process.env.FLOOR_DB!);
  const run: Run | undefined = database && ((sql, params) => (statementsRun++, database(sql, params)));
  const transporter = createTransport({ url: process.env.SMTP_URL!, pool: true, maxConnections: 4, disableFileAccess: true, disableUrlAccess: true });
  // The statements are spread over the two POSTs, as Flowgate's are (the GET reads little).
  const perRequest = [Math.round(statements * 0.2), Math.round(statements * 0.4)];
  perRequest.push(statements - perRequest[0]! - perRequest[1]!);

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(express.json({ limit: '32kb' }));
  const cookie = (req: Request, name: string): string | undefined => new RegExp(`(?:^|; )${name}=([^;]*)`).exec(req.get('cookie') ?? '')?.[1];
  const step = (res: express.Response, view: string, href: string): void => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ type: 'step', view, actions: { submit: { href, fields: { csrf: 'x', step: '1' } } }, model: {} });
  };

  app.get('/realms/main/login', async (_req, res) => {
    const id = randomBytes(16).toString('base64url');
    res.cookie('fg_browser', id, { httpOnly: true, sameSite: 'lax', path: '/' });
    if (run) await statementsFor(run, id, `${id}@floor.test`, perRequest[0]!, false);
    step(res, 'identify-email', `/realms/main/login-actions/authenticate?tab_id=${id}`);
  });
  app.post('/realms/main/login-actions/authenticate', async (req, res) => {
    const id = cookie(req, 'fg_browser') ?? '';
    const body = req.body as Record<string, string>;
    if (body['email'] !== undefined) {
      if (run) await statementsFor(run, id, body['email'], perRequest[1]!, true);
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      if (sendsMail) void transporter.sendMail(mailOf(body['email'], `${PUBLIC_URL}/realms/main/login-actions/link?key=${id}`, code)).then(() => mailsSent++);
      step(res, 'magic-link', `/realms/main/login-actions/authenticate?tab_id=${id}`);
      return;
    }
    if (run) await statementsFor(run, id, '', perRequest[2]!, false);
    res.cookie('fg_session_main', randomBytes(32).toString('base64url'), { httpOnly: true, sameSite: 'lax', path: '/realms/main' });
    res.setHeader('Cache-Control', 'no-store');
    res.json({ type: 'success', redirectTo: 'http://localhost:3001/callback?code=x' });
  });

  const server = app.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));
  process.on('SIGTERM', () => {
    transporter.close();
    process.stdout.write(`done ${statementsRun} ${mailsSent}\n`);
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}

void main();
