// @ts-check
/**
 * Building DOM without HTML strings: every text goes through text nodes or attributes, so nothing
 * the API returns (user data, mail, plugin help texts) is ever parsed as markup.
 */

/** @typedef {import('./ui-types').Child} Child */
/**
 * @template {Element} E
 * @typedef {import('./ui-types').Attrs<E>} Attrs
 */

/**
 * Creates an element. `attrs`: `class`, `text`, `on<event>` handlers, `dataset`, booleans
 * (true sets the attribute, false/undefined leaves it out) and any other attribute.
 * Children: nodes, strings (text), arrays, or null/undefined/false (skipped).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attrs<HTMLElementTagNameMap[K]>} [attrs]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') el.textContent = String(value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
    // A property (`checked`, `disabled`, `value` of a number…) rather than an attribute's text.
    else if (key in el && typeof value !== 'string' && key !== 'class') /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (el))[key] = value;
    else el.setAttribute(key === 'class' ? 'class' : key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/**
 * @param {Element} el
 * @param {Child[]} children
 */
function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

let ids = 0;
/**
 * A unique element id with a readable prefix.
 * @param {string} prefix
 */
export function uid(prefix) {
  ids += 1;
  return `${prefix}-${ids}`;
}

/**
 * A labelled form control in the login theme's field markup; returns `{ field, control }`.
 * @template {HTMLElement} C
 * @param {string} label
 * @param {C} control
 * @param {string} [help]
 * @returns {{ field: HTMLDivElement, control: C }}
 */
export function field(label, control, help) {
  const id = control.id || uid('f');
  control.id = id;
  const isCheckbox = control instanceof HTMLInputElement && control.type === 'checkbox';
  if (!control.classList.contains('fg-checkbox') && !isCheckbox) control.classList.add(control.tagName === 'SELECT' ? 'fg-select' : control.tagName === 'TEXTAREA' ? 'fg-textarea' : 'fg-input');
  const helpEl = help ? h('p', { class: 'fg-hint', id: `${id}-help`, text: help }) : null;
  if (helpEl) control.setAttribute('aria-describedby', helpEl.id);
  const labelEl = h('label', { class: 'fg-label', for: id, text: label });
  const wrap = isCheckbox
    ? h('div', { class: 'fg-field fg-field--checkbox' }, control, labelEl, helpEl)
    : h('div', { class: 'fg-field' }, labelEl, control, helpEl);
  return { field: wrap, control };
}

/**
 * A button; `variant` is `primary`, `secondary` or `danger`.
 * @param {string} text
 * @param {(event: MouseEvent & { currentTarget: HTMLButtonElement }) => unknown} onclick
 * @param {'primary' | 'secondary' | 'danger'} [variant]
 * @param {Attrs<HTMLButtonElement>} [attrs]
 */
export function button(text, onclick, variant = 'secondary', attrs = {}) {
  return h('button', { type: 'button', class: `fg-button fg-button--${variant === 'danger' ? 'secondary ad-danger' : variant}`, onclick, ...attrs }, text);
}

/**
 * Replaces the children of `el`.
 * @template {Element} E
 * @param {E} el
 * @param {...Child} children
 * @returns {E}
 */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** @type {ReturnType<typeof setTimeout> | undefined} */
let pending;
/**
 * Says what an action did in the status bar at the foot of the window (`#announcer`, a polite live
 * region): seen by everyone, not only heard by screen-reader users, because a save often redraws
 * the form it came from. The message stays until the next action starts or another view opens.
 * @param {string} message
 */
export function announce(message) {
  const live = document.getElementById('announcer');
  if (!live) return;
  clearTimeout(pending);
  live.textContent = '';
  // A new text node in a cleared region is announced even when the same words repeat.
  pending = setTimeout(() => { live.textContent = message; }, 30);
}

/** Empties the status bar: the outcome it shows is no longer the latest. */
export function clearStatus() {
  clearTimeout(pending);
  const live = document.getElementById('announcer');
  if (live) live.textContent = '';
}

/**
 * A date (ms since the epoch or ISO text) as local date and time.
 * @param {number | string | null | undefined} value
 */
export function when(value) {
  if (value === undefined || value === null || value === '') return '—';
  const date = new Date(typeof value === 'number' ? value : String(value));
  return Number.isNaN(date.getTime()) ? String(value) : date.toLocaleString();
}

/**
 * A table with a caption: `columns` are `[heading, (row) => cell content]`. Every column needs a
 * heading, a column of buttons too ("Actions"): an empty `th` names nothing to screen readers.
 * @template R
 * @param {string} caption
 * @param {Array<[string, (row: R) => Child]>} columns
 * @param {readonly R[]} rows
 */
export function table(caption, columns, rows) {
  return h('table', { class: 'ad-table' },
    h('caption', { text: caption }),
    h('thead', {}, h('tr', {}, columns.map(([title]) => h('th', { scope: 'col', text: title })))),
    h('tbody', {}, rows.length === 0
      ? h('tr', {}, h('td', { colspan: String(columns.length), text: 'Nothing to show.' }))
      : rows.map((row) => h('tr', {}, columns.map(([, cell]) => h('td', {}, cell(row)))))));
}
