import { exportFlow, loadDocuments, type TextDocument } from '../../../src/engine/loader';
import { bareRealm, doc, fakeRegistry, lineOf, loadErrors, realmFile, where } from './loader-kit';

/** A flow file `<alias>.json` with the given executions. */
function flow(alias: string, executions: unknown[], file = `${alias}.json`): TextDocument {
  return doc(file, { alias, executions });
}

const identify = { authenticator: 'identify-email', requirement: 'REQUIRED' };
const cookie = { authenticator: 'cookie', requirement: 'ALTERNATIVE' };
const attributeCondition = { condition: 'condition-user-attribute', requirement: 'REQUIRED', config: { attribute: 'mfa' } };

describe('syntax', () => {
  test('a trailing comma is FG_JSON_SYNTAX with line and column', () => {
    const text = '{\n  "alias": "browser",\n  "executions": [],\n}\n';
    const [e, ...rest] = loadErrors({ file: 'browser.json', text }, realmFile());
    expect(rest).toEqual([]);
    expect(where(e!)).toMatchObject({ code: 'FG_JSON_SYNTAX', file: 'browser.json', line: 4 });
    expect(e!.location?.column).toBe(1);
  });

  test('comments are not allowed', () => {
    const text = '{\n  "alias": "browser", // the main flow\n  "executions": []\n}';
    const errors = loadErrors({ file: 'browser.json', text }, realmFile());
    expect(errors.map(where)).toEqual([{ code: 'FG_JSON_SYNTAX', file: 'browser.json', line: 2 }]);
    expect(errors[0]?.location?.column).toBe(23);
  });

  test('a duplicate key is refused instead of silently keeping the last', () => {
    const text = '{\n  "alias": "browser",\n  "executions": [],\n  "alias": "other"\n}';
    expect(loadErrors({ file: 'browser.json', text }, realmFile()).map(where)).toEqual([
      { code: 'FG_JSON_SYNTAX', file: 'browser.json', path: '/alias', line: 4 },
    ]);
  });

  test("an unreadable flow's alias is not reported again as an unknown flow", () => {
    const broken = { file: 'browser.json', text: '{ "alias": "browser", "executions": [ }' };
    const user = flow('user', [{ requirement: 'REQUIRED', flow: 'browser' }]);
    const codes = loadErrors(broken, user, realmFile()).map((e) => e.code);
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.filter((c) => c !== 'FG_JSON_SYNTAX')).toEqual([]);
  });
});

describe('flow schema', () => {
  test('each violation is FG_FLOW_SCHEMA at its path and line', () => {
    const d = doc('browser.json', {
      executions: [
        { authenticator: 'cookie', requirement: 'ALTERNATIVE', confg: {} },
        { requirement: 'ALTERNATIVE', flow: { alias: 'forms', executions: [{ authenticator: 'identify-email', requirement: 'MANDATORY' }] } },
      ],
    });
    expect(loadErrors(d, bareRealm()).map(where)).toEqual([
      // Missing property: the path names it; the line is its parent's.
      { code: 'FG_FLOW_SCHEMA', file: 'browser.json', path: '/alias', line: 1 },
      { code: 'FG_FLOW_SCHEMA', file: 'browser.json', path: '/executions/0/confg', line: lineOf(d.text, '"confg"') },
      { code: 'FG_FLOW_SCHEMA', file: 'browser.json', path: '/executions/1/flow/executions/0/requirement', line: lineOf(d.text, '"MANDATORY"') },
    ]);
  });

  test('an alias that is not kebab-case, and a reference that is not an alias', () => {
    const d = flow('Browser', [{ requirement: 'REQUIRED', flow: 'Not An Alias' }]);
    expect(loadErrors(d, bareRealm()).map(where)).toEqual([
      { code: 'FG_FLOW_SCHEMA', file: 'Browser.json', path: '/alias', line: 2 },
      { code: 'FG_FLOW_SCHEMA', file: 'Browser.json', path: '/executions/0/flow', line: lineOf(d.text, '"Not An Alias"') },
    ]);
  });

  test.each([
    ['two kinds', { authenticator: 'cookie', flow: 'other', requirement: 'REQUIRED' }, '/executions/0/flow', '"flow": "other"'],
    ['no kind', { requirement: 'REQUIRED' }, '/executions/0', '"requirement"'],
    ['config on a sub-flow', { flow: 'other', requirement: 'REQUIRED', config: {} }, '/executions/0/config', '"config"'],
  ])('an execution with %s is one FG_EXECUTION_KIND', (_name, execution, path, needle) => {
    const d = flow('browser', [execution]);
    const line = path === '/executions/0' ? lineOf(d.text, needle) - 1 : lineOf(d.text, needle);
    expect(loadErrors(d, flow('other', [identify]), realmFile()).map(where)).toEqual([
      { code: 'FG_EXECUTION_KIND', file: 'browser.json', path, line },
    ]);
  });
});

describe('plugins', () => {
  test('an unknown authenticator is FG_UNKNOWN_AUTHENTICATOR, with the nearest known id suggested', () => {
    const d = flow('browser', [identify, { authenticator: 'magic-lnik', requirement: 'REQUIRED' }]);
    const errors = loadErrors(d, realmFile());
    expect(errors.map(where)).toEqual([
      { code: 'FG_UNKNOWN_AUTHENTICATOR', file: 'browser.json', path: '/executions/1/authenticator', line: lineOf(d.text, 'magic-lnik') },
    ]);
    expect(errors[0]?.message).toContain("'magic-link'");
  });

  test('a condition used as an authenticator, and an authenticator used as a condition', () => {
    const d = flow('browser', [
      { authenticator: 'condition-user-attribute', requirement: 'REQUIRED' },
      { requirement: 'CONDITIONAL', flow: { alias: 'sub', executions: [{ condition: 'cookie', requirement: 'REQUIRED' }, identify] } },
    ]);
    expect(loadErrors(d, realmFile()).map(where)).toEqual([
      { code: 'FG_UNKNOWN_AUTHENTICATOR', file: 'browser.json', path: '/executions/0/authenticator', line: lineOf(d.text, '"authenticator": "condition-user-attribute"') },
      { code: 'FG_UNKNOWN_CONDITION', file: 'browser.json', path: '/executions/1/flow/executions/0/condition', line: lineOf(d.text, '"condition": "cookie"') },
    ]);
  });

  test('an unknown condition is FG_UNKNOWN_CONDITION', () => {
    const d = flow('browser', [
      { requirement: 'CONDITIONAL', flow: { alias: 'sub', executions: [{ condition: 'condition-user-atribute', requirement: 'REQUIRED' }, identify] } },
    ]);
    const errors = loadErrors(d, realmFile());
    expect(errors.map(where)).toEqual([
      { code: 'FG_UNKNOWN_CONDITION', file: 'browser.json', path: '/executions/0/flow/executions/0/condition', line: lineOf(d.text, 'condition-user-atribute') },
    ]);
    expect(errors[0]?.message).toContain("'condition-user-attribute'");
  });

  test("a config failing the plugin's schema is FG_PLUGIN_CONFIG_INVALID pointing into the config", () => {
    const d = flow('browser', [
      { authenticator: 'magic-link', requirement: 'REQUIRED', config: { linkLifetimeSeconds: 5, subjectKye: 'x' } },
      { requirement: 'CONDITIONAL', flow: { alias: 'sub', executions: [{ condition: 'condition-user-attribute', requirement: 'REQUIRED', config: {} }, identify] } },
    ]);
    const errors = loadErrors(d, realmFile()).map(where);
    expect(errors).toEqual(
      expect.arrayContaining([
        { code: 'FG_PLUGIN_CONFIG_INVALID', file: 'browser.json', path: '/executions/0/config/linkLifetimeSeconds', line: lineOf(d.text, '"linkLifetimeSeconds"') },
        // A missing option: the path names it, the line is the config's.
        { code: 'FG_PLUGIN_CONFIG_INVALID', file: 'browser.json', path: '/executions/1/flow/executions/0/config/attribute', line: lineOf(d.text, '"config": {}') },
      ]),
    );
    // The unknown option is reported too (at the config object: the registry gives that path).
    expect(errors.filter((e) => e.code === 'FG_PLUGIN_CONFIG_INVALID' && e.path?.startsWith('/executions/0/config'))).toHaveLength(2);
    expect(errors).toHaveLength(3);
  });
});

describe('requirements', () => {
  test('a requirement the plugin does not allow is FG_REQUIREMENT_NOT_ALLOWED; DISABLED is always allowed', () => {
    const d = flow('browser', [
      { authenticator: 'identify-email', requirement: 'ALTERNATIVE' },
      cookie,
      { authenticator: 'identify-email', requirement: 'DISABLED', alias: 'off' },
    ]);
    expect(loadErrors(d, realmFile()).map(where)).toEqual([
      { code: 'FG_REQUIREMENT_NOT_ALLOWED', file: 'browser.json', path: '/executions/0/requirement', line: lineOf(d.text, '"ALTERNATIVE"') },
    ]);
  });

  test('a condition is REQUIRED or DISABLED only', () => {
    const d = flow('browser', [
      { requirement: 'CONDITIONAL', flow: { alias: 'sub', executions: [attributeCondition, { ...attributeCondition, alias: 'again', requirement: 'ALTERNATIVE' }, identify] } },
    ]);
    expect(loadErrors(d, realmFile()).map(where)).toEqual([
      { code: 'FG_REQUIREMENT_NOT_ALLOWED', file: 'browser.json', path: '/executions/0/flow/executions/1/requirement', line: lineOf(d.text, '"requirement": "ALTERNATIVE"') },
    ]);
  });

  test('CONDITIONAL on an authenticator or a condition is FG_CONDITIONAL_NOT_SUBFLOW', () => {
    const d = flow('browser', [
      { authenticator: 'cookie', requirement: 'CONDITIONAL' },
      { requirement: 'CONDITIONAL', flow: { alias: 'sub', executions: [attributeCondition, { ...attributeCondition, alias: 'c2', requirement: 'CONDITIONAL' }, identify] } },
    ]);
    expect(loadErrors(d, realmFile()).map(where)).toEqual([
      { code: 'FG_CONDITIONAL_NOT_SUBFLOW', file: 'browser.json', path: '/executions/0/requirement', line: lineOf(d.text, '"requirement": "CONDITIONAL"') },
      { code: 'FG_CONDITIONAL_NOT_SUBFLOW', file: 'browser.json', path: '/executions/1/flow/executions/1/requirement', line: lineOf(d.text, '"requirement": "CONDITIONAL"', 3) },
    ]);
  });

  test('REQUIRED mixed with ALTERNATIVE at one level is FG_MIXED_REQUIREMENTS at the level', () => {
    const d = flow('browser', [
      cookie,
      { requirement: 'REQUIRED', flow: { alias: 'forms', executions: [identify, { authenticator: 'magic-link', requirement: 'ALTERNATIVE' }] } },
    ]);
    expect(loadErrors(d, realmFile()).map(where)).toEqual([
      { code: 'FG_MIXED_REQUIREMENTS', file: 'browser.json', path: '/executions', line: lineOf(d.text, '"executions"') },
      { code: 'FG_MIXED_REQUIREMENTS', file: 'browser.json', path: '/executions/1/flow/executions', line: lineOf(d.text, '"executions"', 2) },
    ]);
  });

  test('a CONDITIONAL sub-flow counts as REQUIRED; DISABLED executions and conditions do not count', () => {
    const conditional = { requirement: 'CONDITIONAL', flow: { alias: 'sub', executions: [attributeCondition, identify] } };
    const mixed = flow('browser', [cookie, conditional]);
    expect(loadErrors(mixed, realmFile()).map(where)).toEqual([
      { code: 'FG_MIXED_REQUIREMENTS', file: 'browser.json', path: '/executions', line: lineOf(mixed.text, '"executions"') },
    ]);
    const fine = flow('browser', [cookie, { authenticator: 'magic-link', requirement: 'DISABLED' }, { authenticator: 'email-otp', requirement: 'ALTERNATIVE' }]);
    expect(loadDocuments([fine, realmFile()], fakeRegistry()).map((r) => r.name)).toEqual(['main']);
  });
});

describe('conditions', () => {
  test('a condition outside a CONDITIONAL sub-flow is FG_CONDITION_OUTSIDE_CONDITIONAL', () => {
    const d = flow('browser', [
      attributeCondition,
      { requirement: 'REQUIRED', flow: { alias: 'sub', executions: [{ ...attributeCondition, alias: 'inner' }, identify] } },
      identify,
    ]);
    expect(loadErrors(d, realmFile()).map(where)).toEqual([
      { code: 'FG_CONDITION_OUTSIDE_CONDITIONAL', file: 'browser.json', path: '/executions/0/condition', line: lineOf(d.text, '"condition"') },
      { code: 'FG_CONDITION_OUTSIDE_CONDITIONAL', file: 'browser.json', path: '/executions/1/flow/executions/0/condition', line: lineOf(d.text, '"condition"', 2) },
    ]);
  });

  test('a CONDITIONAL sub-flow without an enabled condition is FG_CONDITIONAL_WITHOUT_CONDITION', () => {
    const d = flow('browser', [
      { requirement: 'CONDITIONAL', flow: { alias: 'none', executions: [identify] } },
      { requirement: 'CONDITIONAL', flow: { alias: 'disabled-only', executions: [{ ...attributeCondition, requirement: 'DISABLED' }, identify] } },
      { requirement: 'CONDITIONAL', flow: 'other' },
    ]);
    expect(loadErrors(d, flow('other', [identify]), realmFile()).map(where)).toEqual([
      { code: 'FG_CONDITIONAL_WITHOUT_CONDITION', file: 'browser.json', path: '/executions/0/flow', line: lineOf(d.text, '"flow"') },
      { code: 'FG_CONDITIONAL_WITHOUT_CONDITION', file: 'browser.json', path: '/executions/1/flow', line: lineOf(d.text, '"flow"', 2) },
      // A reference cannot carry the condition: it has to be inline.
      { code: 'FG_CONDITIONAL_WITHOUT_CONDITION', file: 'browser.json', path: '/executions/2/flow', line: lineOf(d.text, '"flow": "other"') },
    ]);
  });
});

describe('askFirst', () => {
  const magic = { authenticator: 'magic-link', requirement: 'ALTERNATIVE' };
  const methods = (alias: string) => ({ alias, executions: [magic, { ...magic, alias: 'again' }] });

  test('on a REQUIRED sub-flow of alternatives after a REQUIRED authenticator it loads, and the model and the export keep it', () => {
    const d = flow('browser', [identify, { requirement: 'REQUIRED', askFirst: true, flow: methods('methods') }]);
    const [realm] = loadDocuments([d, realmFile()], fakeRegistry());
    const browser = realm!.flows.get('browser')!;
    expect(browser.executions[1]).toMatchObject({ kind: 'flow', id: 'browser/methods', askFirst: true });
    expect(exportFlow(browser, new Set()).executions[1]).toMatchObject({ askFirst: true, requirement: 'REQUIRED' });
  });

  test('misplaced, it is FG_ASK_FIRST_MISPLACED at the option; on an authenticator it is FG_EXECUTION_KIND', () => {
    const d = flow('browser', [
      { requirement: 'REQUIRED', askFirst: true, flow: methods('first') },
      identify,
      { requirement: 'REQUIRED', askFirst: true, flow: { alias: 'one', executions: [magic] } },
      { requirement: 'CONDITIONAL', askFirst: true, flow: { alias: 'gated', executions: [attributeCondition, identify] } },
      { authenticator: 'cookie', requirement: 'REQUIRED', askFirst: true },
    ]);
    expect(loadErrors(d, realmFile()).map(where)).toEqual([
      { code: 'FG_EXECUTION_KIND', file: 'browser.json', path: '/executions/4/askFirst', line: lineOf(d.text, '"askFirst"', 4) },
    ]);
    const e = flow('browser', [
      { requirement: 'REQUIRED', askFirst: true, flow: methods('first') },
      identify,
      { requirement: 'REQUIRED', askFirst: true, flow: { alias: 'one', executions: [magic] } },
      { requirement: 'CONDITIONAL', askFirst: true, flow: { alias: 'gated', executions: [attributeCondition, identify] } },
    ]);
    expect(loadErrors(e, realmFile()).map(where)).toEqual([
      { code: 'FG_ASK_FIRST_MISPLACED', file: 'browser.json', path: '/executions/0/askFirst', line: lineOf(e.text, '"askFirst"') },
      { code: 'FG_ASK_FIRST_MISPLACED', file: 'browser.json', path: '/executions/2/askFirst', line: lineOf(e.text, '"askFirst"', 2) },
      { code: 'FG_ASK_FIRST_MISPLACED', file: 'browser.json', path: '/executions/3/askFirst', line: lineOf(e.text, '"askFirst"', 3) },
    ]);
  });
});

describe('empty flows', () => {
  test('a flow or sub-flow with no enabled execution is FG_FLOW_EMPTY at its executions', () => {
    const d = flow('browser', [
      { requirement: 'REQUIRED', flow: { alias: 'all-off', executions: [{ authenticator: 'cookie', requirement: 'DISABLED' }] } },
      { requirement: 'CONDITIONAL', flow: { alias: 'only-condition', executions: [attributeCondition] } },
    ]);
    const empty = flow('nothing', []);
    expect(loadErrors(d, empty, realmFile()).map(where)).toEqual([
      { code: 'FG_FLOW_EMPTY', file: 'browser.json', path: '/executions/0/flow/executions', line: lineOf(d.text, '"executions"', 2) },
      { code: 'FG_FLOW_EMPTY', file: 'browser.json', path: '/executions/1/flow/executions', line: lineOf(d.text, '"executions"', 3) },
      { code: 'FG_FLOW_EMPTY', file: 'nothing.json', path: '/executions', line: 3 },
    ]);
  });
});

describe('aliases and execution ids', () => {
  test('a flow alias used twice is FG_DUPLICATE_ALIAS at the second, naming the first', () => {
    const a = flow('browser', [cookie, { requirement: 'ALTERNATIVE', flow: { alias: 'forms', executions: [identify] } }]);
    const b = flow('forms', [identify]);
    const c = flow('browser', [identify], 'browser-copy.json');
    const errors = loadErrors(a, c, b, realmFile());
    expect(errors.map(where)).toEqual([
      { code: 'FG_DUPLICATE_ALIAS', file: 'browser-copy.json', path: '/alias', line: 2 },
      { code: 'FG_DUPLICATE_ALIAS', file: 'forms.json', path: '/alias', line: 2 },
    ]);
    expect(errors[0]?.message).toContain('browser.json');
    expect(errors[1]?.message).toContain('browser.json');
  });

  test('two siblings with the same key are FG_DUPLICATE_EXECUTION_ID; an execution alias fixes it', () => {
    const d = flow('browser', [cookie, { authenticator: 'magic-link', requirement: 'ALTERNATIVE' }, cookie]);
    expect(loadErrors(d, realmFile()).map(where)).toEqual([
      { code: 'FG_DUPLICATE_EXECUTION_ID', file: 'browser.json', path: '/executions/2', line: lineOf(d.text, '"authenticator": "cookie"', 2) - 1 },
    ]);
    const sub = flow('browser', [cookie, { requirement: 'ALTERNATIVE', alias: 'cookie', flow: { alias: 'forms', executions: [identify] } }]);
    expect(loadErrors(sub, realmFile()).map(where)).toEqual([
      { code: 'FG_DUPLICATE_EXECUTION_ID', file: 'browser.json', path: '/executions/1', line: lineOf(sub.text, '"requirement": "ALTERNATIVE"', 2) - 1 },
    ]);
  });
});

describe('references', () => {
  test('a reference to a missing flow is FG_UNKNOWN_FLOW, suggesting the nearest alias', () => {
    const d = flow('browser', [{ requirement: 'REQUIRED', flow: 'link-or-cod' }]);
    const errors = loadErrors(d, flow('link-or-code', [identify]), realmFile());
    expect(errors.map(where)).toEqual([{ code: 'FG_UNKNOWN_FLOW', file: 'browser.json', path: '/executions/0/flow', line: lineOf(d.text, 'link-or-cod') }]);
    expect(errors[0]?.message).toContain("'link-or-code'");
  });

  test('an inline sub-flow cannot be referenced', () => {
    const a = flow('browser', [{ requirement: 'REQUIRED', flow: { alias: 'forms', executions: [identify] } }]);
    const b = flow('other', [{ requirement: 'REQUIRED', flow: 'forms' }]);
    expect(loadErrors(a, b, realmFile()).map(where)).toEqual([
      { code: 'FG_UNKNOWN_FLOW', file: 'other.json', path: '/executions/0/flow', line: lineOf(b.text, '"flow"') },
    ]);
  });

  test('a reference cycle is one FG_FLOW_CYCLE at the reference closing it', () => {
    const a = flow('a', [identify, { requirement: 'REQUIRED', flow: { alias: 'a-inner', executions: [{ requirement: 'REQUIRED', flow: 'b' }] } }]);
    const b = flow('b', [{ requirement: 'REQUIRED', flow: 'a' }]);
    const errors = loadErrors(a, b, realmFile('a'));
    expect(errors.map(where)).toEqual([{ code: 'FG_FLOW_CYCLE', file: 'b.json', path: '/executions/0/flow', line: lineOf(b.text, '"flow"') }]);
    expect(errors[0]?.message).toContain('a -> b -> a');
  });

  test('a flow referencing itself is a cycle', () => {
    const a = flow('a', [identify, { requirement: 'REQUIRED', flow: 'a' }]);
    expect(loadErrors(a, realmFile('a')).map(where)).toEqual([
      { code: 'FG_FLOW_CYCLE', file: 'a.json', path: '/executions/1/flow', line: lineOf(a.text, '"flow"') },
    ]);
  });
});

describe('size', () => {
  test('a flow expanding to more than 1000 executions through references is FG_FLOW_TOO_LARGE', () => {
    // Each flow references the next one twice: f0 expands to 3070 executions, f1 to 1534, f2 to 766.
    const docs = Array.from({ length: 11 }, (_, i) =>
      i === 10
        ? flow('f10', [identify])
        : flow(`f${i}`, [
            { alias: 'a', requirement: 'REQUIRED', flow: `f${i + 1}` },
            { alias: 'b', requirement: 'REQUIRED', flow: `f${i + 1}` },
          ]),
    );
    expect(loadErrors(...docs, realmFile('f0')).map(where)).toEqual([
      { code: 'FG_FLOW_TOO_LARGE', file: 'f0.json', path: '/executions', line: 3 },
      { code: 'FG_FLOW_TOO_LARGE', file: 'f1.json', path: '/executions', line: 3 },
    ]);
  });
});

describe('many errors at once', () => {
  test('every error of every file is reported, ordered by file and line', () => {
    const a = flow('browser', [
      { authenticator: 'nope', requirement: 'REQUIRED' },
      { authenticator: 'cookie', requirement: 'CONDITIONAL' },
      { authenticator: 'magic-link', requirement: 'ALTERNATIVE', config: { linkLifetimeSeconds: 'long' } },
      { requirement: 'REQUIRED', flow: 'missing' },
    ]);
    const b = flow('second', [attributeCondition]);
    const errors = loadErrors(b, a, realmFile('unbound'));
    expect(errors.map((e) => [e.code, e.location?.file, e.location?.path])).toEqual([
      ['FG_FLOW_EMPTY', 'second.json', '/executions'],
      ['FG_CONDITION_OUTSIDE_CONDITIONAL', 'second.json', '/executions/0/condition'],
      ['FG_MIXED_REQUIREMENTS', 'browser.json', '/executions'],
      ['FG_UNKNOWN_AUTHENTICATOR', 'browser.json', '/executions/0/authenticator'],
      ['FG_CONDITIONAL_NOT_SUBFLOW', 'browser.json', '/executions/1/requirement'],
      ['FG_PLUGIN_CONFIG_INVALID', 'browser.json', '/executions/2/config/linkLifetimeSeconds'],
      ['FG_UNKNOWN_FLOW', 'browser.json', '/executions/3/flow'],
      ['FG_UNKNOWN_FLOW', 'main.realm.json', '/bindings/browser'],
    ]);
  });
});
