import fs from 'node:fs';
import path from 'node:path';
import * as kit from '../../src/plugin-kit';
import { collectReference, renderReference, type ReferenceEntry } from './spi-reference';

/**
 * Keeps the reference in docs/plugins.md in step with the plugin kit: the part between the markers
 * is the kit's exports rendered from their types and doc comments. `UPDATE_DOCS=1 npx jest
 * test/plugins/spi-reference.test.ts` rewrites it after the kit changes.
 */
const DOC = path.join(__dirname, '..', '..', 'docs', 'plugins.md');
const START = '<!-- reference:start -->';
const END = '<!-- reference:end -->';

let entries: ReferenceEntry[];
beforeAll(() => {
  entries = collectReference();
}, 120_000);

test('docs/plugins.md holds the reference generated from the plugin kit', () => {
  const doc = fs.readFileSync(DOC, 'utf8');
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  const expected = `${doc.slice(0, start + START.length)}\n${renderReference(entries)}\n${doc.slice(end)}`;
  if (process.env.UPDATE_DOCS === '1') fs.writeFileSync(DOC, expected);
  expect(fs.readFileSync(DOC, 'utf8')).toBe(expected);
});

test('every export of the kit, types and values alike, is documented there with its doc comment', () => {
  const reference = fs.readFileSync(DOC, 'utf8').split(START)[1] ?? '';
  for (const name of Object.keys(kit)) expect(entries.map((e) => e.name)).toContain(name);
  for (const entry of entries) {
    expect({ name: entry.name, documented: entry.doc.length > 0 }).toEqual({ name: entry.name, documented: true });
    expect(reference).toContain(`#### \`${entry.name}\``);
  }
});
