import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { ENTITIES } from '../../src/store/entities';
import { MIGRATIONS } from '../../src/store/migrations';
import { createDataSource, openDatabase } from '../../src/store/data-source';
import { emailSkeleton } from '../../src/util/email-skeleton';
import { openTestDatabase, sql, tablesOf, TEST_POSTGRES } from '../support/test-database';
import { memoryDatabase, undoMigrationsThrough } from './test-db';

// SQLite's two kinds always; PostgreSQL too when the run has a server (FLOWGATE_TEST_POSTGRES).
const engines: Array<[string, (dir: string) => Promise<DataSource>]> = [
  ['an in-memory SQLite', () => openDatabase({ database: ':memory:' })],
  ['a SQLite file', (dir) => openDatabase({ database: join(dir, 'nested', 'dir', 'flowgate.db') })],
  ...(TEST_POSTGRES ? [['a PostgreSQL', () => openTestDatabase()] as [string, () => Promise<DataSource>]] : []),
];

describe.each(engines)('migrations on %s database', (_label, open) => {
  let dir: string;
  let ds: DataSource;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fg-mig-'));
    ds = await open(dir);
  });
  afterEach(async () => {
    if (ds.isInitialized) await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates exactly the schema the entities describe', async () => {
    const sql = await ds.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((q) => q.query)).toEqual([]);
    const expected = ENTITIES.map((e) => ds.getMetadata(e).tableName);
    expect(await tablesOf(ds)).toEqual([...expected, 'migrations'].sort());
  });

  it('records the migrations and has nothing pending', async () => {
    expect(await ds.showMigrations()).toBe(false);
    const rows: Array<{ name: string }> = await ds.query('SELECT name FROM migrations');
    expect(rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => new m().name));
  });

  it('reverts cleanly with down()', async () => {
    for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'all' });
    expect(await tablesOf(ds)).toEqual(['migrations']);
    expect(await ds.query('SELECT * FROM migrations')).toEqual([]);
    // ...and the schema can be built again from scratch.
    await ds.runMigrations({ transaction: 'all' });
    expect((await ds.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });

  it('enforces foreign keys', async () => {
    await expect(
      ds.query(`INSERT INTO user_attributes (id, user_id, name, position, value) VALUES ('a', 'missing', 'n', 0, 'v')`),
    ).rejects.toThrow(/FOREIGN KEY|foreign key/);
  });
});

describe('the email skeleton migration (#19 item 9)', () => {
  it('normalises stored addresses again and backfills their skeletons, the oldest lookalike keeping its skeleton', async () => {
    const ds = await memoryDatabase();
    try {
      await undoMigrationsThrough(ds, 'EmailSkeleton1796100000000');
      const insert = (id: string, email: string, createdAt: number) =>
        sql(ds, `INSERT INTO users (id, realm, email, email_verified, enabled, created_at) VALUES (?, 'main', ?, true, true, ?)`, [id, email, createdAt]);
      // As the NFC-only normaliser stored them: a Unicode domain, and two addresses that look alike.
      await insert('u1', 'ann@b\u00fccher.de', 1);
      await insert('u2', 'ann@example.com', 2);
      await insert('u3', 'ann@\u0435xample.com', 3);
      // Its NFKC form is taken by an older account: it stays as it was.
      await insert('u4', 'bob@b\u00fccher.de', 5);
      await insert('u0', 'bob@xn--bcher-kva.de', 0);
      await ds.runMigrations({ transaction: 'all' });
      const rows: Array<{ id: string; email: string; email_skeleton: string | null }> = await ds.query('SELECT id, email, email_skeleton FROM users ORDER BY id');
      expect(rows.map((r) => [r.id, r.email, r.email_skeleton === null ? null : emailSkeleton(r.email) === r.email_skeleton])).toEqual([
        ['u0', 'bob@xn--bcher-kva.de', true],
        ['u1', 'ann@xn--bcher-kva.de', true],
        ['u2', 'ann@example.com', true],
        ['u3', 'ann@xn--xample-2of.com', null],
        ['u4', 'bob@b\u00fccher.de', null],
      ]);
      expect((await ds.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });
});

describe('pragmas on a file database', () => {
  it('uses WAL, a busy timeout and foreign keys', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fg-mig-'));
    const ds = await openDatabase({ database: join(dir, 'db.sqlite') });
    try {
      expect(await ds.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await ds.query('PRAGMA busy_timeout')).toEqual([{ timeout: 5000 }]);
      expect(await ds.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    } finally {
      await ds.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('createDataSource neither connects nor migrates', async () => {
    const ds = createDataSource({ database: ':memory:' });
    expect(ds.isInitialized).toBe(false);
    await ds.initialize();
    try {
      expect(await ds.showMigrations()).toBe(true);
    } finally {
      await ds.destroy();
    }
  });
});
