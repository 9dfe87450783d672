import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { PluginRegistry } from '../../../src/engine/plugin-registry';
import type { ActionLink, PageContext, StepDocument } from '../../../src/http/contracts';
import { createPageRenderer, type CorePageModels } from '../../../src/http/render';
import { registerBuiltins } from '../../../src/plugins/builtins';

/** The shipped theme. */
export const TEMPLATES_ROOT = resolve(__dirname, '../../../templates');

/** The renderer as the composition root builds it: shipped templates, built-in plugins, strict messages. */
export function shippedRenderer(options: { themeDir?: string; strict?: boolean } = {}): ReturnType<typeof createPageRenderer> {
  const plugins = new PluginRegistry();
  registerBuiltins(plugins);
  return createPageRenderer({ templatesRoot: TEMPLATES_ROOT, plugins, strict: options.strict ?? true, ...(options.themeDir && { themeDir: options.themeDir }) });
}

/** A page context for `locale`. */
export function context(locale: string): PageContext {
  return { locale, nonce: 'nonce-123', realm: { name: 'main', displayName: 'Example Corp' } };
}

const post = (href: string, fields: Record<string, string>): ActionLink => ({ method: 'POST', href, fields });
const get = (href: string): ActionLink => ({ method: 'GET', href });
const SUBMIT = post('/realms/main/login-actions/authenticate?tab_id=tab-1', { csrf: 'csrf-token-1', step: '3', execution: 'exec-7' });
const STATUS = get('/realms/main/login-actions/status?tab_id=tab-1&step=3');

/** A step of `view`, with every optional part present (errors, messages, alternatives), so every branch renders. */
export function stepDocument(view: string, overrides: Partial<StepDocument> = {}): StepDocument {
  return {
    type: 'step',
    realm: 'main',
    tabId: 'tab-1',
    step: 3,
    execution: 'exec-7',
    view,
    model: {},
    fields: [],
    fieldErrors: {},
    messages: [],
    alternatives: [{ id: 'exec-8', label: 'Your existing session' }],
    actions: {
      submit: SUBMIT,
      tryAnotherWay: post('/realms/main/login-actions/try-another-way?tab_id=tab-1', { csrf: 'csrf-token-1', step: '3' }),
      restart: get('/realms/main/login-actions/restart?tab_id=tab-1'),
      status: STATUS,
    },
    locale: 'en',
    ...overrides,
  };
}

/** The identify-email step as the HTTP layer would build it, with a field error and messages of every kind. */
export function identifyEmailStep(overrides: Partial<StepDocument> = {}): StepDocument {
  return stepDocument('identify-email', {
    fields: [
      { name: 'email', type: 'email', label: 'field.email', labelText: 'Email address', required: true, autocomplete: 'email', inputMode: 'email', maxLength: 254, value: 'ann@example.com' },
    ],
    fieldErrors: { email: { key: 'error.invalidEmail', text: 'Enter an email address in the correct format.' } },
    messages: [
      { kind: 'error', key: 'error.accessDenied', text: 'Access denied.' },
      { kind: 'info', key: 'x.info', text: 'An info message.' },
      { kind: 'success', key: 'x.success', text: 'A success message.' },
      { kind: 'warning', key: 'x.warning', text: 'A warning message.' },
    ],
    ...overrides,
  });
}

/** The update-profile required action: labels come from the realm's profile, already translated. */
export function updateProfileStep(): StepDocument {
  return stepDocument('update-profile', {
    execution: 'required-action/update-profile',
    alternatives: [],
    model: { email: 'ann@example.com' },
    fields: [
      { name: 'firstName', type: 'text', label: 'profile.firstName', labelText: 'First name', required: true, maxLength: 100, autocomplete: 'given-name' },
      {
        name: 'country',
        type: 'select',
        label: 'profile.country',
        labelText: 'Country',
        required: false,
        options: [{ value: 'DE', label: 'DE', labelText: 'Germany' }],
      },
    ],
    fieldErrors: { firstName: { key: 'error.profile.required', text: 'Enter your first name.' } },
  });
}

/** The terms-and-conditions required action: plain-text paragraphs, accept or decline. */
export function termsStep(): StepDocument {
  return stepDocument('terms-and-conditions', {
    execution: 'required-action/terms-and-conditions',
    alternatives: [],
    model: { version: '2026-01', textLocale: 'en', paragraphs: ['First paragraph <b>not markup</b>.', 'Second\nline.'] },
  });
}

/** The "try another way" step: the executor's selector view. */
export function selectAuthenticatorStep(): StepDocument {
  return stepDocument('select-authenticator', {
    model: {
      options: [
        { id: 'exec-1', displayKey: 'authenticator.cookie', displayName: 'Cookie' },
        { id: 'exec-2', displayKey: 'flow.custom-admin-flow', displayName: 'Company VPN sign-in' },
        { id: 'exec-3', displayKey: 'authenticator.identify-email', displayName: 'Identify by email', label: 'Already translated' },
      ],
    },
    fields: [{ name: 'choice', type: 'select', label: 'field.authenticator', labelText: 'Sign-in method', required: true, options: [] }],
    alternatives: [],
    actions: { submit: SUBMIT, restart: get('/realms/main/login-actions/restart?tab_id=tab-1'), status: STATUS },
  });
}

/** A model for every core page, with every optional part present. */
export const CORE_MODELS: { [K in keyof CorePageModels]: CorePageModels[K] | StepDocument } = {
  error: {
    titleKey: 'page.error.title',
    messageKey: 'error.rateLimited',
    messageParams: { seconds: 30 },
    message: 'Too many attempts; wait a moment and try again',
    code: 'FG_RATE_LIMITED',
    requestId: 'req-42',
    actions: { continue: get('/realms/main/login-actions/authenticate?tab_id=tab-1'), restart: post('/realms/main/login-actions/restart', { csrf: 'c' }) },
  },
  'page-expired': {
    actions: { continue: get('/realms/main/login-actions/authenticate?tab_id=tab-1'), restart: get('/realms/main/login-actions/restart?tab_id=tab-1') },
  },
  'select-authenticator': selectAuthenticatorStep(),
  account: {
    user: { email: 'ann@example.com' },
    profile: [
      { label: 'Vorname', value: 'Ann' },
      { label: 'Newsletter', valueKey: 'page.account.yes' },
      { label: 'Team', valueKey: 'page.account.notGiven' },
    ],
    editProfile: get('/realms/main/login?kc_action=update-profile'),
    sessions: [
      { createdAt: new Date('2026-03-01T08:30:00Z'), lastSeenAt: '2026-03-02T17:05:00Z', ip: '203.0.113.9', current: true, signOut: post('/realms/main/account/sessions/end', { csrf: 'c', session: 's1' }) },
      { createdAt: Date.parse('2026-02-10T12:00:00Z'), lastSeenAt: '2026-02-11T12:00:00Z', current: false, signOut: post('/realms/main/account/sessions/end', { csrf: 'c', session: 's2' }) },
    ],
    signOutEverywhere: post('/realms/main/account/sessions/end-all', { csrf: 'c' }),
  },
  'logout-confirm': { signOut: post('/realms/main/logout', { csrf: 'c', state: 'st' }), cancel: get('/realms/main/account') },
  'logged-out': { signIn: get('/realms/main/login') },
  'link-confirm': {
    message: 'Verify the email address a…@example.com and continue signing in.',
    confirm: post('/realms/main/login-actions/link', { csrf: 'c', key: 'k' }),
    choices: [17, 42, 86].map((number) => ({ number, action: post('/realms/main/login-actions/link', { csrf: 'c', key: 'k', number: String(number) }) })),
    origin: { device: 'Firefox on Windows', startedAt: Date.parse('2026-03-01T08:30:00Z') },
    reject: post('/realms/main/login-actions/reject-link', { csrf: 'c', key: 'k' }),
  },
  'link-done': {},
  'link-rejected': {},
  'link-invalid': { code: 'FG_LINK_USED', message: 'This link has already been used.' },
  consent: {
    clientId: 'partner-app',
    scopeKeys: ['consent.scope.openid', 'consent.scope.email', 'consent.scope.profile'],
    allow: { method: 'POST', href: '/realms/main/login-actions/oidc/uid-1/consent', fields: { csrf: 'c', decision: 'allow' } },
    deny: { method: 'POST', href: '/realms/main/login-actions/oidc/uid-1/consent', fields: { csrf: 'c', decision: 'deny' } },
  },
};

/** The verify-email required action's waiting page. */
export function verifyEmailStep(): StepDocument {
  return stepDocument('verify-email', {
    execution: 'required-action/verify-email',
    alternatives: [],
    fields: [],
    model: { email: 'a…@example.com', lifetimeKey: 'verifyEmail.lifetime.hours', lifetimeCount: 12, resendInSeconds: 0, pollSeconds: 3 },
  });
}

/** Every shipped page with a model exercising it: the core pages and the built-in plugins' views. */
export function everyPage(): Array<[string, Record<string, unknown>]> {
  return [
    ...Object.entries(CORE_MODELS).map(([name, model]) => [name, model as unknown as Record<string, unknown>] as [string, Record<string, unknown>]),
    ['identify-email', identifyEmailStep() as unknown as Record<string, unknown>],
    ['update-profile', updateProfileStep() as unknown as Record<string, unknown>],
    ['terms-and-conditions', termsStep() as unknown as Record<string, unknown>],
    ['verify-email', verifyEmailStep() as unknown as Record<string, unknown>],
    ['email-otp', emailOtpStep() as unknown as Record<string, unknown>],
    ['email-otp-email', emailOtpEmailStep() as unknown as Record<string, unknown>],
    ['magic-link', magicLinkStep() as unknown as Record<string, unknown>],
    ['magic-link-email', magicLinkEmailStep() as unknown as Record<string, unknown>],
    ['passkey', passkeyStep() as unknown as Record<string, unknown>],
    ['register-passkey', registerPasskeyStep() as unknown as Record<string, unknown>],
    ['admin-bootstrap', { email: 'ann@example.com', confirm: post('/admin/bootstrap', { csrf: 'c', key: 'k' }) }],
    ['admin-bootstrap-invalid', { code: 'FG_LINK_USED', message: 'This link has already been used.' }],
  ];
}

/** The account page with passkeys: one synced, one the last (removal warned), and the "add" link. */
export function accountWithPasskeys(): Record<string, unknown> {
  return {
    ...CORE_MODELS.account,
    passkeys: [
      { label: 'Laptop <b>', createdAt: Date.parse('2026-03-01T08:30:00Z'), lastUsedAt: Date.parse('2026-03-02T08:30:00Z'), synced: true, last: false, rename: post('/realms/main/account/passkeys/rename', { csrf: 'c', passkey: 'p1' }), remove: post('/realms/main/account/passkeys/remove', { csrf: 'c', passkey: 'p1' }) },
      { label: 'Key', createdAt: Date.parse('2026-03-01T08:30:00Z'), synced: false, last: true, rename: post('/realms/main/account/passkeys/rename', { csrf: 'c', passkey: 'p2' }), remove: post('/realms/main/account/passkeys/remove', { csrf: 'c', passkey: 'p2' }) },
    ],
    addPasskey: get('/realms/main/login?kc_action=register-passkey'),
  };
}

/** The passkey sign-in page (first factor: any passkey), after a failed try. */
export function passkeyStep(): StepDocument {
  return stepDocument('passkey', {
    model: { publicKey: { challenge: 'c2lnbi1pbg', rpId: 'localhost', allowCredentials: [], userVerification: 'required', timeout: 300000 }, discoverable: true, credentialField: 'credential' },
    fields: [{ name: 'credential', type: 'hidden', label: 'passkey.field.credential', labelText: 'Passkey', required: false, maxLength: 4000 }],
    messages: [{ kind: 'error', key: 'passkey.error.failed', text: 'That passkey could not sign you in.' }],
  });
}

/** The register-passkey required action's offer, skippable. */
export function registerPasskeyStep(): StepDocument {
  return stepDocument('register-passkey', {
    execution: 'required-action/register-passkey',
    alternatives: [],
    model: {
      publicKey: { challenge: 'cmVnaXN0ZXI', rp: { id: 'localhost', name: 'Example Corp' }, user: { id: 'dQ', name: 'ann@example.com', displayName: 'ann@example.com' }, pubKeyCredParams: [] },
      skippable: true,
      email: 'ann@example.com',
      credentialField: 'credential',
      register: { field: 'action', value: 'register' },
      skip: { field: 'action', value: 'skip' },
    },
    fields: [
      { name: 'label', type: 'text', label: 'passkey.field.label', labelText: 'Name for this passkey', required: false, maxLength: 64, autocomplete: 'off' },
      { name: 'credential', type: 'hidden', label: 'passkey.field.credential', labelText: 'Passkey', required: false, maxLength: 4000 },
    ],
  });
}

/** The email-otp code page, with a field error, the security phrase and a warning. */
export function emailOtpStep(): StepDocument {
  return stepDocument('email-otp', {
    model: { email: 'ann@example.com', codeLength: 6, alphabet: 'digits', expiresAt: 0, resendAvailableAt: 0, resend: { field: 'resend', value: 'true' }, securityPhrase: 'brave otter' },
    fields: [{ name: 'code', type: 'code', label: 'emailOtp.field.code', labelText: 'Code', required: true, autocomplete: 'one-time-code', inputMode: 'numeric', maxLength: 12 }],
    fieldErrors: { code: { key: 'emailOtp.error.invalidCode', text: 'That code is not right.' } },
    messages: [
      { kind: 'info', key: 'emailOtp.sent', text: 'If ann@example.com can sign in here, we sent a code to it.' },
      { kind: 'warning', key: 'emailOtp.resendWait', text: 'Please wait 30 seconds.' },
    ],
  });
}

/** The email-otp address page (for flows without identify-email). */
export function emailOtpEmailStep(): StepDocument {
  return stepDocument('email-otp-email', {
    fields: [{ name: 'email', type: 'email', label: 'emailOtp.field.email', labelText: 'Email address', required: true, autocomplete: 'email', inputMode: 'email', maxLength: 254 }],
  });
}

/** The magic-link waiting page, with its code field (and a field error), the security phrase and a warning. */
export function magicLinkStep(): StepDocument {
  return stepDocument('magic-link', {
    model: {
      email: 'ann@example.com',
      expiresAt: 0,
      resendAvailableAt: 0,
      actionField: 'action',
      resend: { field: 'action', value: 'resend' },
      continue: { field: 'action', value: 'continue' },
      codeEntry: true,
      pollSeconds: 3,
      securityPhrase: 'brave otter',
    },
    fields: [{ name: 'code', type: 'code', label: 'magicLink.field.code', labelText: 'Code from the email', required: false, autocomplete: 'one-time-code', inputMode: 'numeric', maxLength: 12 }],
    fieldErrors: { code: { key: 'magicLink.error.invalidCode', text: 'That code is not right.' } },
    messages: [
      { kind: 'info', key: 'magicLink.sent', text: 'If ann@example.com can sign in here, we sent a sign-in email to it.' },
      { kind: 'warning', key: 'magicLink.resendWait', text: 'Please wait 60 seconds.' },
    ],
  });
}

/** The magic-link address page (for flows without identify-email). */
export function magicLinkEmailStep(): StepDocument {
  return stepDocument('magic-link-email', {
    fields: [{ name: 'email', type: 'email', label: 'magicLink.field.email', labelText: 'Email address', required: true, autocomplete: 'email', inputMode: 'email', maxLength: 254 }],
  });
}

/** A temporary directory, removed by `cleanup`. */
export function tempDir(): { dir: string; write(path: string, content: string): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'flowgate-theme-'));
  return {
    dir,
    write(path, content) {
      const file = join(dir, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
      return file;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The opening tags named `tag` in `html`, each as its attribute map (a minimal parser: enough for generated markup). */
export function tags(html: string, tag: string): Array<Record<string, string>> {
  const found: Array<Record<string, string>> = [];
  for (const match of html.matchAll(new RegExp(`<${tag}(\\s[^>]*)?>`, 'gi'))) {
    const attrs: Record<string, string> = {};
    for (const attr of (match[1] ?? '').matchAll(/([a-zA-Z-:]+)(?:="([^"]*)")?/g)) attrs[attr[1]!.toLowerCase()] = attr[2] ?? '';
    found.push(attrs);
  }
  return found;
}

/** The text between `<tag ...>` and `</tag>` of each `tag` element (not nested). */
export function contents(html: string, tag: string): string[] {
  return [...html.matchAll(new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'gi'))].map((m) => m[1]!);
}
