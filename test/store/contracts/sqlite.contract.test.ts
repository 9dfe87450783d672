import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../../src/store/data-source';
import { TokenStore } from '../../../src/store/token.store';
import { UserStore } from '../../../src/store/user.store';
import { tokenServiceContract } from './token-store.contract';
import { userServiceContract } from './user-store.contract';

/** A store built on a fresh, migrated SQLite file in its own temporary directory, removed on close. */
async function onSqliteFile<S>(build: (ds: DataSource) => S): Promise<{ service: S; close(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fg-contract-'));
  const ds = await openDatabase({ database: path.join(dir, 'flowgate.db') });
  return {
    service: build(ds),
    async close() {
      await ds.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('TokenStore on SQLite', () => {
  tokenServiceContract(async (clock) => {
    const { service, close } = await onSqliteFile((ds) => new TokenStore(ds, clock).forRealm('main'));
    return { tokens: service, close };
  });
});

describe('UserStore on SQLite', () => {
  userServiceContract(async (clock, realm) => {
    const { service, close } = await onSqliteFile((ds) => new UserStore(ds, clock).forRealm(realm));
    return { users: service, close };
  });
});
