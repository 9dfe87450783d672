import { ERROR_CODES } from '../../src/errors';
import type { ErrorDocument, StatusDocument, StepDocument } from '../../src/http/contracts';
import { Client } from 'pg';
import { TYPES } from '../../src/composition/container';
import { createTestApp, type TestApp } from '../support/test-app';
import { itOnPostgres, TEST_POSTGRES } from '../support/test-database';
import { JSON_ACCEPT, JsonClient } from './http-kit';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  await t.users.create({ email: 'ann@example.com' });
});
afterEach(() => t.close());

/** GETs a step's status URL as `client`. */
async function statusOf(client: JsonClient, step: StepDocument): Promise<{ status: number; body: StatusDocument & Partial<Omit<ErrorDocument, 'type'>> }> {
  const res = await client.agent.get(step.actions.status.href).set(JSON_ACCEPT);
  return { status: res.status, body: res.body as StatusDocument & Partial<Omit<ErrorDocument, 'type'>> };
}

describe('the tab status endpoint (polled by waiting pages)', () => {
  test('every step names its status URL; unchanged while the step shows, changed once the tab moved on', async () => {
    const client = new JsonClient(t.app);
    const first = await client.start();
    expect(first.actions.status).toEqual({ method: 'GET', href: `/realms/main/login-actions/status?tab_id=${first.tabId}&step=${first.step}` });

    const before = await statusOf(client, first);
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ type: 'status', realm: 'main', tabId: first.tabId, step: first.step, changed: false, href: `/realms/main/login-actions/authenticate?tab_id=${first.tabId}` });

    const answered = await client.submit(first, { email: 'ann@example.com' });
    expect(answered.status).toBe(200);
    const second = answered.body as StepDocument;
    const after = await statusOf(client, first);
    expect(after.body).toMatchObject({ changed: true, step: second.step });
    expect((await statusOf(client, second)).body.changed).toBe(false);
  });

  test('is changed once the sign-in finished', async () => {
    const client = new JsonClient(t.app);
    const first = await client.start();
    const code = (await client.submit(first, { email: 'ann@example.com' })).body as StepDocument;
    expect((await client.submit(code, { code: '000000' })).body).toMatchObject({ type: 'success' });
    expect((await statusOf(client, code)).body.changed).toBe(true);
  });

  test('is no-store and changes nothing: polling does not move the step on', async () => {
    const client = new JsonClient(t.app);
    const first = await client.start();
    const res = await client.agent.get(first.actions.status.href).set(JSON_ACCEPT);
    expect(res.headers['cache-control']).toContain('no-store');
    for (let i = 0; i < 3; i += 1) await statusOf(client, first);
    // The form of the first step is still the current one.
    expect((await client.submit(first, { email: 'ann@example.com' })).status).toBe(200);
  });

  test("another browser's poll learns nothing: the same refusal as an unknown tab", async () => {
    const client = new JsonClient(t.app);
    const first = await client.start();
    const stranger = new JsonClient(t.app);
    await stranger.start();
    const theirs = await statusOf(stranger, first);
    expect(theirs.status).toBe(ERROR_CODES.FG_AUTH_SESSION_NOT_FOUND.status);
    expect(theirs.body.code).toBe('FG_AUTH_SESSION_NOT_FOUND');
    const unknown = await stranger.agent.get('/realms/main/login-actions/status?tab_id=nope&step=1').set(JSON_ACCEPT);
    expect(unknown.status).toBe(theirs.status);
    expect((unknown.body as ErrorDocument).code).toBe('FG_AUTH_SESSION_NOT_FOUND');
  });

  test('a missing or malformed step is a coded 400, not a guess', async () => {
    const client = new JsonClient(t.app);
    const first = await client.start();
    for (const query of ['', '&step=', '&step=abc', '&step=-1', '&step=1&step=2']) {
      const res = await client.agent.get(`/realms/main/login-actions/status?tab_id=${first.tabId}${query}`).set(JSON_ACCEPT);
      expect(res.status).toBe(400);
      expect((res.body as ErrorDocument).code).toBe('FG_INVALID_REQUEST');
    }
  });

  // PostgreSQL only: a trigger there can hold the sign-in's last writes until the test lets go.
  itOnPostgres("a waiting tab's poll while another tab of the browser finishes signing in is answered, not refused", async () => {
    const client = new JsonClient(t.app);
    const waiting = await client.start();
    const signingIn = (await client.submit(await client.start(), { email: 'ann@example.com' })).body as StepDocument;
    // The LOGIN event's insert waits for an advisory lock the test holds: the finishing request
    // stops there, after its session and before its answer (and the browser's new id) arrives.
    const ds = t.container.get(TYPES.DataSource);
    await ds.query(`CREATE FUNCTION hold_events() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_advisory_xact_lock(4242); RETURN NEW; END $$`);
    await ds.query(`CREATE TRIGGER hold_events BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION hold_events()`);
    const holder = new Client({ connectionString: (ds.options as { url?: string }).url ?? TEST_POSTGRES });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock(4242)');
      const finishing = Promise.resolve(client.submit(signingIn, { code: '000000' }));
      const deadline = Date.now() + 30_000;
      const held = async (): Promise<boolean> => (await holder.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`)).rowCount! > 0;
      while (!(await held()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      // The browser still sends its old id: its waiting tab must still be its own.
      const during = await statusOf(client, waiting);
      await holder.query('SELECT pg_advisory_unlock(4242)');
      expect((await finishing).body).toMatchObject({ type: 'success' });
      expect([during.status, during.body.code]).toEqual([200, undefined]);
      // And with the new id afterwards (the tab, not identified yet, went with the browser).
      expect((await statusOf(client, waiting)).status).toBe(200);
    } finally {
      await holder.end();
    }
  });
});
