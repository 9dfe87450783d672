import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { TYPES } from '../../src/composition/tokens';
import { STORAGE_FAILURE_MEMORY_MS } from '../../src/store';
import { createTestApp, type TestApp } from '../support/test-app';
import { DEMO_LOGIN, JSON_ACCEPT } from './http-kit';

/**
 * A database file that cannot take writes (#19 item 8), made so by SQLite itself, because tests may
 * run as root, whom no file mode stops: `max_page_count` at the file's size is a full disk as SQLite
 * sees it (SQLITE_FULL), `query_only` a read-only database (SQLITE_READONLY).
 */
describe('a full or read-only database', () => {
  let dir: string;
  let t: TestApp;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowgate-storage-'));
    t = await createTestApp({ env: { FLOWGATE_DATABASE: join(dir, 'flowgate.sqlite') } });
  });
  afterEach(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sql = (query: string): Promise<Array<Record<string, number>>> => t.container.get(TYPES.DataSource).query(query);
  const readyz = async (): Promise<[number, unknown]> => {
    const res = await request(t.app).get('/readyz');
    return [res.status, res.body];
  };

  /** Starts sign-ins until one fails: rows fit in the pages the file has until one needs a new page. */
  async function startUntilRefused(): Promise<request.Response> {
    for (let i = 0; i < 200; i++) {
      const res = await request(t.app).get(DEMO_LOGIN);
      if (res.status !== 303) return res;
    }
    throw new Error('every sign-in started');
  }

  test('full: sign-ins get a 503 page with FG_STORAGE_FULL, /readyz says so, and both recover by themselves', async () => {
    expect(await readyz()).toEqual([200, { status: 'ready' }]);
    const [{ page_count: pages }] = await sql('PRAGMA page_count');
    await sql(`PRAGMA max_page_count = ${pages}`);

    const refused = await startUntilRefused();
    expect(refused.status).toBe(503);
    expect(refused.text).toContain('FG_STORAGE_FULL');
    const json = await request(t.app).get(DEMO_LOGIN).set(JSON_ACCEPT);
    expect([json.status, json.body.code]).toEqual([503, 'FG_STORAGE_FULL']);
    expect(await readyz()).toEqual([503, { status: 'unavailable', code: 'FG_STORAGE_FULL' }]);

    await sql('PRAGMA max_page_count = 1073741823'); // space again
    // A failure a request met counts a little longer (a full disk may pass the probe), then not.
    expect((await readyz())[0]).toBe(503);
    t.clock.advanceSeconds(STORAGE_FAILURE_MEMORY_MS / 1000);
    expect(await readyz()).toEqual([200, { status: 'ready' }]);
    expect((await request(t.app).get(DEMO_LOGIN)).status).toBe(303);
  });

  test('read-only: /readyz reports FG_STORAGE_READ_ONLY before any request failed; sign-ins get the 503 page; both recover', async () => {
    await sql('PRAGMA query_only = 1');
    expect(await readyz()).toEqual([503, { status: 'unavailable', code: 'FG_STORAGE_READ_ONLY' }]);
    const refused = await request(t.app).get(DEMO_LOGIN);
    expect(refused.status).toBe(503);
    expect(refused.text).toContain('FG_STORAGE_READ_ONLY');

    await sql('PRAGMA query_only = 0');
    t.clock.advanceSeconds(STORAGE_FAILURE_MEMORY_MS / 1000);
    expect(await readyz()).toEqual([200, { status: 'ready' }]);
    expect((await request(t.app).get(DEMO_LOGIN)).status).toBe(303);
  });
});
