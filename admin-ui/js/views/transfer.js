// @ts-check
import { call, seg } from '../api.js';
import { announce, field, h, replace } from '../dom.js';
import { attempt, errorBox, fieldError } from '../errors.js';

/** @typedef {import('../routes.js').ViewContext} ViewContext */
/** @template T @typedef {import('../api.js').ApiAnswer<T>} ApiAnswer */
/** @typedef {import('../api-types').RealmExport} RealmExport */
/** @typedef {import('../api-types').RealmImport} RealmImport */

/**
 * The import body from what the admin chose: one exported document (`{ files }`, as Export gives
 * it), or the JSON files of a flows directory, each by its file name. Throws a message for text
 * that is not JSON.
 * @param {FileList} fileList
 * @param {string} pasted
 * @returns {Promise<RealmImport>}
 */
async function importBody(fileList, pasted) {
  /**
   * @param {string} text
   * @param {string} name
   */
  const parse = (text, name) => {
    try { return JSON.parse(text); } catch (err) { throw new Error(`${name} is not valid JSON: ${/** @type {Error} */ (err).message}`); }
  };
  if (fileList.length === 0) return parse(pasted, 'The pasted text');
  const docs = await Promise.all([...fileList].map(async (f) => [f.name, parse(await f.text(), f.name)]));
  if (docs.length === 1 && docs[0][1] && typeof docs[0][1].files === 'object') return docs[0][1];
  return { files: Object.fromEntries(docs) };
}

/**
 * Import and export of the realm in the format of `flows/` (a realm file and a file per flow):
 * export to download or read, import an export or a directory's files. An import makes the realm
 * exactly those files, checked as boot checks them (each problem with its file and JSON path);
 * it carries the realm's version read here (If-Match), so it never undoes a change made since.
 * @param {ViewContext} context
 */
export async function transferView({ realm }) {
  const r = seg(realm);
  const box = errorBox();
  const exported = h('div');
  /** @type {string | undefined} */
  let etag;
  /** @type {string | undefined} */
  let url;
  const loadExport = async () => {
    /** @type {ApiAnswer<RealmExport>} */
    const res = await call('GET', `/realms/${r}/export`);
    etag = res.etag;
    if (url) URL.revokeObjectURL(url);
    const text = JSON.stringify(res.body, null, 2);
    url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    replace(exported,
      h('p', { text: `Version ${res.body.version}: ${Object.keys(res.body.files).join(', ')}.` }),
      h('p', {}, h('a', { href: url, download: `${realm}.export.json`, class: 'fg-button fg-button--secondary' }, `Download ${realm}.export.json`)),
      field('The export', h('textarea', { rows: '10', readonly: true, text })).field);
  };
  await loadExport();

  const files = h('input', { type: 'file', accept: '.json,application/json', multiple: true });
  // A file input always has a list, empty until files are chosen.
  const chosen = () => /** @type {FileList} */ (files.files);
  const pasted = h('textarea', { rows: '6', dataset: { path: '/files' } });
  const run = h('button', { type: 'submit', class: 'fg-button fg-button--primary' }, `Import into ${realm}`);
  const status = h('p', { role: 'status' });
  const form = h('form', { class: 'fg-form', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    let body;
    try {
      body = await importBody(chosen(), pasted.value);
      fieldError(pasted, '');
    } catch (err) {
      fieldError(chosen().length > 0 ? files : pasted, /** @type {Error} */ (err).message);
      return;
    }
    /** @type {ApiAnswer<RealmExport> | undefined} */
    const res = await attempt(box, form, () => call('POST', `/realms/${r}/import`, { body, etag }), run);
    if (res) {
      status.textContent = `Imported: ${realm} is now version ${res.body.version}.`;
      announce('Realm imported.');
      await loadExport();
    }
  } },
  field('Files (an export, or a flows directory\'s realm and flow files)', files).field,
  field('Or paste an export', pasted).field,
  h('p', { class: 'fg-hint', text: 'The realm becomes exactly these files: flows made in the console that they do not list are deleted. Built-in flows stay as they are.' }),
  run, status);

  return [
    h('h1', { text: `Import and export of ${realm}` }),
    h('p', { class: 'fg-lead', text: 'The realm in the format of a flows directory, to keep in version control or move between installs.' }),
    box,
    h('section', { 'aria-labelledby': 'export-h' }, h('h2', { id: 'export-h', text: 'Export' }), exported),
    h('section', { 'aria-labelledby': 'import-h' }, h('h2', { id: 'import-h', text: 'Import' }), form),
  ];
}
