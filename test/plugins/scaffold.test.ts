import { PluginProject } from './plugin-project';

/**
 * `flowgate new-plugin` in a project of a plugin author's: every kind it scaffolds passes its own
 * test without an edit, and type-checks against the published kit.
 */
describe('a scaffolded plugin, in a project where Flowgate is installed', () => {
  let project: PluginProject;
  beforeAll(() => {
    project = PluginProject.create();
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

  test('type-checks in strict mode against flowgate/plugin-kit', () => {
    expect(project.typeErrors('plugins')).toEqual([]);
  });
});
