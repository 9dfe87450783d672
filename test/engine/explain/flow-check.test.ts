import path from 'node:path';
import { checkFlow, describeFlow } from '../../../src/engine/explain';
import { loadFlowsDirectory } from '../../../src/engine/loader';
import { PluginRegistry } from '../../../src/engine/plugin-registry';
import { registerBuiltins } from '../../../src/plugins/builtins';
import { defineAuthenticator, defineCondition, type ConditionDefinition } from '../../../src/spi';
import { alternative, buildRealm, condition, conditional, disabled, flow, required } from '../../../src/testing/flow-builder';

const FLOWS_DIR = path.join(__dirname, '..', '..', '..', 'flows');

function builtins(): PluginRegistry {
  const registry = new PluginRegistry();
  registerBuiltins(registry);
  return registry;
}

describe('the flow check: a flow in words, and what it does for an example user', () => {
  const registry = builtins();
  const realm = loadFlowsDirectory(FLOWS_DIR, registry).find((r) => r.name === 'main')!;
  const browser = realm.flows.get(realm.bindings.browser!)!;
  const name = (kind: 'authenticator' | 'condition', id: string): string =>
    (kind === 'authenticator' ? registry.authenticator(id) : registry.condition(id))!.definition.displayName;

  test('the shipped browser flow in words', () => {
    expect(describeFlow(browser, name)).toBe('Cookie (single sign-on), or (Identify by email, then (Passkey, or Magic link, or Email code)), or Passkey');
  });

  test('a person without a session or a passkey: the cookie does not apply, the email is asked, the passkey step does not apply, then the magic link (or instead the code)', async () => {
    const check = await checkFlow({ realm, flow: browser, registry, example: { email: 'ann@example.com' }, assume: { passkey: 'attempted' } });
    expect(check.outcome).toBe('success');
    expect(check.steps.map((s) => [s.name, s.result])).toEqual([
      ['Cookie (single sign-on)', 'decides'],
      ['Identify by email', 'asks'],
      ['Passkey', 'decides'],
      ['Magic link', 'asks'],
    ]);
    expect(check.steps[3]!.insteadOf).toEqual(['Passkey', 'Email code']);
    expect(check.text).toContain('Magic link: asks the person (or instead: Passkey, Email code).');
    expect(check.text).toContain('Signed in.');
  });

  test('a browser with a session: the cookie signs in and nothing else runs', async () => {
    const check = await checkFlow({ realm, flow: browser, registry, example: {}, assume: { cookie: 'success' } });
    expect(check.steps.map((s) => s.name)).toEqual(['Cookie (single sign-on)']);
    expect(check.outcome).toBe('success');
  });

  test('conditions are asked for real against the example user', async () => {
    const staff = flow('staff', [
      condition('condition-user-attribute', { config: { attribute: 'department', expectedValue: 'staff' } }),
      required('deny-access', { config: {} }),
    ]);
    const top = flow('top', [required('identify-email'), conditional(staff), disabled('allow-access')]);
    const r = buildRealm({ name: 'main', flows: [top], bindings: { browser: 'top' } });
    expect(describeFlow(top, name)).toBe('Identify by email, then if Condition - user attribute: Deny access');

    const outsider = await checkFlow({ realm: r, flow: top, registry, example: { attributes: { department: ['sales'] } } });
    expect(outsider.steps.map((s) => [s.name, s.result])).toEqual([
      ['Identify by email', 'asks'],
      ['Condition - user attribute', 'does-not-hold'],
    ]);
    // A level of REQUIRED steps where the conditional one is skipped still succeeds by the others.
    expect(outsider.outcome).toBe('success');

    const insider = await checkFlow({ realm: r, flow: top, registry, example: { attributes: { department: ['staff'] } } });
    expect(insider.steps.map((s) => s.result)).toEqual(['asks', 'holds', 'decides']);
    expect(insider.outcome).toBe('failure');
    expect(insider.text).toContain('The sign-in fails.');
  });

  test('a step that needs an identified user is skipped before one is known, and runs after', async () => {
    const withKey = builtins();
    withKey.register(defineAuthenticator({
      id: 'security-key', displayName: 'Security key', helpText: 'Test.', requirements: ['ALTERNATIVE', 'REQUIRED'], requiresUser: true,
      views: ['security-key'], configSchema: { type: 'object', properties: {}, additionalProperties: false },
      configuredFor: (user) => user.attributes['keys'] !== undefined,
      authenticate: () => ({ type: 'attempted' }),
    }), 'test');
    const top = flow('top', [alternative('security-key', { key: 'early' }), alternative(flow('then', [required('identify-email'), required('security-key')]))]);
    const r = buildRealm({ name: 'main', flows: [top], bindings: { browser: 'top' } });
    const withKeys = await checkFlow({ realm: r, flow: top, registry: withKey, example: { attributes: { keys: ['1'] } } });
    expect(withKeys.steps.map((s) => [s.execution, s.result])).toEqual([
      ['top/early', 'not-applicable'],
      ['then/identify-email', 'asks'],
      ['then/security-key', 'asks'],
    ]);
    expect(withKeys.outcome).toBe('success');
    const without = await checkFlow({ realm: r, flow: top, registry: withKey, example: {} });
    expect(without.steps.at(-1)).toMatchObject({ execution: 'then/security-key', result: 'not-applicable', detail: 'not configured for this user' });
    expect(without.outcome).toBe('failure');
  });

  test('required actions that would follow: pending ones, and the defaults for someone new', async () => {
    const r = { ...realm, requiredActions: [
      { id: 'update-profile', enabled: true, defaultAction: true, priority: 10, config: undefined },
      { id: 'terms-and-conditions', enabled: true, defaultAction: false, priority: 20, config: undefined },
      { id: 'verify-email', enabled: false, defaultAction: true, priority: 5, config: undefined },
    ] };
    const known = await checkFlow({ realm: r, flow: browser, registry, example: { requiredActions: ['terms-and-conditions', 'verify-email'] } });
    expect(known.requiredActions).toEqual(['terms-and-conditions']);
    const newcomer = await checkFlow({ realm: r, flow: browser, registry, example: { exists: false } });
    expect(newcomer.requiredActions).toEqual(['update-profile']);
    expect(newcomer.text).toContain('For someone without an account:');
    expect(newcomer.text).toContain('Then the required actions: update-profile.');
  });

  describe('runs conditions by the executor\'s rules, not its own', () => {
    const guarded = (id: string) => {
      const top = flow('top', [required('identify-email'), conditional(flow('extra', [condition(id), required('deny-access', { config: {} })]))]);
      return { top, realm: buildRealm({ name: 'main', flows: [top], bindings: { browser: 'top' } }) };
    };
    const withCondition = (id: string, matches: ConditionDefinition['matches']): PluginRegistry => {
      const r = builtins();
      r.register(defineCondition({
        id, displayName: id, helpText: 'Test.', requiresUser: true, configSchema: { type: 'object', properties: {}, additionalProperties: false }, matches,
      }), 'test');
      return r;
    };

    test('a condition that throws fails the sign-in (it is never read as "does not hold", which would skip what it guards)', async () => {
      const { top, realm: r } = guarded('broken');
      const check = await checkFlow({ realm: r, flow: top, registry: withCondition('broken', () => { throw new Error('directory down'); }), example: {} });
      expect(check.steps.at(-1)).toMatchObject({ execution: 'extra/broken', result: 'fails', detail: 'the plugin failed in matches: directory down' });
      expect(check.outcome).toBe('failure');
      expect(check.text).toContain('broken: fails (the plugin failed in matches: directory down), so the sign-in fails here.');
    });

    test('a condition that answers something other than a boolean fails too', async () => {
      const { top, realm: r } = guarded('sloppy');
      const check = await checkFlow({ realm: r, flow: top, registry: withCondition('sloppy', () => 'yes' as never), example: {} });
      expect(check.steps.at(-1)).toMatchObject({ result: 'fails' });
      expect(check.outcome).toBe('failure');
    });

    test('a condition that never answers fails after the plugin time limit', async () => {
      const { top, realm: r } = guarded('stuck');
      const check = await checkFlow({ realm: r, flow: top, registry: withCondition('stuck', () => new Promise<boolean>(() => {})), example: {}, pluginTimeoutMs: 20 });
      expect(check.steps.at(-1)).toMatchObject({ result: 'fails', detail: expect.stringContaining('took longer than 20 ms') });
    });

    test('a condition that calls a service fails: a check stores and sends nothing', async () => {
      const { top, realm: r } = guarded('looks-up');
      const check = await checkFlow({ realm: r, flow: top, registry: withCondition('looks-up', async (ctx) => (await ctx.users.findByEmail('x@example.com')) !== undefined), example: {} });
      expect(check.steps.at(-1)).toMatchObject({ result: 'fails', detail: expect.stringContaining('uses no services (the plugin called users.findByEmail)') });
    });

    test('a condition that holds for the identified example user runs its sub-flow', async () => {
      const { top, realm: r } = guarded('always');
      const check = await checkFlow({ realm: r, flow: top, registry: withCondition('always', (ctx) => ctx.user?.email === 'ann@example.com'), example: { email: 'ann@example.com' } });
      expect(check.steps.map((s) => s.result)).toEqual(['asks', 'holds', 'decides']);
    });
  });
});
