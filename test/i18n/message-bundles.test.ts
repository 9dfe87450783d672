import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isFlowgateError } from '../../src/errors';
import { loadBundles, placeholdersOf, translate } from '../../src/i18n';
import { tempDir } from '../mail/mail-test-kit';

const MESSAGES = resolve(__dirname, '../../templates/messages');

function expectCode(fn: () => unknown, code: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(isFlowgateError(caught) ? caught.code : caught).toBe(code);
}

describe('shipped message bundles', () => {
  const bundles = loadBundles([MESSAGES]);
  const en = bundles.get('en')!;
  const de = bundles.get('de')!;

  it('has English and German', () => {
    expect(en.size).toBeGreaterThan(0);
    expect(de).toBeDefined();
  });

  it('gives German exactly the keys of English', () => {
    expect([...de.keys()].sort()).toEqual([...en.keys()].sort());
  });

  it('uses the same placeholders in both languages, key by key', () => {
    const mismatches = [...en.keys()].filter((key) => placeholdersOf(en.get(key)!).join() !== placeholdersOf(de.get(key) ?? '').join());
    expect(mismatches).toEqual([]);
  });

  it('has no empty message', () => {
    for (const bundle of [en, de]) expect([...bundle].filter(([, text]) => text.trim() === '')).toEqual([]);
  });
});

describe('loadBundles', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  function write(sub: string, name: string, content: unknown): string {
    mkdirSync(join(dir, sub), { recursive: true });
    writeFileSync(join(dir, sub, name), typeof content === 'string' ? content : JSON.stringify(content));
    return join(dir, sub);
  }

  it('lets a later directory override key by key, keeping the rest', () => {
    const base = write('base', 'en.json', { 'a.title': 'Title', 'a.body': 'Body {name}' });
    write('base', 'de.json', { 'a.title': 'Titel', 'a.body': 'Text {name}' });
    const theme = write('theme', 'de.json', { 'a.title': 'Überschrift' });
    const bundles = loadBundles([base, theme]);
    expect(translate(bundles, 'de', 'a.title')).toBe('Überschrift');
    expect(translate(bundles, 'de', 'a.body', { name: 'X' })).toBe('Text X');
    expect(translate(bundles, 'en', 'a.title')).toBe('Title');
  });

  it('canonicalises locale file names', () => {
    const base = write('base', 'en.json', { k: 'en' });
    write('base', 'de-ch.json', { k: 'ch' });
    expect([...loadBundles([base]).keys()].sort()).toEqual(['de-CH', 'en']);
  });

  it.each([
    ['nested objects', { email: { subject: 'x' } }],
    ['non-string values', { 'a.b': 3 }],
    ['keys with spaces', { 'a b': 'x' }],
    ['an array', ['x']],
    ['broken JSON', '{"a": '],
  ])('refuses %s', (_label, content) => {
    const base = write('base', 'en.json', content);
    expectCode(() => loadBundles([base]), 'FG_MESSAGE_BUNDLE_INVALID');
  });

  it('refuses a file name that is not a locale tag', () => {
    const base = write('base', 'en.json', { k: 'v' });
    write('base', 'not_a_locale!.json', { k: 'v' });
    expectCode(() => loadBundles([base]), 'FG_MESSAGE_BUNDLE_INVALID');
  });

  it('refuses a missing directory and a set without English', () => {
    expectCode(() => loadBundles([join(dir, 'nope')]), 'FG_MESSAGE_BUNDLE_INVALID');
    const base = write('base', 'de.json', { k: 'v' });
    expectCode(() => loadBundles([base]), 'FG_MESSAGE_BUNDLE_INVALID');
  });

  it('keeps keys that look like Object.prototype members as plain messages', () => {
    const base = write('base', 'en.json', '{"__proto__": "proto", "constructor": "ctor"}');
    const bundles = loadBundles([base]);
    expect(translate(bundles, 'en', '__proto__')).toBe('proto');
    expect(translate(bundles, 'en', 'constructor')).toBe('ctor');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
