import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { emailSkeleton } from '../src/util/email-skeleton';
import { populationEmail } from './fixture';

/**
 * Where the benchmarked servers keep their data: the SQLite file in each data dir (the default), or
 * one PostgreSQL database per seed and per server start, copied from the seed as a template (as the
 * SQLite seed's data dir is copied), on the server the `--database` URL names. Either way every
 * server starts from its own copy, so runs do not inherit each other's sessions or budgets.
 */
export interface BenchDatabases {
  /** "SQLite file" or "PostgreSQL <host:port>", for the report's header. */
  readonly label: string;
  /** A new, empty database for the first start (which migrates it); its `FLOWGATE_DATABASE`. */
  createEmpty(): Promise<string | undefined>;
  /** A copy of the migrated database `from` (undefined: the data dir's file) with `count` users added. */
  seed(from: string | undefined, dataDir: string, count: number): Promise<string | undefined>;
  /** A copy of a seed for one server start. */
  copy(seed: string | undefined): Promise<string | undefined>;
  /** Deletes a copy once its server stopped (nothing for SQLite: the data dir goes). */
  drop(database: string | undefined): Promise<void>;
  /** Deletes every database this bench made. */
  dropAll(): Promise<void>;
}

/** Rows per insert: PostgreSQL takes at most 65535 parameters per statement, SQLite 32766. */
const ROWS = 1000;
const COLUMNS = '(id, realm, email, email_skeleton, email_verified, enabled, created_at)';

/** The users' rows: verified, enabled, as sign-up writes them (a column the table gains without a default fails loudly). */
function userRows(from: number, to: number, realm: string): unknown[][] {
  const now = Date.now();
  return Array.from({ length: to - from }, (_, k) => {
    const email = populationEmail(from + k);
    return [randomUUID(), realm, email, emailSkeleton(email), true, true, now];
  });
}

export function sqliteDatabases(): BenchDatabases {
  return {
    label: 'SQLite file',
    createEmpty: async () => undefined,
    seed: async (_from, dataDir, count) => {
      insertIntoSqlite(path.join(dataDir, 'flowgate.sqlite'), count);
      return undefined;
    },
    copy: async () => undefined,
    drop: async () => undefined,
    dropAll: async () => undefined,
  };
}

/**
 * Inserts straight into the SQLite file of a stopped server, in bulk through better-sqlite3 (a
 * million users through the user store would take the better part of an hour).
 */
function insertIntoSqlite(file: string, count: number): void {
  if (!fs.existsSync(file)) throw new Error(`no SQLite database at ${file}`);
  const db = new Database(file);
  try {
    const insert = db.prepare(`INSERT INTO users ${COLUMNS} VALUES (?, ?, ?, ?, ?, ?, ?)`);
    const batch = db.transaction((rows: unknown[][]) => {
      for (const row of rows) insert.run(row.map((v) => (typeof v === 'boolean' ? Number(v) : v)));
    });
    for (let from = 0; from < count; from += ROWS * 10) batch(userRows(from, Math.min(count, from + ROWS * 10), 'main'));
    // One file to copy: the WAL folded into the database.
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/** Databases on the PostgreSQL server of `url` (its user must be allowed to create databases). */
export function postgresDatabases(url: string): BenchDatabases {
  const prefix = `flowgate_bench_${randomBytes(4).toString('hex')}`;
  const made: string[] = [];
  let n = 0;
  const urlOf = (name: string): string => Object.assign(new URL(url), { pathname: `/${name}` }).toString();
  const nameOf = (database: string): string => new URL(database).pathname.slice(1);
  const admin = async (sql: string): Promise<void> => void (await withClient(url, (client) => client.query(sql)));
  const create = async (template?: string): Promise<string> => {
    const name = `${prefix}_${n++}`;
    await admin(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${nameOf(template)} STRATEGY = FILE_COPY` : ''}`);
    made.push(name);
    return urlOf(name);
  };
  return {
    label: `PostgreSQL at ${new URL(url).host}`,
    createEmpty: () => create(),
    seed: async (from, _dataDir, count) => {
      const database = await create(from);
      await withClient(database, async (client) => {
        for (let first = 0; first < count; first += ROWS) {
          const rows = userRows(first, Math.min(count, first + ROWS), 'main');
          const values = rows.map((row, r) => `(${row.map((_, c) => `$${r * row.length + c + 1}`).join(', ')})`).join(', ');
          await client.query(`INSERT INTO users ${COLUMNS} VALUES ${values}`, rows.flat());
        }
        await client.query('ANALYZE');
      });
      return database;
    },
    copy: async (seed) => create(seed),
    drop: async (database) => {
      if (database !== undefined) await admin(`DROP DATABASE IF EXISTS ${nameOf(database)} WITH (FORCE)`);
    },
    dropAll: async () => {
      for (const name of made) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function withClient<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
