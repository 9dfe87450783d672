import type { DataSource } from 'typeorm';
import { isFlowgateError } from '../../src/errors';
import { UserStore } from '../../src/store/user.store';
import { ManualClock, memoryDatabase } from './test-db';
import { failInsertsInto } from '../support/test-database';

// What every UserService must do is tested once for the store and the fake: contracts/user-store.contract.ts.
// Here: what is the store's own (realms, validation, transactions, order of actions, search, update).
describe('UserStore', () => {
  let ds: DataSource;
  let clock: ManualClock;
  let store: UserStore;

  beforeEach(async () => {
    ds = await memoryDatabase();
    clock = new ManualClock();
    store = new UserStore(ds, clock);
  });
  afterEach(() => ds.destroy());

  const codeOf = (promise: Promise<unknown>): Promise<string> =>
    promise.then(
      () => 'resolved',
      (err: unknown) => (isFlowgateError(err) ? err.code : String(err)),
    );

  it('creates users with a UUID for id, unverified unless told otherwise', async () => {
    const users = store.forRealm('main');
    const created = await users.create({ email: 'ann@example.com' });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.emailVerified).toBe(false);
    expect(await users.findById(created.id)).toEqual(created);
  });

  it('refuses a second user with the same email in a realm, but not in another realm', async () => {
    const main = store.forRealm('main');
    const other = store.forRealm('other');
    const first = await main.create({ email: 'ann@example.com' });
    expect(await codeOf(main.create({ email: 'ANN@example.com' }))).toBe('FG_USER_EXISTS');
    const elsewhere = await other.create({ email: 'ann@example.com' });
    expect(elsewhere.id).not.toBe(first.id);
    // Realms do not see each other's users.
    expect(await other.findById(first.id)).toBeUndefined();
    expect((await other.findByEmail('ann@example.com'))?.id).toBe(elsewhere.id);
  });

  it('lets exactly one of concurrent creates of lookalike addresses win: the unique skeleton index decides', async () => {
    const users = store.forRealm('main');
    const typed = ['ann@example.com', 'ann@\u0435xample.com', '\u0430nn@example.com', 'ANN@EXAMPLE.COM'];
    const results = await Promise.all(typed.map((email) => codeOf(users.create({ email }))));
    expect(results.filter((r) => r === 'resolved')).toHaveLength(1);
    expect(results.filter((r) => r !== 'resolved').every((r) => r === 'FG_USER_EXISTS' || r === 'FG_EMAIL_CONFUSABLE')).toBe(true);
  });

  it('rolls back the user when its attributes cannot be stored', async () => {
    const restore = await failInsertsInto(ds, 'user_attributes', 'disk full');
    const users = store.forRealm('main');
    await expect(users.create({ email: 'ann@example.com', attributes: { a: ['1'] } })).rejects.toThrow(/disk full/);
    expect(await users.findByEmail('ann@example.com')).toBeUndefined();
    await restore();
    expect((await users.create({ email: 'ann@example.com', attributes: { a: ['1'] } })).attributes).toEqual({ a: ['1'] });
  });

  it('rejects attribute names and values it cannot store', async () => {
    const users = store.forRealm('main');
    expect(await codeOf(users.create({ email: 'ann@example.com', attributes: { '': ['x'] } }))).toBe('FG_STORE_INVALID_ARGUMENT');
    const { id } = await users.create({ email: 'ann@example.com' });
    expect(await codeOf(users.setAttribute(id, 'n'.repeat(256), ['x']))).toBe('FG_STORE_INVALID_ARGUMENT');
    expect(await codeOf(users.setAttribute(id, 'n', [42 as unknown as string]))).toBe('FG_STORE_INVALID_ARGUMENT');
  });

  it.each(['', 'plainaddress', 'a@b', 'a b@example.com', '@example.com', `${'a'.repeat(250)}@example.com`])(
    'rejects the invalid email %j',
    async (email) => {
      expect(await codeOf(store.forRealm('main').create({ email }))).toBe('FG_INVALID_EMAIL');
      expect(await ds.query('SELECT COUNT(*) AS n FROM users')).toEqual([{ n: 0 }]);
    },
  );

  it('adds and removes required actions idempotently, oldest first', async () => {
    const users = store.forRealm('main');
    const { id } = await users.create({ email: 'ann@example.com' });
    await users.addRequiredAction(id, 'verify-email');
    clock.advance(1000);
    await users.addRequiredAction(id, 'update-profile');
    await users.addRequiredAction(id, 'verify-email');
    expect((await users.findById(id))?.requiredActions).toEqual(['verify-email', 'update-profile']);
    await users.removeRequiredAction(id, 'verify-email');
    await users.removeRequiredAction(id, 'verify-email');
    expect((await users.findById(id))?.requiredActions).toEqual(['update-profile']);
  });

  it('never changes a user of another realm', async () => {
    const ann = await store.forRealm('main').create({ email: 'ann@example.com' });
    const other = store.forRealm('other');
    expect(await codeOf(other.markEmailVerified(ann.id))).toBe('FG_USER_NOT_FOUND');
    expect(await codeOf(other.setAttribute(ann.id, 'x', ['1']))).toBe('FG_USER_NOT_FOUND');
    expect(await codeOf(other.addRequiredAction(ann.id, 'verify-email'))).toBe('FG_USER_NOT_FOUND');
    expect(await codeOf(other.removeRequiredAction(ann.id, 'verify-email'))).toBe('FG_USER_NOT_FOUND');
    expect(await other.delete(ann.id)).toBe(false);
    expect(await store.forRealm('main').findById(ann.id)).toEqual(ann);
  });

  it('deletes a user together with its attributes and required actions', async () => {
    const users = store.forRealm('main');
    const { id } = await users.create({ email: 'ann@example.com', attributes: { a: ['1', '2'] } });
    await users.addRequiredAction(id, 'verify-email');
    expect(await users.delete(id)).toBe(true);
    expect(await users.findById(id)).toBeUndefined();
    expect(await ds.query('SELECT COUNT(*) AS n FROM user_attributes')).toEqual([{ n: 0 }]);
    expect(await ds.query('SELECT COUNT(*) AS n FROM user_required_actions')).toEqual([{ n: 0 }]);
    expect(await users.delete(id)).toBe(false);
  });

  it('loads a user in a fixed number of queries, however many attributes it has', async () => {
    const users = store.forRealm('main');
    const attributes = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`attr${i}`, ['x', 'y']]));
    const { id } = await users.create({ email: 'ann@example.com', attributes });
    for (let i = 0; i < 5; i++) await users.addRequiredAction(id, `action-${i}`);
    const queries = await statementsRunBy(ds, async () => {
      const found = await users.findById(id);
      expect(Object.keys(found?.attributes ?? {})).toHaveLength(20);
      expect(found?.requiredActions).toEqual(['action-0', 'action-1', 'action-2', 'action-3', 'action-4']);
      expect(found?.attributes['attr7']).toEqual(['x', 'y']);
    });
    // The user row, then its attributes and required actions together.
    expect(queries.filter((q) => q.startsWith('SELECT'))).toHaveLength(2);
  });

  describe('search', () => {
    const seed = async (): Promise<Record<string, string>> => {
      const users = store.forRealm('main');
      const ids: Record<string, string> = {};
      for (const [email, team] of [['carl@example.org', 'red'], ['ann@example.com', 'blue'], ['bob@example.com', 'red'], ['dora_x@example.com', undefined]] as const) {
        ids[email] = (await users.create({ email, ...(team && { attributes: { team: [team, 'all'] } }) })).id;
      }
      await store.forRealm('other').create({ email: 'ann@example.net' });
      return ids;
    };

    it('finds users by part of their email, in any case, ordered by email, within the realm only', async () => {
      await seed();
      const users = store.forRealm('main');
      expect((await users.search({})).map((u) => u.email)).toEqual(['ann@example.com', 'bob@example.com', 'carl@example.org', 'dora_x@example.com']);
      expect((await users.search({ email: 'EXAMPLE.COM' })).map((u) => u.email)).toEqual(['ann@example.com', 'bob@example.com', 'dora_x@example.com']);
      expect((await users.search({ email: 'ann' })).map((u) => u.email)).toEqual(['ann@example.com']);
    });

    it('treats LIKE wildcards in the query as plain characters', async () => {
      await seed();
      const users = store.forRealm('main');
      expect((await users.search({ email: '_' })).map((u) => u.email)).toEqual(['dora_x@example.com']);
      expect(await users.search({ email: '%' })).toEqual([]);
    });

    it('filters by attribute name, by attribute value among several, and by enabled', async () => {
      const ids = await seed();
      const users = store.forRealm('main');
      expect((await users.search({ attribute: { name: 'team' } })).map((u) => u.email)).toEqual(['ann@example.com', 'bob@example.com', 'carl@example.org']);
      expect((await users.search({ attribute: { name: 'team', value: 'red' } })).map((u) => u.email)).toEqual(['bob@example.com', 'carl@example.org']);
      expect((await users.search({ attribute: { name: 'team', value: 'all' }, email: '.org' })).map((u) => u.email)).toEqual(['carl@example.org']);
      await users.setEnabled(ids['bob@example.com']!, false);
      expect((await users.search({ enabled: false })).map((u) => u.email)).toEqual(['bob@example.com']);
      expect((await users.search({ enabled: true, attribute: { name: 'team', value: 'red' } })).map((u) => u.email)).toEqual(['carl@example.org']);
    });

    it('pages with first and max, and returns whole users (attributes and pending actions)', async () => {
      const ids = await seed();
      const users = store.forRealm('main');
      await users.addRequiredAction(ids['bob@example.com']!, 'verify-email');
      const page = await users.search({ first: 1, max: 2 });
      expect(page.map((u) => u.email)).toEqual(['bob@example.com', 'carl@example.org']);
      expect(page[0]).toEqual(await users.findById(ids['bob@example.com']!));
      expect(page[0]?.attributes).toEqual({ team: ['red', 'all'] });
      expect(page[0]?.requiredActions).toEqual(['verify-email']);
      expect(await users.search({ first: 4 })).toEqual([]);
      expect(await codeOf(users.search({ max: 0 }))).toBe('FG_STORE_INVALID_ARGUMENT');
      expect(await codeOf(users.search({ first: -1 }))).toBe('FG_STORE_INVALID_ARGUMENT');
    });
  });

  it('enables and disables a user, reporting whether anything changed', async () => {
    const users = store.forRealm('main');
    const { id } = await users.create({ email: 'ann@example.com' });
    expect(await users.setEnabled(id, false)).toBe(true);
    expect((await users.findById(id))?.enabled).toBe(false);
    expect(await users.setEnabled(id, false)).toBe(false);
    expect(await users.setEnabled(id, true)).toBe(true);
    expect((await users.findById(id))?.enabled).toBe(true);
    expect(await codeOf(store.forRealm('other').setEnabled(id, false))).toBe('FG_USER_NOT_FOUND');
    expect((await users.findById(id))?.enabled).toBe(true);
  });

  describe('update', () => {
    it('changes email, verification and the named attributes, leaving the rest, and returns before and after', async () => {
      const users = store.forRealm('main');
      const ann = await users.create({ email: 'ann@example.com', emailVerified: true, attributes: { firstName: ['Ann'], team: ['red'] } });
      const { before, after } = await users.update(ann.id, () => ({ email: ' Ann.New@Example.com ', emailVerified: false, attributes: { firstName: ['Anna'], team: [], nick: ['a', 'b'] } }));
      expect(before).toEqual(ann);
      expect(after).toEqual({ ...ann, email: 'ann.new@example.com', emailVerified: false, attributes: { firstName: ['Anna'], nick: ['a', 'b'] } });
      expect(await users.findById(ann.id)).toEqual(after);
      expect(await users.findByEmail('ann@example.com')).toBeUndefined();
    });

    it('hands decide the user as stored, and changes nothing when decide throws', async () => {
      const users = store.forRealm('main');
      const ann = await users.create({ email: 'ann@example.com', attributes: { firstName: ['Ann'] } });
      const seen: unknown[] = [];
      await expect(
        users.update(ann.id, (current) => {
          seen.push(current);
          throw new Error('stale');
        }),
      ).rejects.toThrow('stale');
      expect(seen).toEqual([ann]);
      expect(await users.findById(ann.id)).toEqual(ann);
    });

    it('refuses an email that is taken or invalid, and an unknown user, changing nothing', async () => {
      const users = store.forRealm('main');
      const ann = await users.create({ email: 'ann@example.com', attributes: { firstName: ['Ann'] } });
      await users.create({ email: 'bob@example.com' });
      expect(await codeOf(users.update(ann.id, () => ({ email: 'BOB@example.com', attributes: { firstName: ['X'] } })))).toBe('FG_USER_EXISTS');
      expect(await codeOf(users.update(ann.id, () => ({ email: 'b\u043Ec@example.com' })))).toBe('resolved');
      expect(await codeOf(users.update(ann.id, () => ({ email: 'b\u043Eb@example.com' })))).toBe('FG_EMAIL_CONFUSABLE');
      expect(await codeOf(users.update(ann.id, () => ({ email: 'ann@example.com' })))).toBe('resolved');
      expect(await codeOf(users.update(ann.id, () => ({ email: 'not an email' })))).toBe('FG_INVALID_EMAIL');
      expect(await users.findById(ann.id)).toEqual(ann);
      expect(await codeOf(users.update('00000000-0000-4000-8000-000000000000', () => ({})))).toBe('FG_USER_NOT_FOUND');
      expect(await codeOf(store.forRealm('other').update(ann.id, () => ({ emailVerified: true })))).toBe('FG_USER_NOT_FOUND');
    });

    it('lets one of several concurrent updates deciding on the same state win when decide checks it', async () => {
      const users = store.forRealm('main');
      const ann = await users.create({ email: 'ann@example.com', attributes: { n: ['0'] } });
      const bump = (): Promise<string> =>
        codeOf(
          users.update(ann.id, (current) => {
            if (current.attributes['n']?.[0] !== '0') throw new Error('stale');
            return { attributes: { n: ['1'] } };
          }),
        );
      // Six at once: on PostgreSQL they run on separate pooled connections (opened beforehand, so
      // none waits for a new connection while another finishes), and without the row lock they
      // would all read n = 0 and race on the attribute's unique key.
      await Promise.all(Array.from({ length: 4 }, () => ds.query('SELECT 1')));
      const results = await Promise.all(Array.from({ length: 6 }, bump));
      expect(results.sort()).toEqual([...Array.from({ length: 5 }, () => 'Error: stale'), 'resolved']);
    });
  });
});

/**
 * The SQL texts `work` runs. typeorm hands every statement it runs to its logger; on SQLite the
 * constant statements of src/store/sql.ts run on the better-sqlite3 connection directly, so there
 * every statement object's runs are counted instead.
 */
async function statementsRunBy(ds: DataSource, work: () => Promise<void>): Promise<string[]> {
  const queries: string[] = [];
  if (ds.options.type === 'better-sqlite3') {
    const db = (ds.driver as unknown as { databaseConnection: { prepare(sql: string): object } }).databaseConnection;
    const proto = Object.getPrototypeOf(db.prepare('SELECT 1')) as Record<'all' | 'get' | 'run', (...args: unknown[]) => unknown>;
    const spies = (['all', 'get', 'run'] as const).map((name) => {
      const original = proto[name];
      return jest.spyOn(proto, name).mockImplementation(function (this: { source: string }, ...args: unknown[]) {
        queries.push(this.source);
        return original.apply(this, args);
      });
    });
    try {
      await work();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    return queries;
  }
  const spy = jest.spyOn(ds.logger, 'logQuery').mockImplementation((query: string) => void queries.push(query));
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return queries;
}
