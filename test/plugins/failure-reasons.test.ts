import { PluginRegistry } from '../../src/engine/plugin-registry';
import { BUILTIN_PLUGINS } from '../../src/plugins/builtins';
import { checkRequiredActionOutcome } from '../../src/engine/required-actions/action-outcome-check';
import {
  buildRealm,
  defineAuthenticator,
  defineCondition,
  EMPTY_CONFIG_SCHEMA,
  failure,
  FAILURE_REASON_PATTERN,
  flow,
  FlowHarness,
  required,
  success,
  type AuthenticatorDefinition,
  type PluginApiVersion,
} from '../../src/plugin-kit';

function failing(reason: string, extra: Partial<AuthenticatorDefinition> = {}, apiVersion?: PluginApiVersion) {
  return defineAuthenticator({
    ...(apiVersion !== undefined && { apiVersion }),
    id: 'failing-step',
    displayName: 'Failing step',
    helpText: 'Fails.',
    requirements: ['REQUIRED'],
    requiresUser: false,
    configSchema: EMPTY_CONFIG_SCHEMA,
    authenticate: () => failure(reason),
    ...extra,
  });
}

async function run(plugin: ReturnType<typeof failing>) {
  const realm = buildRealm({ name: 'main', flows: [flow('browser', [required('failing-step')])], bindings: { browser: 'browser' } });
  const harness = new FlowHarness({ realms: realm, plugins: [plugin] });
  return (await harness.start()).last;
}

describe('failure reasons: a closed list per plugin', () => {
  test('every built-in authenticator and required action lists its reasons, snake_case', () => {
    for (const plugin of BUILTIN_PLUGINS) {
      if (plugin.kind === 'condition') continue;
      expect({ id: plugin.id, listed: Array.isArray(plugin.failureReasons) }).toEqual({ id: plugin.id, listed: true });
      for (const reason of plugin.failureReasons!) expect(reason).toMatch(FAILURE_REASON_PATTERN);
    }
  });

  test('a listed reason fails the sign-in with it', async () => {
    expect(await run(failing('not_allowed', { failureReasons: ['not_allowed'] }))).toMatchObject({ type: 'failure', error: 'not_allowed' });
  });

  test('a reason that is not listed is a fault of the plugin, not a refusal', async () => {
    const last = await run(failing('surprise', { failureReasons: ['not_allowed'] }));
    expect(last).toMatchObject({ type: 'failure', error: 'invalid_outcome', code: 'FG_INVALID_OUTCOME' });
  });

  test('a plugin written for 1.0, which had no list, may still fail with any reason', async () => {
    expect(await run(failing('anything_goes', {}, '1.0'))).toMatchObject({ type: 'failure', error: 'anything_goes' });
  });

  test('a required action is held to its list too', () => {
    expect(checkRequiredActionOutcome({ type: 'failure', error: 'refused' }, ['refused'])).toEqual({ type: 'failure', error: 'refused' });
    expect(checkRequiredActionOutcome({ type: 'failure', error: 'surprise' }, ['refused'])).toBeUndefined();
    expect(checkRequiredActionOutcome({ type: 'failure', error: 'surprise' }, undefined)).toEqual({ type: 'failure', error: 'surprise' });
  });

  describe('are checked when the plugin is registered', () => {
    const refusal = (plugin: unknown) => {
      try {
        new PluginRegistry().register(plugin as never, 'test');
      } catch (error) {
        return (error as { code?: string; message: string });
      }
      return undefined;
    };

    test('a plugin written for 1.1 must list them', () => {
      expect(refusal(failing('x', {}, '1.1'))).toMatchObject({ code: 'FG_PLUGIN_INVALID', message: expect.stringContaining('needs its failureReasons listed') });
      expect(refusal(failing('x', { failureReasons: [] }, '1.1'))).toBeUndefined();
    });

    test.each([
      [['Not-Snake']],
      [['dup', 'dup']],
      ['not_a_list'],
      [[42]],
    ])('a list that is not distinct snake_case reasons is refused: %j', (reasons) => {
      expect(refusal(failing('x', { failureReasons: reasons as never }))).toMatchObject({ code: 'FG_PLUGIN_INVALID' });
    });

    test('a condition never fails, so a list on one is a mistake', () => {
      const condition = defineCondition({ id: 'c', displayName: 'C', helpText: 'C.', requiresUser: false, configSchema: EMPTY_CONFIG_SCHEMA, matches: () => true });
      expect(refusal({ ...condition, failureReasons: ['x'] })).toMatchObject({ code: 'FG_PLUGIN_INVALID', message: expect.stringContaining('conditions never fail') });
    });
  });
});
