import type { DataSource } from 'typeorm';
import type { Requirement } from '../../src/spi/context';
import { clientWithDefaults } from '../../src/engine/loader';
import type { Execution, FlowNode, RealmDefinition } from '../../src/engine/model';
import { TypeormRealmStore } from '../../src/store/realm.store';
import { ManualClock, memoryDatabase } from './test-db';
import { failInsertsInto, sql } from '../support/test-database';

const auth = (id: string, provider: string, requirement: Requirement, config?: Record<string, unknown>): Execution => ({
  kind: 'authenticator',
  id,
  requirement,
  provider,
  config,
});
const cond = (id: string, provider: string, config?: Record<string, unknown>): Execution => ({
  kind: 'condition',
  id,
  requirement: 'REQUIRED',
  provider,
  config,
});
const sub = (id: string, requirement: Requirement, flow: FlowNode): Execution => ({ kind: 'flow', id, requirement, flow });

/** The `second-factor` flow, as the loader resolves it under `prefix`. */
const secondFactor = (prefix: string): FlowNode => ({
  alias: 'second-factor',
  description: 'Ask for a code when the user opted in',
  executions: [
    cond(`${prefix}/condition-user-attribute`, 'condition-user-attribute', { attribute: 'mfa', expectedValue: 'on', negate: false }),
    auth(`${prefix}/email-otp`, 'email-otp', 'REQUIRED', { length: 6, ttlSeconds: 300 }),
  ],
});

const browser: FlowNode = {
  alias: 'browser',
  description: 'Sign in with a browser',
  executions: [
    auth('browser/cookie', 'cookie', 'ALTERNATIVE'),
    sub('browser/forms', 'ALTERNATIVE', {
      alias: 'forms',
      executions: [
        auth('browser/forms/identify-email', 'identify-email', 'REQUIRED', {}),
        sub('browser/forms/second-factor', 'CONDITIONAL', secondFactor('browser/forms/second-factor')),
        auth('browser/forms/magic-link', 'magic-link', 'DISABLED', { ttlSeconds: 900, nested: { a: [1, 2, { b: null }] } }),
      ],
    }),
  ],
};

// The same top-level flow referenced from here: a copy with ids under this path.
const directGrant: FlowNode = {
  alias: 'direct-grant',
  executions: [
    auth('direct-grant/identify-email', 'identify-email', 'REQUIRED'),
    sub('direct-grant/second-factor', 'CONDITIONAL', secondFactor('direct-grant/second-factor')),
  ],
};

const realmDef = (overrides: Partial<RealmDefinition> = {}): RealmDefinition => ({
  name: 'main',
  displayName: 'Flowgate',
  settings: { loginTimeoutSeconds: 1800, defaultLocale: 'en', supportedLocales: ['en', 'de'] },
  bindings: { browser: 'browser', 'direct-grant': 'direct-grant' },
  clients: [
    clientWithDefaults({
      clientId: 'web',
      redirectUris: ['https://app.example.com/cb', 'https://app.example.com/cb2'],
      type: 'confidential',
      postLogoutRedirectUris: ['https://app.example.com/bye'],
      webOrigins: ['https://app.example.com'],
      grantTypes: ['authorization_code', 'client_credentials'],
      consentRequired: true,
      backchannelLogoutUri: 'https://app.example.com/logout',
      secretEnv: 'WEB_SECRET',
      tokenLifetimes: { accessTokenSeconds: 300 },
    }),
    clientWithDefaults({ clientId: 'cli', redirectUris: ['http://localhost:8400/cb'], flowOverrides: { browser: 'direct-grant' } }),
  ],
  flows: new Map([
    ['browser', browser],
    ['direct-grant', directGrant],
  ]),
  builtInFlows: new Set(['browser', 'direct-grant']),
  ...overrides,
});

describe('TypeormRealmStore', () => {
  let ds: DataSource;
  let clock: ManualClock;
  let store: TypeormRealmStore;

  beforeEach(async () => {
    ds = await memoryDatabase();
    clock = new ManualClock();
    store = new TypeormRealmStore(ds, clock);
  });
  afterEach(() => ds.destroy());

  const flowVersions = async (): Promise<Record<string, number>> =>
    Object.fromEntries(
      ((await ds.query('SELECT alias, version FROM flows ORDER BY alias')) as Array<{ alias: string; version: number }>).map((r) => [r.alias, r.version]),
    );
  const rowIds = async (): Promise<string[]> =>
    ((await ds.query('SELECT id FROM flow_executions UNION ALL SELECT id FROM execution_configs UNION ALL SELECT id FROM clients ORDER BY 1')) as Array<{ id: string }>).map((r) => r.id);

  it('reads back exactly the definition it imported', async () => {
    const def = realmDef();
    expect(await store.importRealm(def)).toEqual({ changed: true, version: 1 });
    const read = await store.getRealm('main');
    expect(read).toStrictEqual(def);
    // Same execution ids, including those of the flow expanded in two places.
    const ids = (node: FlowNode): string[] => node.executions.flatMap((e) => [e.id, ...(e.kind === 'flow' ? ids(e.flow) : [])]);
    expect(ids(read!.flows.get('direct-grant')!)).toContain('direct-grant/second-factor/email-otp');
    expect(ids(read!.flows.get('browser')!)).toContain('browser/forms/second-factor/email-otp');
    // "No config" and "empty config" stay different.
    const forms = read!.flows.get('browser')!.executions[1];
    expect(forms.kind === 'flow' && forms.flow.executions.map((e) => (e.kind === 'flow' ? 'sub' : e.config))).toEqual([{}, 'sub', expect.any(Object)]);
    expect(read!.flows.get('browser')!.executions[0]).toHaveProperty('config', undefined);
  });

  it('hands out a frozen definition', async () => {
    await store.importRealm(realmDef());
    const read = (await store.getRealm('main'))!;
    expect(Object.isFrozen(read)).toBe(true);
    expect(Object.isFrozen(read.flows.get('browser')!.executions[1])).toBe(true);
    expect(Object.isFrozen(read.clients[0].redirectUris)).toBe(true);
  });

  it('writes nothing when the same definition is imported again', async () => {
    await store.importRealm(realmDef());
    const before = { rows: await rowIds(), flows: await flowVersions() };
    clock.advance(60_000);
    expect(await store.importRealm(realmDef())).toEqual({ changed: false, version: 1 });
    expect({ rows: await rowIds(), flows: await flowVersions() }).toEqual(before);
    expect(await store.listRealms()).toEqual([{ name: 'main', displayName: 'Flowgate', version: 1 }]);
    // Fields the model does not define (a loader's bookkeeping) are not changes either.
    const decorated = { ...browser, source: 'flows/browser.flow.json' } as FlowNode;
    expect((await store.importRealm(realmDef({ flows: new Map([['browser', decorated], ['direct-grant', directGrant]]) }))).changed).toBe(false);
  });

  it('bumps the versions of what changed, and only of that', async () => {
    await store.importRealm(realmDef());
    const changedDirectGrant: FlowNode = { ...directGrant, executions: [auth('direct-grant/identify-email', 'identify-email', 'REQUIRED', { hint: true })] };
    const def = realmDef({ flows: new Map([['browser', browser], ['direct-grant', changedDirectGrant]]) });
    expect(await store.importRealm(def)).toEqual({ changed: true, version: 2 });
    expect(await flowVersions()).toEqual({ browser: 1, 'direct-grant': 2 });
    expect(await store.getRealm('main')).toStrictEqual(def);
    // The replaced tree left no orphans behind.
    expect(await sql(ds, 'SELECT COUNT(*) AS n FROM flow_executions e JOIN flows f ON f.id = e.flow_id WHERE f.alias = ?', ['direct-grant'])).toEqual([{ n: 1 }]);

    expect((await store.importRealm(realmDef({ ...def, displayName: 'Renamed' }))).version).toBe(3);
    expect((await store.importRealm(realmDef({ ...def, displayName: 'Renamed', settings: { ...def.settings, loginTimeoutSeconds: 600 } }))).version).toBe(4);
    const clients = [def.clients[1], def.clients[0]];
    const reordered = realmDef({ ...def, displayName: 'Renamed', settings: { ...def.settings, loginTimeoutSeconds: 600 }, clients });
    expect((await store.importRealm(reordered)).version).toBe(5);
    expect((await store.getRealm('main'))!.clients.map((c) => c.clientId)).toEqual(['cli', 'web']);
    expect((await store.importRealm({ ...reordered, bindings: { browser: 'browser' } })).version).toBe(6);
    expect((await store.getRealm('main'))!.bindings).toEqual({ browser: 'browser' });
    expect((await store.importRealm({ ...reordered, bindings: { browser: 'browser' } })).changed).toBe(false);
  });

  it('keeps admin-made flows that the definition does not name', async () => {
    await store.importRealm(realmDef());
    const adminFlow: FlowNode = { alias: 'my-flow', executions: [auth('my-flow/allow-access', 'allow-access', 'REQUIRED')] };
    // Admin-made: present in the definition written, but not built in.
    await store.importRealm(realmDef({ flows: new Map([...realmDef().flows, ['my-flow', adminFlow]]) }));
    expect((await store.importRealm(realmDef())).changed).toBe(false);
    const read = (await store.getRealm('main'))!;
    expect(read.flows.get('my-flow')).toStrictEqual(adminFlow);
    expect([...read.builtInFlows].sort()).toEqual(['browser', 'direct-grant']);
  });

  it('deletes built-in flows the definition no longer has, with their executions and configs', async () => {
    await store.importRealm(realmDef());
    const def = realmDef({ flows: new Map([['browser', browser]]), builtInFlows: new Set(['browser']), bindings: { browser: 'browser' }, clients: [] });
    expect((await store.importRealm(def)).changed).toBe(true);
    expect(await store.getRealm('main')).toStrictEqual(def);
    const counts = await ds.query(
      `SELECT (SELECT COUNT(*) FROM flow_executions) AS executions, (SELECT COUNT(*) FROM execution_configs) AS configs, (SELECT COUNT(*) FROM clients) AS clients`,
    );
    // browser: cookie, forms, identify-email, second-factor, condition, email-otp, magic-link; 4 configs.
    expect(counts).toEqual([{ executions: 7, configs: 4, clients: 0 }]);
  });

  it('lets a shipped flow take over an admin-made flow of the same alias', async () => {
    const draft: FlowNode = { alias: 'browser', executions: [auth('browser/deny-access', 'deny-access', 'REQUIRED')] };
    await store.importRealm(realmDef({ flows: new Map([['browser', draft]]), builtInFlows: new Set(), bindings: {}, clients: [] }));
    await store.importRealm(realmDef());
    const read = (await store.getRealm('main'))!;
    expect(read.flows.get('browser')).toStrictEqual(browser);
    expect(read.builtInFlows.has('browser')).toBe(true);
    expect(await flowVersions()).toEqual({ browser: 2, 'direct-grant': 1 });
  });

  it('keeps realms apart and lists them', async () => {
    await store.importRealm(realmDef());
    const other = realmDef({ name: 'other', displayName: 'Other', flows: new Map([['browser', browser]]), builtInFlows: new Set(['browser']), bindings: { browser: 'browser' }, clients: [] });
    await store.importRealm(other);
    expect(await store.getRealm('other')).toStrictEqual(other);
    expect(await store.getRealm('main')).toStrictEqual(realmDef());
    expect(await store.getRealm('missing')).toBeUndefined();
    expect((await store.listRealms()).map((r) => r.name)).toEqual(['main', 'other']);
  });

  it('refuses a definition whose parts do not fit together, writing nothing', async () => {
    await expect(store.importRealm(realmDef({ builtInFlows: new Set(['browser', 'nope']) }))).rejects.toMatchObject({
      code: 'FG_STORE_INVALID_ARGUMENT',
    });
    await expect(store.importRealm(realmDef({ flows: new Map([['browser', directGrant]]) }))).rejects.toMatchObject({
      code: 'FG_STORE_INVALID_ARGUMENT',
    });
    expect(await store.listRealms()).toEqual([]);
  });

  it('rolls the whole import back when one write fails', async () => {
    await store.importRealm(realmDef());
    await failInsertsInto(ds, 'clients', 'disk full');
    const changed = realmDef({ displayName: 'Changed', clients: [] , flows: new Map([['browser', browser]]), builtInFlows: new Set(['browser']) });
    await expect(store.importRealm({ ...changed, clients: [realmDef().clients[0]] })).rejects.toThrow(/disk full/);
    expect(await store.getRealm('main')).toStrictEqual(realmDef());
    expect(await store.listRealms()).toEqual([{ name: 'main', displayName: 'Flowgate', version: 1 }]);
  });
});
