import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { JsonClient, type Answer } from '../../bench/client';
import { prepareFlows, writeConfig } from '../../bench/fixture';
import { MailSink } from '../../bench/mail-sink';
import { ServerProcess } from '../../bench/server-process';
import { LOGIN_PATH, signIn, type Method } from '../../bench/sign-in';
import { openDatabase } from '../../src/store/data-source';
import { OutboxRepository } from '../../src/store/outbox.repository';
import { freePort } from '../support/free-port';
import { freshDatabase, TEST_POSTGRES } from '../support/test-database';

/**
 * Three real Flowgate processes (the shipped flows, as the benchmark runs them) on one PostgreSQL
 * database and one data dir (one server secret), and clients that send each request of a sign-in
 * to the next node in turn, with one cookie jar (#20). One set of processes for the whole suite:
 * every test uses addresses of its own, and the last one kills a node.
 */
(TEST_POSTGRES ? describe : describe.skip)('three Flowgate processes on one PostgreSQL database', () => {
  let db: { database: string; drop(): Promise<void> };
  let work: string;
  let sink: MailSink;
  let nodes: ServerProcess[] = [];
  let bases: URL[];
  const agent = new http.Agent({ keepAlive: true });

  beforeAll(async () => {
    db = await freshDatabase();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-processes-'));
    const flowsDir = path.join(work, 'flows');
    const configFile = path.join(work, 'config.json');
    const dataDir = path.join(work, 'data');
    fs.mkdirSync(dataDir);
    prepareFlows(flowsDir);
    writeConfig(configFile);
    // Sends to a hung mail server give up after 2 s (the least the config allows is 1 s), so a
    // dead node's claims lapse after 6 s (three send timeouts) instead of a minute.
    const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(configFile, JSON.stringify({ ...config, mailSendTimeoutMs: 2000 }));
    sink = await MailSink.start();
    const start = async (): Promise<ServerProcess> =>
      ServerProcess.start({ build: 'sources', dataDir, flowsDir, configFile, port: await freePort(), smtpUrl: sink.url, cpu: undefined, database: db.database });
    // The first creates the shared server secret; the other two read it.
    nodes = [await start()];
    nodes.push(...(await Promise.all([start(), start()])));
    bases = nodes.map((node) => node.baseUrl);
  });
  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.stop()));
    agent.destroy();
    await sink?.stop();
    await db?.drop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  /** A new browser whose requests go to node 1, 2, 3, 1, … */
  const browser = (): JsonClient => new JsonClient(bases, agent, () => undefined);

  /** Runs `sql` on the cluster's database, on a connection of its own. */
  async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: db.database });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }
  const loginsOf = async (email: string): Promise<number> =>
    Number((await query<{ n: string }>(`SELECT count(*) AS n FROM events e JOIN users u ON u.id = e.user_id WHERE e.type = 'LOGIN' AND u.email = $1`, [email]))[0]!.n);
  const sessionsOf = async (email: string): Promise<number> =>
    Number((await query<{ n: string }>(`SELECT count(*) AS n FROM user_sessions s JOIN users u ON u.id = s.user_id WHERE u.email = $1`, [email]))[0]!.n);

  /** Opens the sign-in and types `email`: the magic-link step, its mail sent. */
  async function startSignIn(client: JsonClient, email: string): Promise<Record<string, unknown>> {
    const first = await client.get(LOGIN_PATH);
    const submit = (first.body['actions'] as { submit: { href: string; fields?: Record<string, string> } }).submit;
    const step = await client.post(submit.href, { ...submit.fields, email });
    expect({ status: step.status, view: step.body['view'] }).toEqual({ status: 200, view: 'magic-link' });
    return step.body;
  }

  it.each<Method>(['magic-link', 'email-otp'])('%s: a new user, then the same user returning, each request on another node', async (method) => {
    const email = `new-${method}@example.com`;
    await signIn(browser(), sink, method, email);
    await signIn(browser(), sink, method, email);
    expect(await loginsOf(email)).toBe(2);
    expect(await query(`SELECT email FROM users WHERE email = $1`, [email])).toHaveLength(1);
  });

  it('50 concurrent confirmations of one magic link over the three nodes make one session and one LOGIN', async () => {
    const email = 'link-race@example.com';
    const client = browser();
    await startSignIn(client, email);
    const mail = await sink.next(email, (m) => m.link !== undefined, 30_000);
    const page = await client.get(new URL(mail.link!).pathname + new URL(mail.link!).search);
    const confirm = (page.body as { confirm?: { href: string; fields: Record<string, string> } }).confirm;
    expect({ type: page.body['type'], hasConfirm: confirm !== undefined }).toEqual({ type: 'link', hasConfirm: true });
    const answers: Answer[] = await Promise.all(Array.from({ length: 50 }, () => client.post(confirm!.href, confirm!.fields)));
    expect(answers.filter((a) => a.body['type'] === 'success')).toHaveLength(1);
    // The others are refused with a code, never a 500.
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    expect(await loginsOf(email)).toBe(1);
    expect(await sessionsOf(email)).toBe(1);
  });

  it('email-code guesses over three nodes and ten sign-ins are counted together: the user is locked after ten', async () => {
    const email = 'guesser@example.com';
    // The user exists (a first sign-in), so the realm's brute-force protection counts their failures.
    await signIn(browser(), sink, 'email-otp', email);
    let last: { client: JsonClient; submit: { href: string; fields?: Record<string, string> }; code: string } | undefined;
    for (let i = 0; i < 10; i++) {
      const client = browser();
      const step = await startSignIn(client, email);
      const another = (step['actions'] as { tryAnotherWay: { href: string; fields?: Record<string, string> } }).tryAnotherWay;
      const chooser = await client.post(another.href, { ...another.fields });
      const choice = (chooser.body['model'] as { options: Array<{ id: string }> }).options.find((o) => o.id.endsWith('/email-otp'))!.id;
      const chooserSubmit = (chooser.body['actions'] as { submit: { href: string; fields?: Record<string, string> } }).submit;
      const otp = await client.post(chooserSubmit.href, { ...chooserSubmit.fields, choice });
      expect(otp.body['view']).toBe('email-otp');
      const code = (await sink.next(email, (m) => m.link === undefined, 30_000)).code!;
      const submit = (otp.body['actions'] as { submit: { href: string; fields?: Record<string, string> } }).submit;
      const wrong = await client.post(submit.href, { ...submit.fields, code: code === '000000' ? '111111' : '000000' });
      expect({ i, status: wrong.status < 500, type: wrong.body['type'] }).toEqual({ i, status: true, type: 'step' });
      last = { client, submit, code };
    }
    sink.clear();
    // Locked now: the right code of the last sign-in is refused like a wrong one, on whichever node.
    const refused = await last!.client.post(last!.submit.href, { ...last!.submit.fields, code: last!.code });
    expect(refused.body['type']).not.toBe('success');
    expect(await loginsOf(email)).toBe(1);
    // Every guess on every node counted in the one record (the one right answer after the lock too).
    const records = await query<{ failures: number }>(`SELECT b.failures FROM brute_force_records b JOIN users u ON u.id = b.user_id WHERE u.email = $1`, [email]);
    expect(records.map((r) => r.failures >= 10)).toEqual([true]);
  });

  it('1,000 mails queued while the mail server is down, one node killed with SIGKILL mid-delivery: each delivered exactly once', async () => {
    const statuses = async (): Promise<Record<string, number>> =>
      Object.fromEntries(
        (await query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM mail_outbox WHERE recipient LIKE 'bulk-%' GROUP BY status`)).map((r) => [r.status, Number(r.n)]),
      );
    const mailsBefore = sink.count;
    sink.down();
    const ds = await openDatabase({ database: db.database, poolSize: 4 });
    try {
      const outbox = new OutboxRepository(ds);
      const recipients = Array.from({ length: 1000 }, (_, i) => `bulk-${i}@example.com`);
      for (let from = 0; from < recipients.length; from += 50) {
        await Promise.all(
          recipients.slice(from, from + 50).map((to) =>
            outbox.insert({ id: randomUUID(), realm: 'main', userId: null, from: 'flowgate@example.com', to, template: 'bulk', locale: 'en', subject: `For ${to}`, htmlBody: `<p>${to}</p>`, textBody: to, expiresAt: null, createdAt: Date.now() }),
          ),
        );
      }
    } finally {
      await ds.destroy();
    }
    // Each node sends four at a time: more than eight in flight means the third node holds some too.
    const deadline = Date.now() + 60_000;
    while (((await statuses())['sending'] ?? 0) <= 8 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await statuses())['sending']).toBeGreaterThan(8);
    await nodes[2]!.kill();
    sink.up();

    // Its claims lapse and the other two send them; everything else is theirs anyway.
    while (((await statuses())['sent'] ?? 0) < 1000 && Date.now() < deadline + 60_000) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await statuses()).toEqual({ sent: 1000 });
    // Nothing is left to send, so no copy can still come: each address got exactly one mail.
    expect(sink.count - mailsBefore).toBe(1000);
    const missing: string[] = [];
    for (let i = 0; i < 1000; i++) await sink.next(`bulk-${i}@example.com`, () => true, 0).catch(() => missing.push(`bulk-${i}`));
    expect(missing).toEqual([]);
    // The server was really down for some of them: attempted more than once.
    const retried = await query<{ n: string }>(`SELECT count(*) AS n FROM mail_outbox WHERE recipient LIKE 'bulk-%' AND attempts > 1`);
    expect(Number(retried[0]!.n)).toBeGreaterThan(0);
  });
});
