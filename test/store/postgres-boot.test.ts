import { spawn } from 'node:child_process';
import path from 'node:path';
import { isFlowgateError } from '../../src/errors';
import { openDatabase } from '../../src/store/data-source';
import { MIGRATIONS } from '../../src/store/migrations';
import { freePort } from '../support/free-port';
import { adminQuery, postgresUrl, tablesOf, TEST_POSTGRES } from '../support/test-database';

/** The code and message `work` rejects with. */
async function failure(work: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await work;
  } catch (err) {
    return { code: isFlowgateError(err) ? err.code : String(err), message: err instanceof Error ? err.message : String(err) };
  }
  throw new Error('did not fail');
}

/** A new, empty (unmigrated) database on the test server; `drop()` deletes it. */
async function emptyDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `flowgate_e_${Math.random().toString(16).slice(2, 10)}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  return { url: postgresUrl(name), name, drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined) };
}

(TEST_POSTGRES ? describe : describe.skip)('PostgreSQL at boot (#20)', () => {
  it('migrates an empty database once when several nodes boot at the same moment (advisory lock)', async () => {
    const db = await emptyDatabase();
    try {
      const nodes = await Promise.all([1, 2, 3, 4].map(() => openDatabase({ database: db.url, poolSize: 2 })));
      try {
        const rows: Array<{ name: string }> = await nodes[0]!.query('SELECT name FROM migrations ORDER BY id');
        expect(rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => new m().name));
        for (const node of nodes) expect(await node.showMigrations()).toBe(false);
      } finally {
        await Promise.all(nodes.map((n) => n.destroy()));
      }
    } finally {
      await db.drop();
    }
  });

  it('finishes a migration that a killed process left half done', async () => {
    const db = await emptyDatabase();
    try {
      // A process that migrates and is killed (SIGKILL) while its migration transaction is open.
      const child = spawn(process.execPath, ['-r', path.join(__dirname, '..', 'support', 'swc-register.js'), path.join(__dirname, 'fixtures', 'migrate-and-hang.ts'), db.url], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('in-migration') && resolve());
        child.on('exit', (code) => reject(new Error(`child exited ${code}`)));
      });
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      // Nothing of it stayed: its transaction died with its connection, its lock too.
      const ds = await openDatabase({ database: db.url, poolSize: 2 });
      try {
        expect((await ds.query('SELECT COUNT(*) AS n FROM migrations'))[0].n).toBe(MIGRATIONS.length);
        expect(await ds.showMigrations()).toBe(false);
        expect(await tablesOf(ds)).not.toContain('half_done');
      } finally {
        await ds.destroy();
      }
    } finally {
      await db.drop();
    }
  });

  it('names a wrong password as FG_DATABASE_AUTH_FAILED, and never the password', async () => {
    const url = new URL(TEST_POSTGRES!);
    url.password = 'not-the-Secret-42';
    const { code, message } = await failure(openDatabase({ database: url.toString() }));
    expect(code).toBe('FG_DATABASE_AUTH_FAILED');
    expect(message).toContain(`${url.hostname}:${url.port}`);
    expect(message).not.toContain('not-the-Secret-42');
  });

  it('names an unreachable server as FG_DATABASE_UNAVAILABLE', async () => {
    const url = new URL(TEST_POSTGRES!);
    url.port = String(await freePort());
    url.password = 'hidden-Secret-7';
    const { code, message } = await failure(openDatabase({ database: url.toString() }));
    expect(code).toBe('FG_DATABASE_UNAVAILABLE');
    expect(message).toContain(url.port);
    expect(message).not.toContain('hidden-Secret-7');
  });

  it('names a database that does not exist as FG_DATABASE_NOT_FOUND', async () => {
    const { code, message } = await failure(openDatabase({ database: postgresUrl('flowgate_no_such_db') }));
    expect(code).toBe('FG_DATABASE_NOT_FOUND');
    expect(message).toContain('flowgate_no_such_db');
  });
});
