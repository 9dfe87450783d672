import { CORE_PAGES } from '../../../src/http/contracts';
import { codeOf } from '../../support/error-code';
import { CORE_MODELS, contents, context, everyPage, identifyEmailStep, selectAuthenticatorStep, shippedRenderer, stepDocument, tags } from './render-kit';

const { renderer } = shippedRenderer();

describe('every shipped page', () => {
  const cases = everyPage().flatMap(([name, model]) => ['en', 'de'].map((locale) => [name, locale, model] as const));

  it('covers the core pages and the built-in views', () => {
    const views = ['identify-email', 'update-profile', 'terms-and-conditions', 'verify-email', 'email-otp', 'email-otp-email', 'magic-link', 'magic-link-email', 'passkey', 'register-passkey', 'admin-bootstrap', 'admin-bootstrap-invalid'];
    expect(new Set(everyPage().map(([name]) => name))).toEqual(new Set([...CORE_PAGES, ...views]));
    expect(renderer.pageNames).toEqual([...CORE_PAGES, ...views].sort());
  });

  it.each(cases)('%s renders in %s with every message key known (strict)', (name, locale, model) => {
    const html = renderer.render(name, model, context(locale));
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(tags(html, 'html')).toEqual([{ lang: locale }]);
  });

  it.each(cases)('%s in %s has the landmarks and the heading a screen reader needs', (name, locale, model) => {
    const html = renderer.render(name, model, context(locale));
    const h1 = contents(html, 'h1');
    expect(h1).toHaveLength(1);
    const [title] = contents(html, 'title');
    // The document title starts with the heading's text and names the realm.
    expect(title).toBe(`${h1[0]} – Example Corp`);
    expect(tags(html, 'main')).toHaveLength(1);
    expect(tags(html, 'link')).toEqual([
      { rel: 'icon', href: '/static/favicon.svg', type: 'image/svg+xml' },
      { rel: 'stylesheet', href: '/static/flowgate.css' },
    ]);
  });

  it.each(cases)('%s in %s labels every input and links every description', (name, locale, model) => {
    const html = renderer.render(name, model, context(locale));
    const ids = [...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    const labelled = new Set(tags(html, 'label').map((label) => label.for));
    const controls = [...tags(html, 'input'), ...tags(html, 'select'), ...tags(html, 'textarea')].filter((c) => c.type !== 'hidden');
    for (const control of controls) {
      expect(control.id).toBeDefined();
      expect(labelled.has(control.id!)).toBe(true);
    }
    for (const described of html.matchAll(/aria-describedby="([^"]*)"/g)) {
      for (const id of described[1]!.split(/\s+/)) expect(ids).toContain(id);
    }
  });

  it.each(cases)('%s in %s is CSP-clean and keyboard-safe', (name, locale, model) => {
    const html = renderer.render(name, model, context(locale));
    expect(html).not.toMatch(/\sstyle=/i);
    // Scripts only from this server's /static/ (CSP 'self'), never inline.
    expect(html).not.toMatch(/<style|\son[a-z]+=/i);
    for (const script of html.matchAll(/<script([^>]*)>([^<]*)<\/script>/g)) {
      expect(script[1]).toMatch(/\ssrc="\/static\/[a-z-]+\.js"/);
      expect(script[2]).toBe('');
    }
    expect(html).not.toMatch(/tabindex="[1-9]/);
    // Actions are buttons, never inputs pretending to be buttons.
    expect(tags(html, 'input').filter((i) => ['submit', 'button', 'image', 'reset'].includes(i.type ?? ''))).toEqual([]);
    for (const button of tags(html, 'button')) expect(button.type).toBe('submit');
  });
});

describe('escaping', () => {
  it('escapes model values wherever they appear', () => {
    const hostile = '<script>alert(1)</script>"\'';
    const html = renderer.render(
      'account',
      { ...CORE_MODELS.account, user: { email: hostile }, profile: [{ label: hostile, value: hostile }] } as unknown as Record<string, unknown>,
      context('en'),
    );
    expect(html).not.toContain('<script>');
    expect(html.match(/&lt;script&gt;alert\(1\)&lt;\/script&gt;&quot;&#x27;/g)).toHaveLength(3);
  });

  it('escapes step values: field values, labels, errors, messages and hidden fields', () => {
    const hostile = '"><script>x()</script>';
    const step = identifyEmailStep({
      fields: [{ name: 'email', type: 'email', label: 'field.email', labelText: hostile, required: true, value: hostile }],
      fieldErrors: { email: { key: 'k', text: hostile } },
      messages: [{ kind: 'info', key: 'k', text: hostile }],
    });
    const html = renderer.render('identify-email', { ...step, actions: { ...step.actions, submit: { ...step.actions.submit, fields: { csrf: hostile } } } }, context('en'));
    expect(html).not.toContain('<script>');
    expect(html.match(/&quot;&gt;&lt;script&gt;/g)?.length).toBeGreaterThanOrEqual(5);
  });

  it('escapes message placeholders filled from the model', () => {
    const html = renderer.render('error', { ...CORE_MODELS.error, messageParams: { seconds: '<b>5</b>' } } as Record<string, unknown>, context('en'));
    expect(html).toContain('wait &lt;b&gt;5&lt;/b&gt; seconds');
  });
});

describe('the step form', () => {
  const html = renderer.render('identify-email', identifyEmailStep() as unknown as Record<string, unknown>, context('en'));
  const [form] = tags(html, 'form');

  it('posts to the step with its hidden fields', () => {
    expect(form).toMatchObject({ method: 'post', action: '/realms/main/login-actions/authenticate?tab_id&#x3D;tab-1' });
    const hidden = tags(html, 'input').filter((i) => i.type === 'hidden');
    expect(hidden).toEqual(
      expect.arrayContaining([
        { type: 'hidden', name: 'csrf', value: 'csrf-token-1' },
        { type: 'hidden', name: 'step', value: '3' },
        { type: 'hidden', name: 'execution', value: 'exec-7' },
      ]),
    );
  });

  it('renders the field with its FormField attributes, label and linked error', () => {
    const [input] = tags(html, 'input').filter((i) => i.name === 'email');
    expect(input).toMatchObject({
      type: 'email',
      id: 'field-email',
      value: 'ann@example.com',
      maxlength: '254',
      autocomplete: 'email',
      inputmode: 'email',
      'aria-invalid': 'true',
      'aria-describedby': 'field-email-error',
    });
    expect(input).toHaveProperty('required');
    expect(html).toContain('<label class="fg-label" for="field-email">Email address</label>');
    expect(html).toMatch(/<p class="fg-field-error" id="field-email-error">.*Enter an email address in the correct format\.<\/p>/);
  });

  it('summarises errors in one alert region linking to the fields, other messages as status', () => {
    const alerts = tags(html, 'div').filter((d) => d.role === 'alert');
    expect(alerts).toHaveLength(1);
    const [summary] = html.match(/<div class="fg-alert fg-alert--error" role="alert">[\s\S]*?<\/div>/)!;
    expect(summary).toContain('<li>Access denied.</li>');
    expect(summary).toContain('<a href="#field-email">Enter an email address in the correct format.</a>');
    expect(tags(html, 'div').filter((d) => d.role === 'status').map((d) => d.class)).toEqual([
      'fg-alert fg-alert--info',
      'fg-alert fg-alert--success',
      'fg-alert fg-alert--warning',
    ]);
  });

  it('offers "try another way" as a POST with its hidden fields, and "start again"', () => {
    expect(html).toMatch(
      /<form class="fg-inline-form" method="post" action="\/realms\/main\/login-actions\/try-another-way\?tab_id&#x3D;tab-1">\s*<input type="hidden" name="csrf" value="csrf-token-1">\s*<input type="hidden" name="step" value="3">\s*<button class="fg-link-button" type="submit">Try another way<\/button>/,
    );
    expect(html).toContain('<a class="fg-link" href="/realms/main/login-actions/restart?tab_id&#x3D;tab-1">Start again</a>');
  });

  it('shows no alert and no "try another way" when there is none', () => {
    const plain = renderer.render(
      'identify-email',
      identifyEmailStep({ fieldErrors: {}, messages: [], alternatives: [], actions: { submit: identifyEmailStep().actions.submit, restart: identifyEmailStep().actions.restart, status: identifyEmailStep().actions.status } }) as unknown as Record<string, unknown>,
      context('en'),
    );
    expect(plain).not.toContain('role="alert"');
    expect(plain).not.toContain('aria-invalid');
    expect(plain).not.toContain('Try another way');
  });

  it('renders code, checkbox, select, textarea and hidden fields', () => {
    const step = stepDocument('identify-email', {
      fields: [
        { name: 'otp', type: 'code', label: 'k', labelText: 'Code', required: true, maxLength: 6 },
        { name: 'terms', type: 'checkbox', label: 'k', labelText: 'I agree', value: 'true' },
        { name: 'color', type: 'select', label: 'k', labelText: 'Method', value: 'b', options: [
            // The HTTP layer translates option labels into labelText, like field labels.
            { value: 'a', label: 'field.email', labelText: 'E-Mail-Adresse' },
            { value: 'b', label: 'field.authenticator', labelText: 'Anmeldemethode' },
          ],
        },
        { name: 'note', type: 'textarea', label: 'k', labelText: 'Note', value: 'hi' },
        { name: 'nonce', type: 'hidden', label: 'k', labelText: '', value: 'n1' },
      ],
    });
    const out = renderer.render('identify-email', step as unknown as Record<string, unknown>, context('de'));
    expect(tags(out, 'input').find((i) => i.name === 'otp')).toMatchObject({ type: 'text', autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: '6' });
    expect(tags(out, 'input').find((i) => i.name === 'terms')).toMatchObject({ type: 'checkbox', id: 'field-terms', checked: '' });
    expect(out).toContain('<option value="b" selected>Anmeldemethode</option>');
    expect(out).toContain('<option value="a">E-Mail-Adresse</option>');
    expect(out).toMatch(/<textarea [^>]*id="field-note"[^>]*>hi<\/textarea>/);
    expect(tags(out, 'input').find((i) => i.name === 'nonce')).toEqual({ type: 'hidden', name: 'nonce', value: 'n1' });
    // Fields that are not required say so; required ones do not.
    expect(out).toContain('for="field-note">Note <span class="fg-optional">(optional)</span>');
    expect(out).toContain('for="field-otp">Code</label>');
  });
});

describe('core pages', () => {
  it('select-authenticator: one submit button per option, sending choice=<id> with the hidden fields', () => {
    const html = renderer.render('select-authenticator', selectAuthenticatorStep() as unknown as Record<string, unknown>, context('en'));
    const choices = tags(html, 'button').filter((b) => b.name === 'choice');
    expect(choices.map((b) => b.value)).toEqual(['exec-1', 'exec-2', 'exec-3']);
    // A message key when the bundles have it, the plain-words name otherwise, a given label first.
    expect(contents(html, 'button').slice(0, 3)).toEqual(['Your existing session', 'Company VPN sign-in', 'Already translated']);
    const [form] = html.match(/<form class="fg-form"[\s\S]*?<\/form>/)!;
    expect(form).toContain('<input type="hidden" name="csrf" value="csrf-token-1">');
    expect(form).toContain('<legend class="fg-visually-hidden">Sign-in method</legend>');
  });

  it('error: the translated explanation with its placeholder, the code, the reference and the actions', () => {
    const html = renderer.render('error', CORE_MODELS.error as unknown as Record<string, unknown>, context('de'));
    expect(contents(html, 'h1')).toEqual(['Etwas ist schiefgelaufen']);
    expect(html).toContain('Bitte warten Sie 30 Sekunden');
    expect(html).toContain('<code>FG_RATE_LIMITED</code>');
    expect(html).toContain('<code>req-42</code>');
    expect(html).toContain('>Dort weitermachen, wo ich war</a>');
    expect(html).toMatch(/<form class="fg-inline-form" method="post" action="\/realms\/main\/login-actions\/restart">\s*<input type="hidden" name="csrf" value="c">/);
  });

  it('error: falls back to the given text without a message key, and to the generic title', () => {
    const html = renderer.render('error', { message: 'The registry text', code: 'FG_X', requestId: 'r1' }, context('en'));
    expect(contents(html, 'h1')).toEqual(['Something went wrong']);
    expect(html).toContain('<p class="fg-lead">The registry text</p>');
    expect(html).not.toContain('fg-actions');
  });

  it('page-expired: "continue where I was" and "start again" links', () => {
    const html = renderer.render('page-expired', CORE_MODELS['page-expired'] as unknown as Record<string, unknown>, context('en'));
    expect(tags(html, 'a').filter((a) => a.class?.startsWith('fg-button'))).toEqual([
      { class: 'fg-button fg-button--primary', href: '/realms/main/login-actions/authenticate?tab_id&#x3D;tab-1' },
      { class: 'fg-button fg-button--secondary', href: '/realms/main/login-actions/restart?tab_id&#x3D;tab-1' },
    ]);
  });

  it('account: sessions with dates in the locale, the current one marked, a POST sign-out each and everywhere', () => {
    const html = renderer.render('account', CORE_MODELS.account as unknown as Record<string, unknown>, context('de'));
    expect(html).toContain('<time datetime="2026-03-01T08:30:00.000Z">1. März 2026, 08:30 UTC</time>');
    expect(html).toContain('<time datetime="2026-02-10T12:00:00.000Z">10. Feb. 2026, 12:00 UTC</time>');
    expect(html.match(/Dieser Browser/g)).toHaveLength(1);
    expect(html).toContain('<dd>203.0.113.9</dd>');
    const forms = tags(html, 'form');
    expect(forms).toHaveLength(3);
    for (const form of forms) expect(form.method).toBe('post');
    expect(html).toContain('<input type="hidden" name="session" value="s2">');
    const buttons = tags(html, 'button');
    expect(buttons.map((b) => b['aria-describedby'])).toEqual(['session-0', 'session-1', 'sign-out-everywhere-hint']);
  });

  it('account: the profile as terms and values, worded values in the locale, and the edit link', () => {
    const html = renderer.render('account', CORE_MODELS.account as unknown as Record<string, unknown>, context('de'));
    expect(html).toContain('<div><dt>Vorname</dt><dd>Ann</dd></div>');
    expect(html).toContain('<div><dt>Newsletter</dt><dd>Ja</dd></div>');
    expect(html).toContain('<div><dt>Team</dt><dd>Nicht angegeben</dd></div>');
    expect(tags(html, 'a').filter((a) => a.href?.includes('kc_action'))).toEqual([{ class: 'fg-link', href: '/realms/main/login?kc_action&#x3D;update-profile' }]);
    expect(html).toContain('>Profil bearbeiten</a>');

    const plain = renderer.render('account', { ...CORE_MODELS.account, profile: [], editProfile: undefined } as unknown as Record<string, unknown>, context('en'));
    expect(plain).not.toContain('kc_action');
  });

  it('account: dates follow the model time zone and the English format', () => {
    const html = renderer.render('account', { ...CORE_MODELS.account, timeZone: 'America/New_York' } as unknown as Record<string, unknown>, context('en'));
    expect(html).toContain('<time datetime="2026-03-01T08:30:00.000Z">Mar 1, 2026, 03:30 AM EST</time>');
  });

  it('logout-confirm: signing out is a POST with the hidden fields, even for a GET link', () => {
    const html = renderer.render('logout-confirm', { signOut: { method: 'GET', href: '/realms/main/logout', fields: { csrf: 'c', state: 'st' } } }, context('en'));
    expect(html).toMatch(
      /<form class="fg-inline-form" method="post" action="\/realms\/main\/logout">\s*<input type="hidden" name="csrf" value="c">\s*<input type="hidden" name="state" value="st">\s*<button class="fg-button fg-button--primary" type="submit">Sign out<\/button>/,
    );
    expect(tags(html, 'a').filter((a) => a.href === '/realms/main/logout')).toEqual([]);
  });

  it('logged-out: renders with and without a sign-in link', () => {
    expect(renderer.render('logged-out', CORE_MODELS['logged-out'] as unknown as Record<string, unknown>, context('en'))).toContain('href="/realms/main/login">Sign in again</a>');
    expect(renderer.render('logged-out', {}, context('en'))).not.toContain('Sign in again');
  });
});

describe('links', () => {
  it.each([
    ['another origin', 'https://evil.example/'],
    ['a protocol-relative URL', '//evil.example/x'],
    ['a backslash trick', '/\\evil.example'],
    ['a script URL', 'javascript:alert(1)'],
    ['a relative path', 'login'],
    ['no href', undefined],
  ])('refuses %s (FG_PAGE_LINK_INVALID)', (_label, href) => {
    const model = { signIn: { method: 'GET', href } };
    expect(codeOf(() => renderer.render('logged-out', model, context('en')))).toBe('FG_PAGE_LINK_INVALID');
  });
});
