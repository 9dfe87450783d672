import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadBundles, placeholdersOf } from '../../../src/i18n';
import { ERROR_MESSAGE_KEYS, GENERIC_ERROR_MESSAGE_KEY } from '../../../src/http/render';
import { BUILTIN_PLUGINS } from '../../../src/plugins/builtins';
import { shippedRenderer, TEMPLATES_ROOT } from './render-kit';

/** Every `.hbs` file of the login theme: the shipped templates and the built-in plugins' pages. */
function shippedTemplates(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : name.endsWith('.hbs') ? [path] : [];
    });
  const pluginDirs = BUILTIN_PLUGINS.flatMap((p) => ('templatesDir' in p && p.templatesDir ? [p.templatesDir] : []));
  const files = [...walk(TEMPLATES_ROOT).filter((f) => !f.includes(`${join(TEMPLATES_ROOT, 'email')}`)), ...pluginDirs.flatMap(walk)];
  expect(files.length).toBeGreaterThan(10);
  return files;
}

describe('shipped templates', () => {
  const files = shippedTemplates();

  it('never output unescaped values ({{{ }}} or {{& }})', () => {
    const offenders = files.filter((file) => /\{\{\{|\{\{~?\s*&/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('carry no inline style or script (strict CSP)', () => {
    // A <script> must load a file (`src`), which the CSP allows from this server only.
    const offenders = files.filter((file) => /\sstyle=|<script(?![^>]*\ssrc=)|<style|\son[a-z]+=/i.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('document their model in a comment at the top', () => {
    const undocumented = files.filter((file) => !readFileSync(file, 'utf8').startsWith('{{!--'));
    expect(undocumented).toEqual([]);
  });

  it('use only message keys that exist in English and in German, in every branch', () => {
    const { bundles } = shippedRenderer();
    const keys = new Set<string>();
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      // `{{t "key"}}` and keys handed to partials (`labelKey="..."`, `submitKey="..."`).
      for (const m of source.matchAll(/\{\{#?\s*t\s+"([^"]+)"|\b[a-zA-Z]+Key="([^"]+)"/g)) keys.add((m[1] ?? m[2])!);
    }
    expect(keys.size).toBeGreaterThan(20);
    const missing = [...keys].flatMap((key) => ['en', 'de'].filter((l) => !bundles.get(l)!.has(key)).map((l) => `${l}: ${key}`));
    expect(missing).toEqual([]);
  });
});

describe('message keys the pages and the engine rely on', () => {
  const { bundles } = shippedRenderer();

  it.each([
    ...Object.values(ERROR_MESSAGE_KEYS),
    GENERIC_ERROR_MESSAGE_KEY,
    'error.pageExpired',
    'error.loginTimeout',
    'error.rateLimited',
    'error.notFound',
    'error.realmNotFound',
    'error.generic',
    'error.loginFailed',
    'error.invalidRequest',
    'error.csrf',
    'error.invalidRedirectUri',
    'error.unknownClient',
    'error.accessDenied',
    'error.noSignInMethod',
    'error.emailRequired',
    'error.invalidEmail',
    'field.email',
    'field.authenticator',
    'flow.forms',
    ...BUILTIN_PLUGINS.filter((p) => p.kind === 'authenticator').map((p) => `authenticator.${p.id}`),
  ])('%s exists in English and German', (key) => {
    expect(bundles.get('en')!.get(key)).toEqual(expect.any(String));
    expect(bundles.get('de')!.get(key)).toEqual(expect.any(String));
  });

  it('error.rateLimited says how long to wait', () => {
    expect(placeholdersOf(bundles.get('en')!.get('error.rateLimited')!)).toEqual(['seconds']);
  });
});

describe('built-in plugin message bundles', () => {
  const withMessages = BUILTIN_PLUGINS.flatMap((p) => ('messagesDir' in p && p.messagesDir ? [[p.id, p.messagesDir] as const] : []));

  it('exist for the plugins that ship pages', () => {
    expect(withMessages.map(([id]) => id)).toContain('identify-email');
  });

  it.each(withMessages)('%s: German has exactly the English keys, with the same placeholders, none empty', (_id, dir) => {
    const own = loadBundles([dir]);
    const en = own.get('en')!;
    const de = own.get('de')!;
    expect([...de.keys()].sort()).toEqual([...en.keys()].sort());
    const mismatches = [...en.keys()].filter((key) => placeholdersOf(en.get(key)!).join() !== placeholdersOf(de.get(key)!).join());
    expect(mismatches).toEqual([]);
    for (const bundle of [en, de]) expect([...bundle].filter(([, text]) => text.trim() === '')).toEqual([]);
  });

  it.each(withMessages)('%s: does not redefine a key of the shipped bundles', (_id, dir) => {
    const shipped = loadBundles([join(TEMPLATES_ROOT, 'messages')]).get('en')!;
    expect([...loadBundles([dir]).get('en')!.keys()].filter((key) => shipped.has(key))).toEqual([]);
  });
});
