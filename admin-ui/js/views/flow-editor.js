// @ts-check
import { call, get, loadCatalog, seg } from '../api.js';
import { announce, button, field, h, replace, uid } from '../dom.js';
import { attempt, errorBox } from '../errors.js';
import { schemaForm } from '../schema-form.js';
import { describeValue, fieldsOf } from '../schema-values.js';
import { copyForm } from './flows.js';

/** @typedef {import('../routes.js').ViewContext} ViewContext */
/** @template T @typedef {import('../api.js').ApiAnswer<T>} ApiAnswer */
/** @typedef {import('../ui-types').Child} Child */
/** @typedef {import('../api-types').Catalog} Catalog */
/** @typedef {import('../api-types').CatalogEntry} CatalogEntry */
/** @typedef {import('../api-types').ExecutionAdd} ExecutionAdd */
/** @typedef {import('../api-types').ExecutionNode} ExecutionNode */
/** @typedef {import('../api-types').FlowAlias} FlowAlias */
/** @typedef {import('../api-types').FlowTree} FlowTree */
/** @typedef {import('../api-types').RealmSettings} RealmSettings */
/** @typedef {import('../api-types').Requirement} Requirement */

/** @type {readonly Requirement[]} */
const FLOW_REQUIREMENTS = ['REQUIRED', 'ALTERNATIVE', 'CONDITIONAL', 'DISABLED'];

/**
 * The flow editor: the tree with a requirement picker per step (only what the plugin allows),
 * config forms generated from each plugin's schema, move up/down, remove, add a step from the
 * catalog at any level; rename, delete, copy, and a link to the flow check. Every write sends the
 * ETag read with the tree (If-Match); the answer is the new tree, drawn in place, with the settings
 * panels that were open still open. A built-in flow shows its steps' settings read-only, each with
 * a button that copies the flow.
 * @param {ViewContext} context
 */
export async function flowEditorView({ realm, params }) {
  const alias = params[0];
  const [catalog, first, { settings }] = await Promise.all([
    loadCatalog(),
    /** @type {Promise<ApiAnswer<FlowTree>>} */ (call('GET', `/realms/${seg(realm)}/flows/${seg(alias)}`)),
    /** @type {Promise<RealmSettings>} */ (get(`/realms/${seg(realm)}`)),
  ]);
  const locales = settings.supportedLocales;
  // `open`: ids of the steps whose settings panel is open, so a redraw after a save keeps them open.
  const state = { tree: first.body, etag: first.etag, open: new Set() };
  const copy = copyForm(realm, alias);
  const base = `/realms/${seg(realm)}/flows/${seg(alias)}`;
  const box = errorBox();
  const treeHolder = h('div', { class: 'ad-tree' });
  /**
   * @param {'authenticators' | 'conditions'} kind
   * @param {string | undefined} id
   */
  const byId = (kind, id) => (catalog[kind] || []).find((p) => p.id === id);

  /**
   * Runs a write; on success redraws the tree, keeping focus near `focusKey`; refusals are marked on fields in `scope`.
   * @param {'POST' | 'PATCH' | 'DELETE'} method
   * @param {string} path
   * @param {unknown} body
   * @param {HTMLButtonElement | null} busy
   * @param {string} message
   * @param {string} [focusKey]
   * @param {Element} [scope]
   */
  const write = async (method, path, body, busy, message, focusKey, scope = treeHolder) => {
    /** @type {ApiAnswer<FlowTree> | undefined} */
    const res = await attempt(box, scope, () => call(method, `${base}${path}`, { body, etag: state.etag }), busy);
    if (!res) return false;
    state.tree = res.body;
    state.etag = res.etag;
    draw();
    announce(message);
    if (focusKey) {
      const target = treeHolder.querySelector(`[data-focus="${CSS.escape(focusKey)}"]`);
      // Only focusable controls carry `data-focus`.
      if (target instanceof HTMLElement) target.focus();
    }
    return true;
  };

  const draw = () => replace(treeHolder, level(state.tree.executions, undefined, 0));

  /**
   * One level of the tree: its steps, and (editable flows) the form adding one.
   * @param {ExecutionNode[]} executions
   * @param {string | undefined} parent the inline sub-flow's id; none for the top level
   * @param {number} depth
   * @returns {HTMLDivElement}
   */
  const level = (executions, parent, depth) => h('div', {},
    h('ol', { class: 'ad-level' }, executions.map((e, i) => node(e, i, executions.length, depth))),
    state.tree.builtIn ? null : addStepForm(parent, depth),
  );

  /**
   * @param {ExecutionNode} e
   * @param {number} index
   * @param {number} count
   * @param {number} depth
   */
  const node = (e, index, count, depth) => {
    const kind = e.authenticator ? 'authenticators' : e.condition ? 'conditions' : null;
    const plugin = kind ? byId(kind, e.authenticator || e.condition) : null;
    const name = plugin ? plugin.displayName : e.flow ? `Sub-flow ${typeof e.flow === 'string' ? e.flow : e.flow.alias}` : e.authenticator || e.condition || e.id;
    const kindWord = e.authenticator ? 'Authenticator' : e.condition ? 'Condition' : typeof e.flow === 'string' ? 'Referenced flow (edit it there)' : 'Sub-flow';
    const allowed = plugin && plugin.requirements ? plugin.requirements : FLOW_REQUIREMENTS;
    /** @type {Child[]} */
    const parts = [h('div', { class: 'ad-node-head' },
      h('span', { class: 'ad-node-name', text: name }),
      h('span', { class: 'fg-hint', text: ` ${kindWord} · ${e.id}` }),
      e.requirement ? h('span', { class: 'fg-badge ad-req', text: e.requirement }) : null)];
    if (plugin && plugin.helpText) parts.push(h('p', { class: 'fg-hint', text: plugin.helpText }));
    if (!state.tree.builtIn) parts.push(controls(e, name, allowed, index, count, plugin));
    else if (hasSettings(plugin)) parts.push(readOnlyPanel(e, name, plugin));
    if (e.flow && typeof e.flow === 'object') parts.push(h('div', { class: 'ad-sub' }, level(e.flow.executions, e.id, depth + 1)));
    if (typeof e.flow === 'string') parts.push(h('p', {}, h('a', { href: `#/${seg(realm)}/flows/${seg(e.flow)}` }, `Open flow ${e.flow}`)));
    return h('li', { class: 'ad-node' }, parts);
  };

  /**
   * A step's requirement picker, move and remove buttons, and its settings panel.
   * @param {ExecutionNode} e
   * @param {string} name
   * @param {readonly Requirement[]} allowed
   * @param {number} index
   * @param {number} count
   * @param {CatalogEntry | null | undefined} plugin
   */
  const controls = (e, name, allowed, index, count, plugin) => {
    const picker = h('select', { dataset: { path: '/requirement', focus: `${e.id}#req` } },
      allowed.map((r) => h('option', { value: r, text: r, selected: r === e.requirement })));
    const save = h('button', { type: 'submit', class: 'fg-button fg-button--secondary' }, 'Save requirement');
    const reqForm = h('form', { class: 'ad-inline', onsubmit: (ev) => {
      ev.preventDefault();
      write('PATCH', `/executions/${seg(e.id)}`, { requirement: picker.value }, save, `Requirement of ${name} saved.`, `${e.id}#req`, reqForm);
    } }, field(`Requirement of ${name}`, picker).field, save);
    const row = h('div', { class: 'ad-actions' },
      button('Move up', () => write('POST', `/executions/${seg(e.id)}/move`, { position: index - 1 }, null, `${name} moved up.`, `${e.id}#up`), 'secondary', { disabled: index === 0, dataset: { focus: `${e.id}#up` }, 'aria-label': `Move up: ${name}` }),
      button('Move down', () => write('POST', `/executions/${seg(e.id)}/move`, { position: index + 1 }, null, `${name} moved down.`, `${e.id}#down`), 'secondary', { disabled: index === count - 1, dataset: { focus: `${e.id}#down` }, 'aria-label': `Move down: ${name}` }),
      button('Remove', (ev) => {
        if (window.confirm(`Remove ${name} from the flow?`)) write('DELETE', `/executions/${seg(e.id)}`, undefined, ev.currentTarget, `${name} removed.`);
      }, 'danger', { 'aria-label': `Remove ${name}` }));
    /** @type {Child[]} */
    const out = [reqForm, row];
    if (hasSettings(plugin)) out.push(configPanel(e, name, plugin));
    return h('div', { class: 'ad-controls' }, out);
  };

  /**
   * Named by plugin and step: two plugins' options may share a title ("Create unknown users").
   * @param {ExecutionNode} e
   * @param {string} name
   */
  const stepName = (e, name) => `${name} — step ${e.id}`;

  /**
   * A step's settings, folded, as a group named by its summary.
   * @param {ExecutionNode} e
   * @param {string} name
   * @param {Child} content
   */
  const panel = (e, name, content) => {
    const summary = h('summary', { id: uid('settings'), text: `Settings of ${stepName(e, name)}` });
    const details = h('details', { class: 'ad-config', open: state.open.has(e.id), 'aria-labelledby': summary.id, ontoggle: () => {
      if (details.open) state.open.add(e.id);
      else state.open.delete(e.id);
    } }, summary, content);
    return details;
  };

  /**
   * @param {ExecutionNode} e
   * @param {string} name
   * @param {CatalogEntry} plugin
   */
  const configPanel = (e, name, plugin) => {
    const form = schemaForm(plugin.configSchema, e.config || {}, { locales });
    const save = h('button', { type: 'submit', class: 'fg-button fg-button--primary', dataset: { focus: `${e.id}#save` } }, `Save settings of ${name}`);
    const reset = button('Use the defaults', (ev) => write('PATCH', `/executions/${seg(e.id)}`, { config: null }, ev.currentTarget, `Settings reset to the defaults: ${stepName(e, name)}.`, `${e.id}#reset`), 'secondary', { dataset: { focus: `${e.id}#reset` } });
    const el = h('form', { novalidate: true, onsubmit: (ev) => {
      ev.preventDefault();
      const read = form.read();
      if (read.errors) return;
      write('PATCH', `/executions/${seg(e.id)}`, { config: read.config }, save, `Settings saved: ${stepName(e, name)}.`, `${e.id}#save`, el);
    } }, form.element, h('div', { class: 'ad-actions' }, save, reset));
    return panel(e, name, el);
  };

  /**
   * What a built-in step is set to, and the way to change it: copying the flow (the copy form below).
   * @param {ExecutionNode} e
   * @param {string} name
   * @param {CatalogEntry} plugin
   */
  const readOnlyPanel = (e, name, plugin) => panel(e, name, h('div', { class: 'ad-settings' },
    h('dl', {}, fieldsOf(plugin.configSchema).map((f) => h('div', {}, h('dt', { text: f.title }), h('dd', { text: describeValue(f, (e.config || {})[f.name]) })))),
    button('Copy to change', () => copy.requestSubmit(), 'secondary', { 'aria-label': `Copy to change the settings of ${stepName(e, name)}` })));

  /**
   * @param {string | undefined} parent
   * @param {number} depth
   */
  const addStepForm = (parent, depth) => {
    const where = parent ? `sub-flow ${parent}` : 'the top level';
    const what = h('select', {},
      h('optgroup', { label: 'Authenticators' }, catalog.authenticators.map((p) => h('option', { value: `authenticator:${p.id}`, text: p.displayName }))),
      h('optgroup', { label: 'Conditions' }, catalog.conditions.map((p) => h('option', { value: `condition:${p.id}`, text: p.displayName }))),
      h('optgroup', { label: 'Sub-flow' }, h('option', { value: 'flow:', text: 'New sub-flow' })));
    const requirement = h('select', {}, FLOW_REQUIREMENTS.map((r) => h('option', { value: r, text: r })));
    const subAlias = h('input', { type: 'text', dataset: { path: '/execution/flow/alias' } });
    const subField = field('Alias of the new sub-flow', subAlias);
    subField.field.hidden = true;
    // A step's key is its plugin id unless it has an alias, and keys are unique in a flow: a second
    // step of one plugin needs an alias.
    const stepAlias = h('input', { type: 'text', dataset: { path: '/execution/alias' } });
    const aliasField = field(`Alias of the new step in ${where} (only when the flow has this step already)`, stepAlias);
    // The new step's settings, generated from the plugin's schema: a plugin with required options
    // (say, a list of domains) cannot be added without them.
    const settings = h('div');
    /** @type {ReturnType<typeof schemaForm> | null} */
    let settingsForm = null;
    const syncRequirements = () => {
      const [kind, id] = what.value.split(':');
      const plugin = kind === 'authenticator' ? catalog.authenticators.find((p) => p.id === id) : kind === 'condition' ? catalog.conditions.find((p) => p.id === id) : null;
      const allowed = plugin && plugin.requirements ? plugin.requirements : FLOW_REQUIREMENTS;
      const keep = requirement.value;
      replace(requirement, allowed.map((r) => h('option', { value: r, text: r, selected: r === keep })));
      subField.field.hidden = kind !== 'flow';
      aliasField.field.hidden = kind === 'flow';
      const schema = plugin && plugin.configSchema;
      settingsForm = hasSettings(plugin) ? schemaForm(schema, {}, { pathPrefix: '/execution/config', locales }) : null;
      replace(settings, settingsForm && plugin && schema
        ? h('details', { class: 'ad-config', open: (schema.required || []).length > 0 }, h('summary', { text: `Settings of the new ${plugin.displayName} step` }), settingsForm.element)
        : null);
    };
    what.addEventListener('change', syncRequirements);
    syncRequirements();
    const add = h('button', { type: 'submit', class: 'fg-button fg-button--secondary' }, 'Add step');
    const form = h('form', { class: 'ad-add', novalidate: true, onsubmit: (ev) => {
      ev.preventDefault();
      const [kind, id] = what.value.split(':');
      let execution;
      if (kind === 'flow') {
        execution = { requirement: requirement.value, flow: { alias: subAlias.value.trim(), executions: [] } };
      } else {
        const read = settingsForm ? settingsForm.read() : { config: {} };
        if (read.errors) return;
        const stepName = stepAlias.value.trim();
        execution = { [kind]: id, requirement: requirement.value, ...(stepName && { alias: stepName }), ...(Object.keys(read.config).length > 0 && { config: read.config }) };
      }
      write('POST', '/executions', { ...(parent && { parent }), execution }, add, 'Step added.', undefined, form);
    } },
    h('fieldset', {}, h('legend', { text: `Add a step to ${where}` }),
      field(`Step to add to ${where}`, what).field, field(`Requirement of the new step in ${where}`, requirement).field, subField.field, aliasField.field, settings, add));
    form.dataset.depth = String(depth);
    return form;
  };

  draw();
  return [
    h('h1', { text: `Flow ${alias}` }),
    h('p', { class: 'fg-lead', text: state.tree.description || '' }),
    state.tree.builtIn ? h('p', { class: 'fg-alert fg-alert--warning', text: 'This flow is built in and read-only. Copy it to change it.' }) : null,
    h('p', {}, h('a', { href: `#/${seg(realm)}/flows/${seg(alias)}/check` }, 'Check this flow for an example user'), ' · ', h('a', { href: `#/${seg(realm)}/flows` }, 'All flows')),
    box,
    h('section', { 'aria-labelledby': 'steps-h' }, h('h2', { id: 'steps-h', text: 'Steps' }), treeHolder),
    h('section', { 'aria-labelledby': 'manage-h' }, h('h2', { id: 'manage-h', text: 'Copy, rename, delete' }),
      copy,
      state.tree.builtIn ? null : renameForm(realm, alias, () => state.etag),
      state.tree.builtIn ? null : deleteButton(realm, alias, () => state.etag)),
  ];
}

/**
 * Whether a plugin has options to set.
 * @param {CatalogEntry | null | undefined} plugin
 * @returns {plugin is CatalogEntry}
 */
function hasSettings(plugin) {
  return Boolean(plugin && plugin.configSchema && Object.keys(plugin.configSchema.properties || {}).length > 0);
}

/**
 * @param {string} realm
 * @param {string} alias
 * @param {() => string | undefined} etag the flow's ETag now
 */
function renameForm(realm, alias, etag) {
  const input = h('input', { type: 'text', value: alias, dataset: { path: '/alias' } });
  const box = errorBox();
  const submit = h('button', { type: 'submit', class: 'fg-button fg-button--secondary' }, 'Rename');
  const form = h('form', { class: 'ad-inline', onsubmit: async (e) => {
    e.preventDefault();
    /** @type {FlowAlias} */
    const body = { alias: input.value.trim() };
    /** @type {ApiAnswer<FlowTree> | undefined} */
    const done = await attempt(box, form, () => call('POST', `/realms/${seg(realm)}/flows/${seg(alias)}/rename`, { body, etag: etag() }), submit);
    if (done) location.hash = `#/${seg(realm)}/flows/${seg(done.body.alias)}`;
  } }, field('New alias', input).field, submit, box);
  return form;
}

/**
 * @param {string} realm
 * @param {string} alias
 * @param {() => string | undefined} etag the flow's ETag now
 */
function deleteButton(realm, alias, etag) {
  const box = errorBox();
  const del = button(`Delete flow ${alias}`, async () => {
    if (!window.confirm(`Delete flow ${alias}?`)) return;
    const done = await attempt(box, null, () => call('DELETE', `/realms/${seg(realm)}/flows/${seg(alias)}`, { etag: etag() }), del);
    if (done) location.hash = `#/${seg(realm)}/flows`;
  }, 'danger');
  return h('div', { class: 'ad-danger-zone' }, del, box);
}

