import path from 'node:path';
import { PluginRegistry } from '../../src/engine/plugin-registry';
import { isFlowgateError } from '../../src/errors';
import { registerBuiltins } from '../../src/plugins/builtins';
import { loadExternalPlugins } from '../../src/plugins/external';

const fixtures = path.join(__dirname, 'fixtures');

function registryWithBuiltins(): PluginRegistry {
  const registry = new PluginRegistry();
  registerBuiltins(registry);
  return registry;
}

describe('external plugins', () => {
  test('a module given by a path relative to the working directory is registered under that source', () => {
    const registry = registryWithBuiltins();
    loadExternalPlugins(['./greeting-plugin.js'], registry, fixtures);
    expect(registry.authenticator('greeting')).toMatchObject({ source: './greeting-plugin.js' });
  });

  test('a duplicate id (here, a built-in one) is a boot error naming both sources', () => {
    const registry = registryWithBuiltins();
    expect(() => loadExternalPlugins([path.join(fixtures, 'clashing-plugin.js')], registry)).toThrow(
      expect.objectContaining({ code: 'FG_DUPLICATE_PLUGIN_ID', message: expect.stringContaining('built-in') }),
    );
  });

  test('two external modules with one id (across kinds) stop the boot, naming both', () => {
    const registry = registryWithBuiltins();
    expect(() => loadExternalPlugins(['./greeting-plugin.js', './greeting-twin-plugin.js'], registry, fixtures)).toThrow(
      expect.objectContaining({
        code: 'FG_DUPLICATE_PLUGIN_ID',
        message: expect.stringMatching(/'greeting' from \.\/greeting-twin-plugin\.js is already registered by \.\/greeting-plugin\.js/),
      }),
    );
    expect(registry.condition('greeting')).toBeUndefined();
  });

  test('a missing module is FG_PLUGIN_LOAD_FAILED naming the entry', () => {
    let caught: unknown;
    try {
      loadExternalPlugins(['./no-such-plugin.js'], registryWithBuiltins(), fixtures);
    } catch (err) {
      caught = err;
    }
    expect(isFlowgateError(caught, 'FG_PLUGIN_LOAD_FAILED')).toBe(true);
    expect((caught as Error).message).toContain('./no-such-plugin.js');
  });

  test('a module without plugins, or with an entry lacking its kind, is FG_PLUGIN_INVALID', () => {
    for (const module of ['./empty-module.js', './kindless-plugin.js']) {
      expect(() => loadExternalPlugins([module], registryWithBuiltins(), fixtures)).toThrow(
        expect.objectContaining({ code: 'FG_PLUGIN_INVALID', message: expect.stringContaining(module) }),
      );
    }
  });
});
