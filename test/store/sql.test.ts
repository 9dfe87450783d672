import { QueryFailedError, type DataSource } from 'typeorm';
import { isFlowgateError } from '../../src/errors';
import { inTransaction } from '../../src/store/connection-lock';
import { isUniqueViolation } from '../../src/store/db-errors';
import { runSql } from '../../src/store/sql';
import { TEST_POSTGRES } from '../support/test-database';
import { memoryDatabase } from './test-db';

// The helper for the hot statements: named parameters, rows and counts, one compilation per text.
describe('runSql', () => {
  let ds: DataSource;
  beforeEach(async () => {
    ds = await memoryDatabase();
    await ds.query('CREATE TABLE t (id varchar(8) PRIMARY KEY, n bigint NOT NULL, flag integer NOT NULL)');
  });
  afterEach(() => ds.destroy());

  test('binds named parameters (a name used twice, booleans as 1/0) and reports rows and affected counts', async () => {
    expect((await runSql(ds, 'INSERT INTO t (id, n, flag) VALUES (:id, :n, :flag)', { id: 'a', n: 1_700_000_000_000, flag: true })).affected).toBe(1);
    expect((await runSql(ds, 'INSERT INTO t (id, n, flag) VALUES (:id, :n, :flag)', { id: 'b', n: 5, flag: false })).affected).toBe(1);
    const { rows } = await runSql<{ id: string; n: number; flag: number }>(ds, 'SELECT id, n, flag FROM t WHERE n > :min OR id = :min ORDER BY id', { min: 4 });
    expect(rows).toEqual([
      { id: 'a', n: 1_700_000_000_000, flag: 1 },
      { id: 'b', n: 5, flag: 0 },
    ]);
    expect((await runSql(ds, 'UPDATE t SET n = :n WHERE n < :n', { n: 10 })).affected).toBe(1);
  });

  // better-sqlite3's statement cache; the PostgreSQL driver has no client-side compilation to count.
  (TEST_POSTGRES ? test.skip : test)('compiles a statement once however the numbers in it change (typeorm would inline them)', async () => {
    const db = (ds.driver as unknown as { databaseConnection: { prepare(sql: string): unknown } }).databaseConnection;
    const prepare = jest.spyOn(db, 'prepare');
    for (let i = 0; i < 5; i++) await runSql(ds, 'INSERT INTO t (id, n, flag) VALUES (:id, :n, :flag)', { id: `x${i}`, n: Date.now() + i, flag: false });
    expect(prepare).toHaveBeenCalledTimes(1);
    prepare.mockRestore();
  });

  test('a parameter without a value is a coded error, and nothing runs', async () => {
    const error = await runSql(ds, 'INSERT INTO t (id, n, flag) VALUES (:id, :n, :flag)', { id: 'c', n: 1 }).catch((e: unknown) => e);
    expect(isFlowgateError(error) && error.code).toBe('FG_STORE_INVALID_ARGUMENT');
    expect(await ds.query('SELECT COUNT(*) AS c FROM t')).toEqual([{ c: 0 }]);
  });

  // On SQLite runSql skips typeorm's query runner and runs on the driver's connection: these fail
  // if a statement ran anywhere but in its caller's transaction (another connection, autocommit).
  test('a statement run on the transaction manager is rolled back with it', async () => {
    const failure = await inTransaction(ds, async (manager) => {
      await runSql(manager, 'INSERT INTO t (id, n, flag) VALUES (:id, :n, :flag)', { id: 'r', n: 1, flag: false });
      expect((await runSql(manager, 'SELECT id FROM t WHERE id = :id', { id: 'r' })).rows).toEqual([{ id: 'r' }]);
      throw new Error('roll back');
    }).catch((e: unknown) => e);
    expect((failure as Error).message).toBe('roll back');
    expect((await runSql(ds, 'SELECT id FROM t', {})).rows).toEqual([]);
  });

  test('a statement joins the transaction typeorm writes in, and commits with it', async () => {
    await inTransaction(ds, async (manager) => {
      await manager.query(`INSERT INTO t (id, n, flag) VALUES ('q', 1, 0)`);
      expect((await runSql(manager, 'UPDATE t SET n = :n WHERE id = :id', { n: 2, id: 'q' })).affected).toBe(1);
    });
    expect((await ds.query('SELECT n FROM t')).map((row: { n: unknown }) => Number(row.n))).toEqual([2]);
  });

  test('a failing statement is a QueryFailedError carrying the driver error code, and leaves the connection usable', async () => {
    await runSql(ds, 'INSERT INTO t (id, n, flag) VALUES (:id, :n, :flag)', { id: 'u', n: 1, flag: false });
    const error = await runSql(ds, 'INSERT INTO t (id, n, flag) VALUES (:id, :n, :flag)', { id: 'u', n: 2, flag: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryFailedError);
    expect(isUniqueViolation(error)).toBe(true);
    expect((await runSql(ds, 'SELECT n FROM t WHERE id = :id', { id: 'u' })).rows).toHaveLength(1);
  });

  (TEST_POSTGRES ? test.skip : test)('keeps prepared statements per connection: a second database runs the same text on its own', async () => {
    const other = await memoryDatabase();
    try {
      await other.query('CREATE TABLE t (id varchar(8) PRIMARY KEY, n bigint NOT NULL, flag integer NOT NULL)');
      await runSql(ds, 'INSERT INTO t (id, n, flag) VALUES (:id, :n, :flag)', { id: 'one', n: 1, flag: false });
      await runSql(other, 'INSERT INTO t (id, n, flag) VALUES (:id, :n, :flag)', { id: 'two', n: 1, flag: false });
      expect((await runSql(ds, 'SELECT id FROM t', {})).rows).toEqual([{ id: 'one' }]);
      expect((await runSql(other, 'SELECT id FROM t', {})).rows).toEqual([{ id: 'two' }]);
    } finally {
      await other.destroy();
    }
  });
});
