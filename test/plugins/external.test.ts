import fs from 'node:fs';
import os from 'node:os';
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

  test('an npm package name is resolved from the working directory, as an installed package would be', () => {
    // A package installed next to the server's config: node_modules/<name>/package.json + its main file.
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-plugin-package-'));
    try {
      const pkg = path.join(cwd, 'node_modules', '@acme', 'flowgate-greeting');
      fs.mkdirSync(pkg, { recursive: true });
      fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: '@acme/flowgate-greeting', version: '1.0.0', main: 'lib/plugin.js' }));
      fs.mkdirSync(path.join(pkg, 'lib'));
      fs.copyFileSync(path.join(fixtures, 'greeting-plugin.js'), path.join(pkg, 'lib', 'plugin.js'));
      const registry = registryWithBuiltins();
      loadExternalPlugins(['@acme/flowgate-greeting'], registry, cwd);
      expect(registry.authenticator('greeting')).toMatchObject({ source: '@acme/flowgate-greeting' });
      // Not installed in that directory: refused with the entry named.
      expect(() => loadExternalPlugins(['@acme/flowgate-missing'], registryWithBuiltins(), cwd)).toThrow(
        expect.objectContaining({ code: 'FG_PLUGIN_LOAD_FAILED', message: expect.stringContaining('@acme/flowgate-missing') }),
      );
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
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
