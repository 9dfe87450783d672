// @ts-check
import { announce, button, field, h } from '../dom.js';

/** @typedef {import('../api-types').Client} Client */
/** @typedef {import('../api-types').ClientUpdate} ClientUpdate */

/**
 * The settings of a client as form controls, shared by the new-client form and each client's
 * form, and the body they make. Values are checked by the server (the realm schema and the
 * loader), whose problems land at the controls through their `data-path`.
 */

/** The grants, in the order the form lists them, with what each means. */
const GRANTS = /** @type {const} */ ([
  ['authorization_code', 'Authorization code (people sign in through the browser)'],
  ['refresh_token', 'Refresh token (stay signed in without a new sign-in)'],
  ['client_credentials', 'Client credentials (the application acts for itself; confidential clients only)'],
]);

/** The lifetimes a client may override, with their labels. */
const LIFETIMES = /** @type {const} */ ([
  ['accessTokenSeconds', 'Access token lifetime (seconds)'],
  ['idTokenSeconds', 'ID token lifetime (seconds)'],
  ['refreshTokenSeconds', 'Refresh token lifetime (seconds)'],
]);

/**
 * Lines as typed: one per line, blank lines ignored.
 * @param {HTMLTextAreaElement} textarea
 */
export function linesOf(textarea) {
  return textarea.value.split('\n').map((line) => line.trim()).filter(Boolean);
}

/**
 * @param {string} path
 * @param {readonly string[]} lines
 */
function lines(path, lines) {
  return h('textarea', { rows: String(Math.max(2, lines.length + 1)), text: lines.join('\n'), dataset: { path } });
}

/**
 * The controls of a client's settings, filled from `c` (defaults for a new client), and `body()`
 * reading them back. `of` names the client in every label (`' of shop'`), so each label on the
 * page is unique; empty for the new-client form.
 * @param {Client | undefined} c
 * @param {string} of
 */
export function clientSettings(c, of) {
  const type = h('select', { dataset: { path: '/type' } },
    h('option', { value: 'public', text: 'Public (a browser or mobile app: no secret, PKCE)', selected: c?.type !== 'confidential' }),
    h('option', { value: 'confidential', text: 'Confidential (a server: authenticates with a secret)', selected: c?.type === 'confidential' }));
  const redirectUris = lines('/redirectUris', c?.redirectUris ?? []);
  const postLogout = lines('/postLogoutRedirectUris', c?.postLogoutRedirectUris ?? []);
  const origins = lines('/webOrigins', c?.webOrigins ?? []);
  const granted = c?.grantTypes ?? ['authorization_code', 'refresh_token'];
  const grants = GRANTS.map(([grant, label]) => ({ grant, box: h('input', { type: 'checkbox', checked: granted.includes(grant) }), label }));
  const consent = h('input', { type: 'checkbox', checked: c?.consentRequired === true, dataset: { path: '/consentRequired' } });
  const backchannel = h('input', { type: 'url', value: c?.backchannelLogoutUri ?? '', autocomplete: 'off', dataset: { path: '/backchannelLogoutUri' } });
  const secretEnv = h('input', { type: 'text', value: c?.secretEnv ?? '', autocomplete: 'off', spellcheck: 'false', dataset: { path: '/secretEnv' } });
  const lifetimes = LIFETIMES.map(([key, label]) => ({
    key,
    label,
    input: h('input', { type: 'number', min: '60', step: '1', value: String(c?.tokenLifetimes?.[key] ?? ''), dataset: { path: `/tokenLifetimes/${key}` } }),
  }));

  const controls = [
    field(`Type${of}`, type, 'Only a confidential client has a secret.').field,
    field(`Redirect URIs${of} (one per line)`, redirectUris, 'Absolute http(s) URIs, compared exactly at sign-in.').field,
    h('details', { class: 'ad-details' },
      h('summary', { text: `OpenID Connect settings${of}` }),
      field(`Post-logout redirect URIs${of} (one per line)`, postLogout, 'Where a logout the application starts may return; compared exactly.').field,
      field(`Web origins${of} (one per line)`, origins, 'Origins such as https://app.example.com (no path) whose scripts may call the token endpoints.').field,
      h('fieldset', { dataset: { path: '/grantTypes' } }, h('legend', { text: `Grant types${of}` }), grants.map((g) => field(g.label, g.box).field)),
      field(`Ask for consent${of}`, consent, 'For third-party applications: people confirm what the application gets.').field,
      field(`Back-channel logout URI${of}`, backchannel, 'Optional: where Flowgate posts a logout token when a session ends.').field,
      field(`Secret from environment variable${of}`, secretEnv, 'Optional, confidential clients: e.g. BILLING_CLIENT_SECRET. Then Flowgate generates no secret.').field,
      h('fieldset', {}, h('legend', { text: `Token lifetimes${of}` }), lifetimes.map((l) => field(l.label, l.input, 'Empty: the server default.').field))),
  ];

  /** The settings as a body: options left empty are left out, so they take their defaults. */
  const body = () => {
    /** @type {ClientUpdate} */
    const out = {
      redirectUris: linesOf(redirectUris),
      type: type.value === 'confidential' ? 'confidential' : 'public',
      postLogoutRedirectUris: linesOf(postLogout),
      webOrigins: linesOf(origins),
      grantTypes: grants.filter((g) => g.box.checked).map((g) => g.grant),
      consentRequired: consent.checked,
      tokenLifetimes: Object.fromEntries(lifetimes.filter((l) => l.input.value.trim() !== '').map((l) => [l.key, Number(l.input.value)])),
    };
    if (backchannel.value.trim() !== '') out.backchannelLogoutUri = backchannel.value.trim();
    if (secretEnv.value.trim() !== '') out.secretEnv = secretEnv.value.trim();
    return out;
  };
  return { controls, body };
}

/**
 * A client's secret, shown once: read-only, with a copy button and the warning that it will not be
 * shown again. `heading` is focused by the caller so screen readers hear it at once.
 * @param {string} clientId
 * @param {string} secret
 */
export function secretPanel(clientId, secret) {
  const input = h('input', { type: 'text', readonly: true, value: secret, class: 'ad-code', size: '50', spellcheck: 'false' });
  const copy = button(`Copy the secret of ${clientId}`, async () => {
    input.select();
    try {
      await navigator.clipboard.writeText(secret);
    } catch {
      // No clipboard access (an insecure origin, a denied permission): the text is selected for Ctrl+C.
      document.execCommand('copy');
    }
    announce(`Secret of ${clientId} copied.`);
  }, 'primary');
  const heading = h('h2', { tabindex: '-1', text: `Secret of ${clientId}` });
  const panel = h('div', { class: 'fg-alert fg-alert--success', role: 'region', 'aria-label': `Secret of ${clientId}` },
    heading,
    h('p', {}, h('strong', { text: 'Copy it now: you will not see it again.' }), ' Flowgate keeps it sealed and never shows it again; if it is lost, regenerate it.'),
    field(`Client secret of ${clientId}`, input, 'The application sends it to the token endpoint with its client id.').field,
    h('div', { class: 'ad-actions' }, copy));
  return { panel, heading, input };
}
