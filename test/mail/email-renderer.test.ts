import { codeOf } from '../support/error-code';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBundles } from '../../src/i18n';
import { EmailRenderer, subjectKey, type EmailRendererOptions } from '../../src/mail';
import { EMAIL_TEMPLATES, MESSAGES, PUBLIC_URL, shippedRenderer, tempDir } from './mail-test-kit';


describe('EmailRenderer with the shipped templates', () => {
  const renderer = shippedRenderer();

  it('knows the test message', () => {
    expect(renderer.types).toContain('test-message');
    expect(subjectKey('test-message')).toBe('email.testMessage.subject');
  });

  it.each([
    ['en', 'Test email from Flowgate', 'Mail delivery works'],
    ['de', 'Test-E-Mail von Flowgate', 'Der E-Mail-Versand funktioniert'],
    ['de-CH', 'Test-E-Mail von Flowgate', 'Der E-Mail-Versand funktioniert'],
    ['fr', 'Test email from Flowgate', 'Mail delivery works'],
  ])('renders the test message in %s (strict: every key and placeholder resolves)', (locale, subject, heading) => {
    const mail = renderer.render({ template: 'test-message', locale, model: { realm: 'main' } });
    expect(mail.subject).toBe(subject);
    expect(mail.html).toContain(`<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3;">${heading}</h1>`);
    expect(mail.html).toContain(`<html lang="${mail.locale}">`);
    expect(mail.text).toContain(heading);
    expect(mail.html).toContain('href="https://id.example.test/auth/"');
    expect(mail.text).toContain('https://id.example.test/auth/');
  });

  it('escapes values in HTML and leaves them alone in text', () => {
    const mail = renderer.render({ template: 'test-message', locale: 'en', model: { realm: '<img src=x onerror=alert(1)>&' } });
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;&amp;');
    expect(mail.text).toContain('<img src=x onerror=alert(1)>&');
  });

  it('does not let the model replace t, locale or publicUrl', () => {
    const mail = renderer.render({ template: 'test-message', locale: 'de', model: { realm: 'r', t: 'x', locale: 'en', publicUrl: 'https://evil.example/' } });
    expect(mail.locale).toBe('de');
    expect(mail.html).toContain('lang="de"');
    expect(mail.html).not.toContain('evil.example');
  });

  it('refuses an unknown message type', () => {
    expect(codeOf(() => renderer.render({ template: 'nope', locale: 'en', model: {} }))).toBe('FG_TEMPLATE_MISSING');
  });
});

describe('EmailRenderer with template and message directories', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  function files(sub: string, content: Record<string, string>): string {
    const target = join(dir, sub);
    mkdirSync(target, { recursive: true });
    for (const [name, text] of Object.entries(content)) writeFileSync(join(target, name), text);
    return target;
  }

  function build(overrides: Partial<EmailRendererOptions> & { messages?: string[] } = {}): EmailRenderer {
    return new EmailRenderer({
      templateDirs: [EMAIL_TEMPLATES],
      bundles: loadBundles(overrides.messages ?? [MESSAGES]),
      publicUrl: PUBLIC_URL,
      strict: true,
      ...overrides,
    });
  }

  it('adds a message type by dropping in two templates and its messages', () => {
    const plugin = files('plugin', {
      'hello-link.html.hbs': '<p>{{t "email.helloLink.body" name=name}}</p><a href="{{absoluteUrl link}}">go</a>',
      'hello-link.text.hbs': '{{t "email.helloLink.body" name=name}}\n{{absoluteUrl link}}',
    });
    const messages = files('messages', { 'en.json': JSON.stringify({ 'email.helloLink.subject': 'Hi {name}', 'email.helloLink.body': 'Welcome, {name}!' }) });
    const renderer = build({ templateDirs: [EMAIL_TEMPLATES, plugin], messages: [MESSAGES, messages], requiredTypes: ['hello-link'] });
    const mail = renderer.render({ template: 'hello-link', locale: 'en', model: { name: 'Ada', link: '/realms/main/go?token=t0k' } });
    expect(mail.subject).toBe('Hi Ada');
    expect(mail.html).toContain('href="https://id.example.test/auth/realms/main/go?token&#x3D;t0k"');
    expect(mail.text).toContain('Welcome, Ada!\nhttps://id.example.test/auth/realms/main/go?token=t0k');
    expect(mail.text).toContain('Replies to it are not read.');
  });

  it('keeps the subject on one line whatever the values hold', () => {
    const plugin = files('plugin', { 'hello-link.html.hbs': 'x', 'hello-link.text.hbs': 'x' });
    const messages = files('messages', { 'en.json': JSON.stringify({ 'email.helloLink.subject': 'Hi {name}' }) });
    const renderer = build({ templateDirs: [EMAIL_TEMPLATES, plugin], messages: [MESSAGES, messages] });
    const mail = renderer.render({ template: 'hello-link', locale: 'en', model: { name: 'Ada\r\nBcc: victim@example.test' } });
    expect(mail.subject).toBe('Hi Ada Bcc: victim@example.test');
  });

  it('fails the render when a template links outside the public URL', () => {
    const plugin = files('plugin', { 'hello-link.html.hbs': '<a href="{{absoluteUrl link}}">x</a>', 'hello-link.text.hbs': '{{absoluteUrl link}}' });
    const messages = files('messages', { 'en.json': JSON.stringify({ 'email.helloLink.subject': 'Hi' }) });
    const renderer = build({ templateDirs: [EMAIL_TEMPLATES, plugin], messages: [MESSAGES, messages] });
    expect(codeOf(() => renderer.render({ template: 'hello-link', locale: 'en', model: { link: 'https://evil.example/' } }))).toBe('FG_LINK_OUTSIDE_PUBLIC_URL');
    expect(codeOf(() => renderer.render({ template: 'hello-link', locale: 'en', model: {} }))).toBe('FG_LINK_OUTSIDE_PUBLIC_URL');
  });

  it('lets a theme replace one template file', () => {
    const theme = files('theme', { 'test-message.text.hbs': 'THEMED {{t "email.testMessage.heading"}}' });
    const mail = build({ templateDirs: [EMAIL_TEMPLATES, theme] }).render({ template: 'test-message', locale: 'en', model: { realm: 'r' } });
    expect(mail.text.startsWith('THEMED Mail delivery works')).toBe(true);
    expect(mail.html).toContain('Mail delivery works</h1>');
  });

  it('refuses at construction: a missing layout, half a pair, a required type, a missing directory', () => {
    const noLayout = files('no-layout', { 'x.html.hbs': 'x', 'x.text.hbs': 'x' });
    expect(codeOf(() => build({ templateDirs: [noLayout] }))).toBe('FG_TEMPLATE_MISSING');
    const half = files('half', { 'hello-link.html.hbs': 'x' });
    expect(codeOf(() => build({ templateDirs: [EMAIL_TEMPLATES, half] }))).toBe('FG_TEMPLATE_MISSING');
    expect(codeOf(() => build({ requiredTypes: ['magic-link'] }))).toBe('FG_TEMPLATE_MISSING');
    expect(codeOf(() => build({ templateDirs: [join(dir, 'absent')] }))).toBe('FG_TEMPLATE_MISSING');
  });

  it('refuses at construction: a template that does not parse, a type without its subject message', () => {
    const broken = files('broken', { 'test-message.html.hbs': '{{#if x}}unclosed' });
    expect(codeOf(() => build({ templateDirs: [EMAIL_TEMPLATES, broken] }))).toBe('FG_TEMPLATE_INVALID');
    const noSubject = files('no-subject', { 'hello-link.html.hbs': 'x', 'hello-link.text.hbs': 'x' });
    expect(codeOf(() => build({ templateDirs: [EMAIL_TEMPLATES, noSubject] }))).toBe('FG_UNKNOWN_MESSAGE_KEY');
  });

  it('in strict mode, fails on an unknown key used by a template', () => {
    const theme = files('theme', { 'test-message.text.hbs': '{{t "email.testMessage.typo"}}' });
    const renderer = build({ templateDirs: [EMAIL_TEMPLATES, theme] });
    expect(codeOf(() => renderer.render({ template: 'test-message', locale: 'en', model: { realm: 'r' } }))).toBe('FG_UNKNOWN_MESSAGE_KEY');
    const lenient = build({ templateDirs: [EMAIL_TEMPLATES, theme], strict: false });
    expect(lenient.render({ template: 'test-message', locale: 'en', model: { realm: 'r' } }).text).toContain('email.testMessage.typo');
  });

  it('refuses a public URL that is not plain http(s)', () => {
    expect(codeOf(() => build({ publicUrl: 'https://id.example.test/?x=1' }))).toBe('FG_CONFIG_INVALID');
  });
});
