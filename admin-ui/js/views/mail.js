// @ts-check
import { call, get, seg } from '../api.js';
import { button, field, h, replace, table, when } from '../dom.js';
import { attempt, errorBox } from '../errors.js';

/** @typedef {import('../api-types').OutboxMessage} OutboxMessage */
/** @typedef {import('../api-types').OutboxMessageList} OutboxMessageList */

/**
 * The statuses to filter by: every status of the API (a new one is a type error here until it is
 * listed), each with its label.
 * @type {Record<OutboxMessage['status'], string>}
 */
const STATUSES = { pending: 'pending', sending: 'sending', sent: 'sent', failed: 'failed', withheld: 'withheld (never sent)' };

/**
 * Mail outbox: messages newest first; one message's text, and its HTML in a sandboxed iframe
 * (`srcdoc`, no scripts, no same-origin: the mail can neither run code nor reach the console);
 * failed messages can be retried.
 */
export async function mailView() {
  const box = errorBox();
  const list = h('div');
  const viewer = h('div', { id: 'mail-viewer' });
  const status = h('select', {}, h('option', { value: '', text: 'any' }), Object.entries(STATUSES).map(([value, text]) => h('option', { value, text })));
  const load = async () => {
    /** @type {OutboxMessageList} */
    const { messages } = await get(`/mail?max=100${status.value ? `&status=${status.value}` : ''}`);
    replace(list, table('Messages (newest first)', [
      ['Created', (m) => when(m.createdAt)],
      ['Realm', (m) => m.realm],
      ['To', (m) => m.to],
      ['Subject', (m) => m.subject],
      ['Status', (m) => m.status + (m.lastError ? ` (${m.lastError})` : '')],
      ['Actions', (m) => h('div', { class: 'ad-actions' },
        button('View', () => attempt(box, null, () => show(m.id)), 'secondary', { 'aria-label': `View the mail “${m.subject}” to ${m.to}` }),
        m.status === 'failed' ? button('Retry', async (e) => { if (await attempt(box, null, () => call('POST', `/mail/${seg(m.id)}/retry`), e.currentTarget)) await load(); }, 'secondary', { 'aria-label': `Retry the mail to ${m.to}` }) : null)],
    ], messages));
  };
  /** @param {string} id */
  const show = async (id) => {
    /** @type {OutboxMessage} */
    const m = await get(`/mail/${seg(id)}`);
    replace(viewer,
      h('h2', { id: 'message-h', tabindex: '-1', text: m.subject }),
      h('p', { text: `To ${m.to}, from ${m.from}, ${when(m.createdAt)} — ${m.status}` }),
      h('h3', { text: 'Text' }),
      m.textBody ? h('pre', { class: 'ad-mail-text', text: m.textBody }) : h('p', { text: 'No text body (erased after delivery).' }),
      h('h3', { text: 'HTML' }),
      m.htmlBody ? h('iframe', { class: 'ad-mail-html', title: `HTML of the mail “${m.subject}”`, sandbox: '', srcdoc: m.htmlBody }) : h('p', { text: 'No HTML body.' }));
    viewer.querySelector('h2')?.focus();
  };
  const form = h('form', { class: 'ad-inline', onsubmit: (e) => { e.preventDefault(); attempt(box, form, load); } },
    field('Status', status).field, h('button', { type: 'submit', class: 'fg-button fg-button--secondary' }, 'Show'));
  await load();
  return [h('h1', { text: 'Mail outbox' }), h('p', { class: 'fg-lead', text: 'Mail Flowgate sends (with the dev outbox, sign-in mails are read here).' }), form, box, list, viewer];
}
