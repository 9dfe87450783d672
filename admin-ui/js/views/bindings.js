// @ts-check
import { call, get, seg } from '../api.js';
import { field, h } from '../dom.js';
import { attempt, errorBox } from '../errors.js';

/** @typedef {import('../routes.js').ViewContext} ViewContext */
/** @template T @typedef {import('../api.js').ApiAnswer<T>} ApiAnswer */
/** @typedef {import('../api-types').Bindings} Bindings */
/** @typedef {import('../api-types').ClientList} ClientList */
/** @typedef {import('../api-types').FlowBinding} FlowBinding */
/** @typedef {import('../api-types').FlowList} FlowList */

/**
 * Bindings: the flow of each slot of the realm, and each client's overrides.
 * @param {ViewContext} context
 */
export async function bindingsView({ realm }) {
  const r = seg(realm);
  const [bindings, { flows }, { clients }] = await Promise.all([
    /** @type {Promise<ApiAnswer<Bindings>>} */ (call('GET', `/realms/${r}/bindings`)),
    /** @type {Promise<FlowList>} */ (get(`/realms/${r}/flows`)),
    /** @type {Promise<ClientList>} */ (get(`/realms/${r}/clients`)),
  ]);
  let etag = bindings.etag;
  const box = errorBox();
  /**
   * A form choosing the flow at `path` (a slot or a client's override); `(none)` removes it.
   * @param {string} label
   * @param {string | undefined} current
   * @param {string} path
   * @param {(label: string) => void} onSave
   * @param {boolean} [clearable]
   */
  const picker = (label, current, path, onSave, clearable) => {
    const select = h('select', { dataset: { path: '/flow' } }, [
      h('option', { value: '', text: clearable ? '(none)' : '(not bound)', selected: !current }),
      ...flows.map((f) => h('option', { value: f.alias, text: f.alias, selected: f.alias === current })),
    ]);
    const save = h('button', { type: 'submit', class: 'fg-button fg-button--secondary' }, 'Save');
    const form = h('form', { class: 'ad-inline', onsubmit: async (e) => {
      e.preventDefault();
      const res = await attempt(box, form, () => (select.value
        ? call('PUT', path, { body: /** @type {FlowBinding} */ ({ flow: select.value }), etag })
        : call('DELETE', path, { etag })), save);
      if (res) {
        etag = res.etag || etag;
        if (!res.etag) window.dispatchEvent(new HashChangeEvent('hashchange'));
        onSave(label);
      }
    } }, field(label, select).field, save);
    return form;
  };
  /** @param {string} label */
  const saved = (label) => {
    const note = document.getElementById('bindings-status');
    if (note) note.textContent = `${label}: saved.`;
  };
  return [
    h('h1', { text: `Bindings of ${realm}` }),
    h('p', { class: 'fg-lead', text: 'Which flow runs for each slot. Sign-ins use a new binding at once; check a flow before binding it.' }),
    box,
    h('p', { id: 'bindings-status', role: 'status' }),
    h('section', { 'aria-labelledby': 'slots-h' }, h('h2', { id: 'slots-h', text: 'Realm slots' }),
      bindings.body.slots.map((slot) => picker(`Flow of the ${slot} slot`, bindings.body.bindings[slot], `/realms/${r}/bindings/${seg(slot)}`, saved))),
    h('section', { 'aria-labelledby': 'overrides-h' }, h('h2', { id: 'overrides-h', text: 'Client overrides' }),
      clients.length === 0 ? h('p', { text: 'This realm has no clients.' }) : clients.map((c) => h('fieldset', {}, h('legend', { text: `Client ${c.clientId}` }),
        bindings.body.clientOverrideSlots.map((slot) => picker(`${slot} flow of client ${c.clientId}`, c.flowOverrides[slot], `/realms/${r}/clients/${seg(c.clientId)}/overrides/${seg(slot)}`, saved, true))))),
  ];
}
