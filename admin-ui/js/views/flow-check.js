// @ts-check
import { call, seg } from '../api.js';
import { field, h, replace } from '../dom.js';
import { attempt, errorBox } from '../errors.js';

/** @typedef {import('../routes.js').ViewContext} ViewContext */
/** @template T @typedef {import('../api.js').ApiAnswer<T>} ApiAnswer */
/** @typedef {import('../api-types').FlowCheck} FlowCheck */
/** @typedef {import('../api-types').FlowCheckExample} FlowCheckExample */

/** @type {Record<FlowCheck['steps'][number]['result'], string>} */
const RESULT_WORDS = {
  asks: 'asks the person',
  decides: 'decides by itself',
  'not-applicable': 'skipped',
  holds: 'condition holds',
  'does-not-hold': 'condition does not hold',
  'unknown-plugin': 'unknown plugin (fails)',
  fails: 'fails (the sign-in fails here)',
};

/**
 * Flow check: which steps of the flow run for an example user, in words (nothing is stored or sent).
 * @param {ViewContext} context
 */
export async function flowCheckView({ realm, params }) {
  const alias = params[0];
  const box = errorBox();
  const result = h('div', { 'aria-live': 'polite' });
  const exists = h('input', { type: 'checkbox', checked: true, dataset: { path: '/exists' } });
  const hasSession = h('input', { type: 'checkbox', dataset: { path: '/hasSession' } });
  const email = h('input', { type: 'email', value: 'someone@example.com', dataset: { path: '/email' } });
  const verified = h('input', { type: 'checkbox', checked: true, dataset: { path: '/emailVerified' } });
  const actions = h('input', { type: 'text', dataset: { path: '/requiredActions' } });
  const attributes = h('textarea', { rows: '3', text: '{}', dataset: { path: '/attributes' } });
  const run = h('button', { type: 'submit', class: 'fg-button fg-button--primary' }, 'Check');
  const form = h('form', { class: 'fg-form', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    let attrs;
    try {
      attrs = JSON.parse(attributes.value || '{}');
    } catch {
      attrs = attributes.value;
    }
    // What the admin typed, as it is: a malformed attributes text is the server's to refuse, at its path.
    const body = /** @type {FlowCheckExample} */ ({
      exists: exists.checked,
      hasSession: hasSession.checked,
      email: email.value.trim(),
      emailVerified: verified.checked,
      attributes: attrs,
      requiredActions: actions.value.split(',').map((a) => a.trim()).filter(Boolean),
    });
    /** @type {ApiAnswer<FlowCheck> | undefined} */
    const res = await attempt(box, form, () => call('POST', `/realms/${seg(realm)}/flows/${seg(alias)}/check`, { body }), run);
    if (res) replace(result, report(res.body));
  } },
  field('The person has an account', exists).field,
  field('Their browser already has a session', hasSession).field,
  field('Email', email).field,
  field('Email verified', verified).field,
  field('Pending required actions (ids, comma-separated)', actions).field,
  field('Attributes (JSON: {"name": ["value"]})', attributes).field,
  run, box);
  return [
    h('h1', { text: `Check flow ${alias}` }),
    h('p', { class: 'fg-lead', text: 'Which steps run for an example user. Steps that ask the person are assumed done; nothing is stored and no mail is sent.' }),
    h('p', {}, h('a', { href: `#/${seg(realm)}/flows/${seg(alias)}` }, `Back to flow ${alias}`)),
    h('section', { 'aria-labelledby': 'example-h' }, h('h2', { id: 'example-h', text: 'Example user' }), form),
    h('section', { 'aria-labelledby': 'result-h' }, h('h2', { id: 'result-h', text: 'Result' }), result),
  ];
}

/** @param {FlowCheck} check */
function report(check) {
  return [
    h('p', {}, h('strong', { text: 'The flow: ' }), check.structure),
    h('ol', { class: 'ad-steps' }, check.steps.map((s) => h('li', {},
      h('strong', { text: s.name }), `: ${RESULT_WORDS[s.result] || s.result}`,
      s.detail ? ` (${s.detail})` : '',
      s.insteadOf && s.insteadOf.length ? ` — or instead: ${s.insteadOf.join(', ')}` : ''))),
    h('p', { class: check.outcome === 'success' ? 'fg-alert fg-alert--success' : 'fg-alert fg-alert--error', text: check.outcome === 'success' ? 'Outcome: signed in.' : 'Outcome: the sign-in fails.' }),
    h('p', { text: check.requiredActions.length ? `Then the required actions: ${check.requiredActions.join(', ')}.` : 'No required actions run afterwards.' }),
  ];
}
