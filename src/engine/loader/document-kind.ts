/** What a document in the flows directory is, decided by its name alone. */
export type DocumentKind = 'flow' | 'realm' | 'ignored';

/** Suffix of realm files: `<name>.realm.json`. */
export const REALM_FILE_SUFFIX = '.realm.json';
/** Suffix of the JSON Schemas that live next to the flows for editors; never loaded as flows. */
const SCHEMA_FILE_SUFFIX = '.schema.json';

/**
 * `*.realm.json` is a realm, `*.schema.json` and anything not ending in `.json` is ignored, every
 * other `*.json` is a flow. Hidden files (editor backups such as `.#browser.json`) are ignored.
 */
export function documentKind(file: string): DocumentKind {
  const base = file.split(/[\\/]/).pop() ?? file;
  if (base.startsWith('.') || !base.endsWith('.json')) return 'ignored';
  if (base.endsWith(SCHEMA_FILE_SUFFIX)) return 'ignored';
  if (base.endsWith(REALM_FILE_SUFFIX)) return 'realm';
  return 'flow';
}
