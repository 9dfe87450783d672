import { parseJsonSource, valueSource } from '../../../src/json/json-source';
import { decodePointer, encodePointer, valueAt } from '../../../src/json/json-pointer';
import { doc, lineOf, loadErrors, realmFile, where } from './loader-kit';

describe('parseJsonSource', () => {
  const text = '{\r\n  "a": {\r\n    "b/c": [\r\n      1,\r\n      { "d~e": true }\r\n    ]\r\n  }\r\n}\r\n';
  const { source, problems } = parseJsonSource('x.json', text);

  test('parses strict JSON and maps pointers to the key line and column, CRLF included', () => {
    expect(problems).toEqual([]);
    expect(source?.value).toEqual({ a: { 'b/c': [1, { 'd~e': true }] } });
    expect(source?.locate('')).toEqual({ line: 1, column: 1 });
    expect(source?.locate('/a')).toEqual({ line: 2, column: 3 });
    expect(source?.locate('/a/b~1c/0')).toEqual({ line: 4, column: 7 });
    expect(source?.locate('/a/b~1c/1/d~0e')).toEqual({ line: 5, column: 9 });
  });

  test('a pointer to something absent maps to its nearest existing ancestor', () => {
    expect(source?.locate('/a/b~1c/7/zz')).toEqual({ line: 3, column: 5 });
    expect(source?.locate('/missing')).toEqual({ line: 1, column: 1 });
  });

  test('a leading byte-order mark is ignored', () => {
    const parsed = parseJsonSource('bom.json', '\uFEFF{\n"a": 1}');
    expect(parsed.problems).toEqual([]);
    expect(parsed.source?.locate('/a')).toEqual({ line: 2, column: 1 });
  });

  test('empty text, trailing garbage and raw control characters are syntax problems', () => {
    expect(parseJsonSource('e.json', '').problems).toHaveLength(1);
    expect(parseJsonSource('e.json', '{}\n{}').problems.map((p) => p.position)).toEqual([{ line: 2, column: 1 }]);
    expect(parseJsonSource('e.json', '{"a": "x\ty"}').problems).toHaveLength(1);
  });

  test('a __proto__ key stays an own property and never becomes the prototype', () => {
    const parsed = parseJsonSource('p.json', '{"__proto__": {"polluted": true}}');
    const value = parsed.source?.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect((value as { polluted?: unknown }).polluted).toBeUndefined();
  });

  test('a value source has no positions', () => {
    expect(valueSource('v', { a: 1 }).locate('/a')).toBeUndefined();
  });
});

describe('JSON pointers', () => {
  test('encode and decode escape ~ and /', () => {
    expect(encodePointer(['a/b', 'c~d', 3])).toBe('/a~1b/c~0d/3');
    expect(decodePointer('/a~1b/c~0d/3')).toEqual(['a/b', 'c~d', '3']);
    expect(decodePointer('')).toEqual([]);
    expect(valueAt({ a: [{ b: 2 }] }, '/a/0/b')).toBe(2);
    expect(valueAt({ a: 1 }, '/toString')).toBeUndefined();
  });
});

describe('__proto__ in documents', () => {
  test('is an unknown property of a flow file and of a plugin config', () => {
    const text = JSON.stringify(
      { alias: 'browser', executions: [{ authenticator: 'magic-link', requirement: 'REQUIRED', config: { x: 1 } }] },
      null,
      2,
    ).replace('"x": 1', '"__proto__": { "linkLifetimeSeconds": 5 }');
    const errors = loadErrors({ file: 'browser.json', text }, realmFile());
    expect(errors.map(where)).toEqual([
      expect.objectContaining({
        code: 'FG_PLUGIN_CONFIG_INVALID',
        file: 'browser.json',
        path: '/executions/0/config/__proto__',
        line: lineOf(text, '"__proto__"'),
      }),
    ]);
    const top = doc('other.json', {});
    const topText = top.text.replace('{}', '{ "alias": "other", "executions": [], "__proto__": {} }');
    expect(loadErrors({ file: 'other.json', text: topText }, realmFile('other')).map((e) => [e.code, e.location?.path])).toEqual([
      ['FG_FLOW_SCHEMA', '/__proto__'],
    ]);
  });
});
