import path from 'node:path';
import { isCompatibleApiVersion, PluginRegistry } from '../../src/engine/plugin-registry';
import { registerBuiltins } from '../../src/plugins/builtins';
import { loadExternalPlugins } from '../../src/plugins/external';
import { FlowHarness } from '../../src/testing/flow-harness';
import {
  defineAuthenticator,
  defineCondition,
  defineRequiredAction,
  EMPTY_CONFIG_SCHEMA,
  PLUGIN_API_VERSION,
  success,
  type AuthenticatorDefinition,
  type PluginApiVersion,
} from '../../src/spi';

const FIXTURES = path.join(__dirname, 'fixtures');

function step(apiVersion?: PluginApiVersion): AuthenticatorDefinition {
  return {
    id: 'versioned-step',
    displayName: 'Versioned step',
    helpText: 'Succeeds.',
    requirements: ['REQUIRED'],
    requiresUser: false,
    configSchema: EMPTY_CONFIG_SCHEMA,
    failureReasons: [],
    authenticate: () => success(),
    ...(apiVersion !== undefined && { apiVersion }),
  };
}

describe('plugin API version', () => {
  test('is major.minor, and define*() leaves a definition as written: the version is the one it declares', () => {
    expect(PLUGIN_API_VERSION).toMatch(/^\d+\.\d+$/);
    // Stamping the kit's own version would make every peer-dependency plugin look current.
    expect(defineAuthenticator(step()).apiVersion).toBeUndefined();
    expect(defineAuthenticator(step('1.0')).apiVersion).toBe('1.0');
    const condition = defineCondition({ apiVersion: '1.0', id: 'c', displayName: 'C', helpText: 'C.', requiresUser: false, configSchema: EMPTY_CONFIG_SCHEMA, matches: () => true });
    expect(condition.apiVersion).toBe('1.0');
    const action = defineRequiredAction({ id: 'a', displayName: 'A', helpText: 'A.', configSchema: EMPTY_CONFIG_SCHEMA, challenge: () => success(), process: () => success() });
    expect(action.apiVersion).toBeUndefined();
  });

  test.each([
    ['1.0', '1.0', true],
    ['1.0', '1.3', true],
    ['1.2', '1.3', true],
    ['1.4', '1.3', false],
    ['0.9', '1.3', false],
    ['2.0', '1.3', false],
    ['1', '1.3', false],
    ['1.0.0', '1.3', false],
    ['01.0', '1.3', false],
    [1, '1.3', false],
    [undefined, '1.3', false],
  ])('a plugin built for %j runs on an engine implementing %s: %s', (plugin, engine, compatible) => {
    expect(isCompatibleApiVersion(plugin, engine)).toBe(compatible);
  });

  test("the registry takes a declared compatible version, and the engine's own definitions without one", () => {
    const registry = new PluginRegistry();
    registry.registerAuthenticator(defineAuthenticator(step(PLUGIN_API_VERSION)));
    expect(registry.authenticator('versioned-step')?.definition.apiVersion).toBe(PLUGIN_API_VERSION);
    const builtIn = new PluginRegistry();
    builtIn.registerAuthenticator(step(), 'built-in');
    expect(builtIn.authenticator('versioned-step')).toBeDefined();
  });

  test('the registry refuses an incompatible plugin, naming it, its source, its version and the engine version', () => {
    const [major] = PLUGIN_API_VERSION.split('.');
    for (const version of [`${Number(major) + 1}.0`, `${major}.999`]) {
      const registry = new PluginRegistry();
      expect(() => registry.registerAuthenticator(step(version as PluginApiVersion), './vendor/step')).toThrow(
        expect.objectContaining({
          code: 'FG_PLUGIN_API_VERSION',
          message: expect.stringMatching(new RegExp(`'versioned-step' from \\./vendor/step .*"${version.replace('.', '\\.')}".*${PLUGIN_API_VERSION.replace('.', '\\.')}`)),
        }),
      );
      expect(registry.authenticator('versioned-step')).toBeUndefined();
    }
  });

  test('boot refuses an external module holding a plugin built for another major version', () => {
    const registry = new PluginRegistry();
    registerBuiltins(registry);
    expect(() => loadExternalPlugins(['./future-plugin.js'], registry, FIXTURES)).toThrow(
      expect.objectContaining({ code: 'FG_PLUGIN_API_VERSION', message: expect.stringContaining("plugin 'from-the-future' from ./future-plugin.js") }),
    );
  });

  test('boot refuses an external plugin that declares no apiVersion, saying what to write', () => {
    const registry = new PluginRegistry();
    registerBuiltins(registry);
    expect(() => loadExternalPlugins(['./unversioned-plugin.js'], registry, FIXTURES)).toThrow(
      expect.objectContaining({
        code: 'FG_PLUGIN_API_VERSION',
        message: expect.stringContaining(`plugin 'unversioned' from ./unversioned-plugin.js declares no apiVersion; add apiVersion: '${PLUGIN_API_VERSION}'`),
      }),
    );
    expect(registry.authenticator('unversioned')).toBeUndefined();
  });

  test("the harness checks an author's plugins as boot does", () => {
    const flows = [
      { file: 'browser.json', text: JSON.stringify({ alias: 'browser', executions: [{ authenticator: 'versioned-step', requirement: 'REQUIRED' }] }) },
      { file: 'main.realm.json', text: JSON.stringify({ realm: 'main', bindings: { browser: 'browser' } }) },
    ];
    expect(() => FlowHarness.fromFlows(flows, { plugins: [step()] })).toThrow(expect.objectContaining({ code: 'FG_PLUGIN_API_VERSION' }));
    expect(() => FlowHarness.fromFlows(flows, { plugins: [step('2.0')] })).toThrow(expect.objectContaining({ code: 'FG_PLUGIN_API_VERSION' }));
    expect(FlowHarness.fromFlows(flows, { plugins: [step('1.0')] })).toBeInstanceOf(FlowHarness);
  });
});
