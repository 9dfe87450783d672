import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { TYPES } from '../../src/composition/tokens';
import { createAdminTestApp, type AdminTestApp } from '../support/admin-test-app';

/** The admin API on a database that cannot take writes (#19 item 8): 503 with the code, an admin error document, never a 500. */
describe('the admin API on a full or read-only database', () => {
  let dir: string;
  let t: AdminTestApp;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowgate-admin-storage-'));
    t = await createAdminTestApp({ env: { FLOWGATE_DATABASE: join(dir, 'flowgate.sqlite') } });
  });
  afterEach(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a write answers 503 FG_STORAGE_READ_ONLY (declared in the OpenAPI document); /readyz says so too', async () => {
    await t.container.get(TYPES.DataSource).query('PRAGMA query_only = 1');
    const res = await t.api('post', '/realms/main/users').send({ email: 'new@example.com' });
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ type: 'error', code: 'FG_STORAGE_READ_ONLY', errors: [{ code: 'FG_STORAGE_READ_ONLY' }] });
    expect(JSON.stringify(res.body)).not.toContain(dir);
    expect((await request(t.app).get('/readyz')).body).toEqual({ status: 'unavailable', code: 'FG_STORAGE_READ_ONLY' });
  });
});
