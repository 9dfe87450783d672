import type { DataSource } from 'typeorm';
import type { AdminPrincipal } from '../../src/admin/api/principal';
import { ManualClock } from '../../src/engine/clock';
import { AdminAuditStore } from '../../src/store';
import { memoryDatabase } from '../store/test-db';

const ann: AdminPrincipal = { userId: 'u-ann', email: 'ann@example.test', via: 'session' };
const bot: AdminPrincipal = { userId: 'u-bot', email: 'bot@example.test', via: 'token', tokenId: 't-1' };

describe('AdminAuditStore', () => {
  let ds: DataSource;
  let clock: ManualClock;
  let audit: AdminAuditStore;
  beforeEach(async () => {
    ds = await memoryDatabase();
    clock = new ManualClock(1_000);
    audit = new AdminAuditStore(ds, clock);
    const entries = [
      { actor: ann, action: 'flow.create', resource: 'realms/main/flows/a', realm: 'main', after: { alias: 'a' } },
      { actor: bot, action: 'flow.update', resource: 'realms/main/flows/a', realm: 'main', before: { alias: 'a' }, after: { alias: 'a', x: 1 } },
      { actor: ann, action: 'client.delete', resource: 'realms/main_x/clients/web', realm: 'main_x', before: { clientId: 'web' } },
      { actor: bot, action: 'token.create', resource: 'tokens/t-2' },
    ];
    for (const entry of entries) {
      await audit.record(entry);
      clock.advance(10);
    }
  });
  afterEach(() => ds.destroy());

  test('lists newest first with who, what, before and after', async () => {
    const all = await audit.list({});
    expect(all.map((e) => e.action)).toEqual(['token.create', 'client.delete', 'flow.update', 'flow.create']);
    expect(all[2]).toEqual({
      id: expect.any(String),
      time: 1_010,
      actorId: 'u-bot',
      actorEmail: 'bot@example.test',
      via: 'token',
      tokenId: 't-1',
      action: 'flow.update',
      resource: 'realms/main/flows/a',
      realm: 'main',
      before: { alias: 'a' },
      after: { alias: 'a', x: 1 },
    });
    expect(all[0]).not.toHaveProperty('realm');
    expect(all[0]).not.toHaveProperty('before');
  });

  test('filters by realm, actor, resource (exact or a prefix ending in /, LIKE characters literal) and time; pages', async () => {
    expect((await audit.list({ realm: 'main' })).map((e) => e.action)).toEqual(['flow.update', 'flow.create']);
    expect((await audit.list({ actor: 'u-ann' })).map((e) => e.action)).toEqual(['client.delete', 'flow.create']);
    expect((await audit.list({ resource: 'realms/main/flows/a' })).length).toBe(2);
    expect((await audit.list({ resource: 'realms/main/' })).map((e) => e.action)).toEqual(['flow.update', 'flow.create']);
    expect((await audit.list({ resource: 'realms/main_/' })).map((e) => e.action)).toEqual([]);
    expect((await audit.list({ from: 1_010, to: 1_030 })).map((e) => e.action)).toEqual(['client.delete', 'flow.update']);
    expect((await audit.list({ first: 1, max: 2 })).map((e) => e.action)).toEqual(['client.delete', 'flow.update']);
    await expect(audit.list({ max: 0 })).rejects.toMatchObject({ code: 'FG_STORE_INVALID_ARGUMENT' });
  });
});
