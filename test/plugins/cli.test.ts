import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, type CliIo } from '../../src/cli/main';
import { kitSpecifier, PUBLISHED_KIT } from '../../src/cli/scaffold/scaffold';

const ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLES = path.join(ROOT, 'examples', 'plugins');

/** A CLI run in `cwd`, its output kept. */
function run(argv: readonly string[], cwd: string): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { cwd, out: (line) => out.push(line), err: (line) => err.push(line) };
  return { code: runCli(argv, io), out, err };
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-cli-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), typeof value === 'string' ? value : JSON.stringify(value, null, 2));
}

describe('flowgate validate', () => {
  test('passes the example flows with the example plugins loaded through --plugins, as the server config names them', () => {
    const result = run(['validate', 'flows', '--plugins', './email-domain,./choose-display-name'], EXAMPLES);
    expect(result).toEqual({ code: 0, out: [`flowgate: ${path.join(EXAMPLES, 'flows')} is valid: 1 realm (main), 1 flow`], err: [] });
  });

  test('reports every problem as boot does (code, file:line:column, JSON path) and exits 1', () => {
    write('flows/browser.json', '{\n  "alias": "browser",\n  "executions": [\n    { "authenticator": "identify-emial", "requirement": "REQUIRED" },\n    { "authenticator": "deny-access", "requirement": "OPTIONAL" }\n  ]\n}\n');
    write('flows/main.realm.json', { realm: 'main', bindings: { browser: 'nowhere' } });

    const result = run(['validate'], dir);

    expect(result.code).toBe(1);
    expect(result.out).toEqual([]);
    expect(result.err).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^FG_FLOW_SCHEMA: browser\.json:5:\d+ at \/executions\/1\/requirement: /),
        expect.stringMatching(/^FG_UNKNOWN_FLOW: main\.realm\.json:\d+:\d+ at \/bindings\/browser: /),
      ]),
    );
    expect(result.err.at(-1)).toMatch(/: \d+ problems$/);
  });

  test('a plugin that cannot be loaded, or that clashes with a built-in, is reported with its code', () => {
    write('flows/main.realm.json', { realm: 'main' });
    const missing = run(['validate', '--plugins', './plugins/nothing-here'], dir);
    expect(missing.code).toBe(1);
    expect(missing.err[0]).toMatch(/^FG_PLUGIN_LOAD_FAILED: .*'\.\/plugins\/nothing-here'/);

    const clash = run(['validate', '--plugins', path.join(__dirname, 'fixtures', 'clashing-plugin.js')], dir);
    expect(clash.err[0]).toMatch(/^FG_DUPLICATE_PLUGIN_ID: /);
  });

  test('a plugin whose declared page is missing fails as it would at boot', () => {
    write('flows/main.realm.json', { realm: 'main' });
    write(
      'plugins/pageless.js',
      `exports.plugins = [{ kind: 'authenticator', apiVersion: '1.0', id: 'pageless', displayName: 'P', helpText: 'P.', requirements: ['REQUIRED'], requiresUser: false,
        views: ['pageless-view'], configSchema: { type: 'object', properties: {} }, authenticate: () => ({ type: 'success' }) }];`,
    );
    const result = run(['validate', '--plugins', './plugins/pageless.js'], dir);
    expect(result.code).toBe(1);
    expect(result.err[0]).toMatch(/^FG_TEMPLATE_MISSING: .*pageless-view/);
  });

  test('a wrong command line exits 2 with the usage', () => {
    for (const argv of [['validate', 'a', 'b'], ['validate', '--plugin', 'x'], ['start', 'now'], ['start', '--port', '1'], ['frobnicate'], []]) {
      const result = run(argv, dir);
      expect(result.code).toBe(2);
      expect(result.err[0]).toMatch(/^flowgate: FG_CLI_USAGE: /);
      expect(result.err.join('\n')).toContain('Usage: flowgate <command>');
    }
  });
});

describe('flowgate new-plugin', () => {
  test('writes the files of each kind, importing the published kit outside the Flowgate tree', () => {
    const authenticator = run(['new-plugin', 'plugins/office-hours', '--kind', 'authenticator'], dir);
    expect(authenticator.code).toBe(0);
    expect(listFiles(path.join(dir, 'plugins', 'office-hours'))).toEqual([
      'config.ts',
      'index.ts',
      'messages/en.json',
      'office-hours.authenticator.ts',
      'office-hours.test.ts',
      'templates/office-hours.hbs',
    ]);
    const definition = fs.readFileSync(path.join(dir, 'plugins', 'office-hours', 'office-hours.authenticator.ts'), 'utf8');
    expect(definition).toContain(`from '${PUBLISHED_KIT}'`);
    expect(definition).toContain("id: 'office-hours'");
    expect(definition).not.toMatch(/__[A-Z]+__/);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'plugins', 'office-hours', 'messages', 'en.json'), 'utf8'))).toMatchObject({
      'authenticator.office-hours': 'Office hours',
      'page.officeHours.title': expect.any(String),
    });
    expect(authenticator.out.at(-1)).toContain('"./plugins/office-hours"');

    expect(run(['new-plugin', 'x', '--kind', 'condition', '--id', 'condition-vip'], dir).code).toBe(0);
    expect(listFiles(path.join(dir, 'x'))).toEqual(['condition-vip.condition.ts', 'condition-vip.test.ts', 'config.ts', 'index.ts']);
    expect(run(['new-plugin', 'accept-rules', '--kind', 'required-action'], dir).code).toBe(0);
    expect(listFiles(path.join(dir, 'accept-rules'))).toEqual([
      'accept-rules.action.ts',
      'accept-rules.test.ts',
      'config.ts',
      'index.ts',
      'messages/en.json',
      'templates/accept-rules.hbs',
    ]);
  });

  test('refuses a directory that has files, and a bad kind or id, writing nothing', () => {
    write('taken/keep.txt', 'mine');
    const taken = run(['new-plugin', 'taken', '--kind', 'authenticator'], dir);
    expect(taken).toMatchObject({ code: 1, err: [expect.stringMatching(/^flowgate: FG_CLI_TARGET_NOT_EMPTY: /)] });
    expect(fs.readdirSync(path.join(dir, 'taken'))).toEqual(['keep.txt']);

    for (const argv of [
      ['new-plugin', 'p', '--kind', 'widget'],
      ['new-plugin', 'p'],
      ['new-plugin', 'p', '--kind', 'condition', '--id', 'Not_Kebab'],
      ['new-plugin', 'Bad Name', '--kind', 'condition'],
    ]) {
      expect(run(argv, dir).code).toBe(2);
    }
    expect(fs.existsSync(path.join(dir, 'p'))).toBe(false);
  });

  test('inside the Flowgate source tree, a plugin imports the kit by a relative path', () => {
    expect(kitSpecifier(path.join(ROOT, 'examples', 'plugins', 'new-one'))).toBe('../../../src/plugin-kit');
    expect(kitSpecifier(dir)).toBe(PUBLISHED_KIT);
  });
});

test('bin/flowgate.js runs the command line and exits with its status', () => {
  const valid = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'flowgate.js'), 'validate', path.join(ROOT, 'flows')], { encoding: 'utf8' });
  expect(valid.status).toBe(0);
  expect(valid.stdout).toMatch(/is valid: 1 realm \(main\)/);

  const invalid = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'flowgate.js'), 'validate', path.join(dir, 'missing')], { encoding: 'utf8' });
  expect(invalid.status).toBe(1);
  expect(invalid.stderr).toMatch(/^FG_FLOWS_DIR_MISSING: /);
});

function listFiles(root: string, prefix = ''): string[] {
  return fs
    .readdirSync(root, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(root, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}
