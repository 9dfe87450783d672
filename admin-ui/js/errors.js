// @ts-check
import { ApiError } from './api.js';
import { clearStatus, h, replace } from './dom.js';

/** @typedef {import('./api.js').Problem} Problem */

/**
 * Showing what the API refused. Every problem is listed in an alert (announced: role=alert) with
 * its message, code and JSON path; a problem whose path matches a control marked
 * `data-path="<pointer>"` inside `scope` is also shown next to that control (aria-invalid, and
 * described by the message). Problems of the longest matching prefix go to that control, so
 * `/config/linkLifetimeSeconds` lands on the field of that option.
 * @param {HTMLElement} box
 * @param {unknown} err what was thrown (an `ApiError`, another error), or nothing to clear the box
 * @param {Element | null} [scope]
 */
export function showError(box, err, scope) {
  clearFieldErrors(scope);
  if (!err) {
    replace(box);
    box.hidden = true;
    return;
  }
  /** @type {Problem[]} */
  const problems = err instanceof ApiError ? err.errors : [{ message: (err instanceof Error && err.message) || String(err) }];
  const conflict = err instanceof ApiError && err.isConflict;
  box.hidden = false;
  replace(box, h('div', { class: 'fg-alert fg-alert--error', role: 'alert' },
    h('p', { class: 'fg-alert-title', text: conflict ? 'Changed by someone else — reload to see their change, then apply yours again. Nothing was saved.' : 'The server refused this:' }),
    h('ul', { class: 'fg-alert-list' }, problems.map((p) => h('li', {},
      p.message || 'Error',
      p.detail ? ` — ${p.detail}` : '',
      p.code ? h('span', { class: 'ad-code' }, ` (${p.code}`, p.path ? `, at ${p.path}` : '', p.file ? `, in ${p.file}` : '', ')') : '',
    ))),
    conflict ? h('button', { type: 'button', class: 'fg-button fg-button--secondary', onclick: () => window.dispatchEvent(new HashChangeEvent('hashchange')) }, 'Reload') : null,
  ));
  if (scope) for (const p of problems) markField(scope, p);
}

/**
 * @param {Element} scope
 * @param {Problem} problem
 */
function markField(scope, problem) {
  if (typeof problem.path !== 'string' || problem.path === '') return;
  let pointer = problem.path;
  while (pointer) {
    const control = scope.querySelector(`[data-path="${CSS.escape(pointer)}"]`);
    if (control) {
      fieldError(control, `${problem.message}${problem.detail ? ` — ${problem.detail}` : ''} (${problem.code})`);
      return;
    }
    pointer = pointer.slice(0, pointer.lastIndexOf('/'));
  }
}

/**
 * Shows `message` next to `control` (or clears it with an empty message).
 * @param {Element} control
 * @param {string} message
 */
export function fieldError(control, message) {
  const id = `${control.id}-error`;
  let el = document.getElementById(id);
  // Every control is in a field (`field()`), or at least in a form.
  const wrap = /** @type {Element} */ (control.closest('.fg-field') || control.parentElement);
  if (!message) {
    if (el) el.remove();
    control.removeAttribute('aria-invalid');
    wrap.classList.remove('fg-field--error');
    control.setAttribute('aria-describedby', (control.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && x !== id).join(' '));
    return;
  }
  if (!el) {
    el = h('p', { class: 'fg-field-error', id });
    wrap.append(el);
  }
  el.textContent = message;
  control.setAttribute('aria-invalid', 'true');
  wrap.classList.add('fg-field--error');
  const described = (control.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
  if (!described.includes(id)) control.setAttribute('aria-describedby', [...described, id].join(' '));
}

/** @param {Element | null | undefined} scope */
function clearFieldErrors(scope) {
  if (!scope) return;
  for (const control of scope.querySelectorAll('[aria-invalid="true"]')) fieldError(control, '');
}

/** An empty, hidden error box to pass to `showError`. */
export function errorBox() {
  return h('div', { class: 'ad-errors', hidden: true });
}

/**
 * Runs `action` (an async function) for a button or form: empties the status bar (its message was
 * about the previous action), disables `busy` meanwhile, shows a refusal in `box` (fields inside
 * `scope`), and returns the action's result or undefined.
 * @template T
 * @param {HTMLElement} box
 * @param {Element | null} scope
 * @param {() => Promise<T>} action
 * @param {HTMLButtonElement | null} [busy]
 * @returns {Promise<T | undefined>}
 */
export async function attempt(box, scope, action, busy) {
  clearStatus();
  if (busy) busy.disabled = true;
  try {
    const result = await action();
    showError(box, null, scope);
    return result;
  } catch (err) {
    showError(box, err, scope);
    return undefined;
  } finally {
    if (busy) busy.disabled = false;
  }
}
