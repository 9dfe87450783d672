import fs from 'node:fs';
import path from 'node:path';
import { PLUGIN_API_VERSION } from '../../src/plugin-kit';
import { PluginProject } from './plugin-project';

/**
 * `flowgate new-plugin` in a project of a plugin author's: every kind it scaffolds passes its own
 * test without an edit, and type-checks against the published kit.
 */
describe('a scaffolded plugin, in a project where the packed Flowgate is installed', () => {
  let project: PluginProject;
  beforeAll(() => {
    project = PluginProject.create();
    project.run('npm install flowgate');
    project.run('npm install --save-dev jest @swc/jest @swc/core');
    project.write('jest.config.js', "module.exports = { testEnvironment: 'node', transform: { '^.+\\\\.ts$': '@swc/jest' } };\n");
  });
  afterAll(() => project.remove());

  test('passes its own test as it is, for each kind', () => {
    for (const command of [
      'npx flowgate new-plugin plugins/greeting-word --kind authenticator',
      'npx flowgate new-plugin plugins/condition-verified --kind condition',
      'npx flowgate new-plugin plugins/accept-rules --kind required-action',
    ]) {
      expect(project.run(command)).toMatchObject({ status: 0 });
    }
    const tests = project.run('npx jest plugins');
    expect({ status: tests.status, output: tests.stderr }).toEqual({ status: 0, output: expect.stringMatching(/Tests:\s+6 passed, 6 total/) });
    expect(tests.stderr).toMatch(/PASS plugins\/greeting-word\/greeting-word\.test\.ts/);
    expect(tests.stderr).toMatch(/PASS plugins\/condition-verified\/condition-verified\.test\.ts/);
    expect(tests.stderr).toMatch(/PASS plugins\/accept-rules\/accept-rules\.test\.ts/);
  });

  test('type-checks in strict mode against flowgate/plugin-kit, and declares the plugin API it is written for', () => {
    expect(project.typeErrors('plugins')).toEqual([]);
    const definition = fs.readFileSync(path.join(project.dir, 'plugins', 'greeting-word', 'greeting-word.authenticator.ts'), 'utf8');
    expect(definition).toContain(`apiVersion: '${PLUGIN_API_VERSION}',`);
    expect(definition).toContain("from 'flowgate/plugin-kit'");
  });

  test('the installed server and validate load plugins as JavaScript, and say so for one that is still TypeScript', () => {
    project.write('flows/browser.json', JSON.stringify({ alias: 'browser', executions: [{ authenticator: 'greeting-word', requirement: 'REQUIRED' }] }));
    project.write('flows/main.realm.json', JSON.stringify({ realm: 'main', bindings: { browser: 'browser' } }));
    const result = project.run('npx flowgate validate flows --plugins ./plugins/greeting-word');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('FG_PLUGIN_LOAD_FAILED');
    expect(result.stderr).toContain(`${path.join(project.dir, 'plugins', 'greeting-word', 'index.ts')} is TypeScript, and plugins are loaded as JavaScript: compile it first`);
  });

  test('flowgate start from the installed package reports a config it cannot read, with its code, and exits 1', () => {
    const result = project.run('npx flowgate start --config missing.json');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`FG_CONFIG_INVALID: ${path.join(project.dir, 'missing.json')}`);
    expect(result.stderr).toContain('the config file (named by --config or FLOWGATE_CONFIG) cannot be read (ENOENT)');
  });
});
