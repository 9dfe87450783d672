import path from 'node:path';
import { isCompatibleApiVersion, PluginRegistry } from '../../src/engine/plugin-registry';
import { registerBuiltins } from '../../src/plugins/builtins';
import { loadExternalPlugins } from '../../src/plugins/external';
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
    authenticate: () => success(),
    ...(apiVersion !== undefined && { apiVersion }),
  };
}

describe('plugin API version', () => {
  test('is major.minor, and define*() stamps it on definitions that name none, leaving the argument as it was', () => {
    expect(PLUGIN_API_VERSION).toMatch(/^\d+\.\d+$/);
    const written = step();
    expect(defineAuthenticator(written).apiVersion).toBe(PLUGIN_API_VERSION);
    expect(written).not.toHaveProperty('apiVersion');
    expect(defineAuthenticator(step('1.0')).apiVersion).toBe('1.0');
    const condition = defineCondition({ id: 'c', displayName: 'C', helpText: 'C.', requiresUser: false, configSchema: EMPTY_CONFIG_SCHEMA, matches: () => true });
    expect(condition.apiVersion).toBe(PLUGIN_API_VERSION);
    const action = defineRequiredAction({ id: 'a', displayName: 'A', helpText: 'A.', configSchema: EMPTY_CONFIG_SCHEMA, challenge: () => success(), process: () => success() });
    expect(action.apiVersion).toBe(PLUGIN_API_VERSION);
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

  test('the registry takes the current version, and a definition without one', () => {
    const registry = new PluginRegistry();
    registry.registerAuthenticator(defineAuthenticator(step()));
    expect(registry.authenticator('versioned-step')?.definition.apiVersion).toBe(PLUGIN_API_VERSION);
    const other = new PluginRegistry();
    other.registerAuthenticator(step());
    expect(other.authenticator('versioned-step')).toBeDefined();
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
});
