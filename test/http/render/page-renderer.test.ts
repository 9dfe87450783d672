import { join } from 'node:path';
import { PluginRegistry } from '../../../src/engine/plugin-registry';
import { isFlowgateError } from '../../../src/errors';
import { CORE_PAGES } from '../../../src/http/contracts';
import { createPageRenderer, HandlebarsPageRenderer, renderCorePage, type PageRendererOptions } from '../../../src/http/render';
import type { MessageBundles } from '../../../src/i18n';
import { defineAuthenticator, EMPTY_CONFIG_SCHEMA, success } from '../../../src/spi';
import { codeOf } from '../../support/error-code';
import { contents, context, identifyEmailStep, shippedRenderer, tempDir, TEMPLATES_ROOT } from './render-kit';

const bundles: MessageBundles = new Map([
  ['en', new Map([['hello', 'Hello {name}'], ['title', 'Title']])],
  ['de', new Map([['hello', 'Hallo {name}'], ['title', 'Titel']])],
]);

function thrown(fn: () => unknown): Error & { code?: string; location?: { file?: string; line?: number } } {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('did not throw');
}

describe('HandlebarsPageRenderer', () => {
  let kit: ReturnType<typeof tempDir>;
  beforeEach(() => {
    kit = tempDir();
    kit.write('layout.hbs', '<html lang="{{lang}}"><title>{{title}}</title>{{body}}</html>');
    kit.write('partials/greeting.hbs', '<p>{{t "hello" name=who}}</p>');
    kit.write('pages/hello.hbs', '{{#h1}}{{t "title"}}{{/h1}}{{> greeting}}<i>{{page}}|{{lang}}|{{nonce}}|{{realm.name}}</i>');
  });
  afterEach(() => kit.cleanup());

  function options(overrides: Partial<PageRendererOptions> = {}): PageRendererOptions {
    return {
      pageDirs: [join(kit.dir, 'pages')],
      partialDirs: [join(kit.dir, 'partials')],
      layoutFile: join(kit.dir, 'layout.hbs'),
      bundles,
      requiredPages: ['hello'],
      strict: true,
      ...overrides,
    };
  }

  it('renders the page inside the layout with the model and the page globals', () => {
    const renderer = new HandlebarsPageRenderer(options());
    const html = renderer.render('hello', { who: 'Ann' }, { locale: 'de', nonce: 'n1', realm: { name: 'main', displayName: 'Main' } });
    expect(html).toBe('<html lang="de"><title>Titel</title><h1 class="fg-title">Titel</h1><p>Hallo Ann</p><i>hello|de|n1|main</i></html>');
  });

  it('puts the heading into the title escaped once, model values included', () => {
    kit.write('pages/qa.hbs', '{{#h1}}Q&amp;A <em>{{topic}}</em>{{/h1}}');
    const renderer = new HandlebarsPageRenderer(options());
    const html = renderer.render('qa', { topic: '<b>"x" & y</b>' }, context('en'));
    expect(html).toContain('<title>Q&amp;A &lt;b&gt;&quot;x&quot; &amp; y&lt;/b&gt;</title>');
    expect(html).toContain('<h1 class="fg-title">Q&amp;A <em>&lt;b&gt;&quot;x&quot; &amp; y&lt;/b&gt;</em></h1>');
  });

  it('does not let the model replace the page globals', () => {
    const renderer = new HandlebarsPageRenderer(options());
    const html = renderer.render('hello', { who: 'Ann', page: 'x', lang: 'xx', nonce: 'evil', realm: { name: 'other' } }, { locale: 'en', nonce: 'n1' });
    expect(html).toContain('<i>hello|en|n1|</i>');
    expect(html).toContain('<html lang="en">');
  });

  it('writes the page in the closest locale it has and says so in lang', () => {
    const renderer = new HandlebarsPageRenderer(options());
    expect(renderer.render('hello', { who: 'A' }, { locale: 'de-CH', nonce: '' })).toContain('<html lang="de"><title>Titel</title>');
    expect(renderer.render('hello', { who: 'A' }, { locale: 'fr', nonce: '' })).toContain('<html lang="en"><title>Title</title>');
    expect(renderer.render('hello', { who: 'A' }, { locale: 'not a locale!', nonce: '' })).toContain('<html lang="en">');
  });

  it('in strict mode, fails on an unknown key or a missing placeholder; otherwise degrades', () => {
    kit.write('pages/typo.hbs', '{{t "no.such.key"}}');
    const strict = new HandlebarsPageRenderer(options());
    expect(codeOf(() => strict.render('typo', {}, context('en')))).toBe('FG_UNKNOWN_MESSAGE_KEY');
    expect(codeOf(() => strict.render('hello', {}, context('en')))).toBe('FG_MESSAGE_PARAM_MISSING');
    const lenient = new HandlebarsPageRenderer(options({ strict: false }));
    expect(lenient.render('typo', {}, context('en'))).toContain('no.such.key');
    expect(lenient.render('hello', {}, context('en'))).toContain('<p>Hello {name}</p>');
  });

  it('has() and an unknown page', () => {
    const renderer = new HandlebarsPageRenderer(options());
    expect(renderer.has('hello')).toBe(true);
    expect(renderer.has('nope')).toBe(false);
    expect(codeOf(() => renderer.render('nope', {}, context('en')))).toBe('FG_TEMPLATE_MISSING');
  });

  it('lets a later page directory replace a page', () => {
    kit.write('override/hello.hbs', '{{#h1}}Replaced{{/h1}}');
    const renderer = new HandlebarsPageRenderer(options({ pageDirs: [join(kit.dir, 'pages'), join(kit.dir, 'override')] }));
    expect(renderer.render('hello', {}, context('en'))).toContain('<title>Replaced</title><h1 class="fg-title">Replaced</h1></html>');
  });

  it('refuses a missing required page at construction, naming it and the directories searched', () => {
    const err = thrown(() => new HandlebarsPageRenderer(options({ requiredPages: ['hello', 'magic-link-sent'] })));
    expect(isFlowgateError(err, 'FG_TEMPLATE_MISSING')).toBe(true);
    expect(err.message).toContain("'magic-link-sent'");
    expect(err.message).toContain(join(kit.dir, 'pages'));
  });

  it('refuses a missing directory or layout', () => {
    expect(codeOf(() => new HandlebarsPageRenderer(options({ pageDirs: [join(kit.dir, 'nope')] })))).toBe('FG_TEMPLATE_MISSING');
    expect(codeOf(() => new HandlebarsPageRenderer(options({ partialDirs: [join(kit.dir, 'nope')] })))).toBe('FG_TEMPLATE_MISSING');
    expect(codeOf(() => new HandlebarsPageRenderer(options({ layoutFile: join(kit.dir, 'nope.hbs') })))).toBe('FG_TEMPLATE_MISSING');
  });

  it('refuses a template that does not parse, with its file and line', () => {
    const file = kit.write('pages/broken.hbs', '<p>\n{{#if x}}\nunclosed');
    const err = thrown(() => new HandlebarsPageRenderer(options()));
    expect(isFlowgateError(err, 'FG_TEMPLATE_INVALID')).toBe(true);
    expect(err.location).toMatchObject({ file, line: 3 });
  });

  it.each([
    ['a triple-stash', '<p>{{{raw}}}</p>', 'FG_TEMPLATE_INVALID'],
    ['an ampersand', '<p>{{& raw}}</p>', 'FG_TEMPLATE_INVALID'],
    ['unescaped output in a block', '{{#if x}}{{{raw}}}{{/if}}', 'FG_TEMPLATE_INVALID'],
    ['a partial that does not exist', '{{> no-such-partial}}', 'FG_TEMPLATE_MISSING'],
    ['a helper that does not exist', '{{shout "x"}}', 'FG_TEMPLATE_INVALID'],
    ['a sub-expression helper that does not exist', '{{t (shout "x")}}', 'FG_TEMPLATE_INVALID'],
  ])('refuses %s at construction', (_label, source, code) => {
    const file = kit.write('partials/bad.hbs', source);
    const err = thrown(() => new HandlebarsPageRenderer(options()));
    expect(isFlowgateError(err) ? err.code : err).toBe(code);
    expect(err.location?.file).toBe(file);
  });

  it('refuses a page name that is not kebab-case', () => {
    kit.write('pages/Bad_Name.hbs', 'x');
    expect(codeOf(() => new HandlebarsPageRenderer(options()))).toBe('FG_TEMPLATE_INVALID');
  });

  it('names partials in sub-folders by their path and compiles from the checked source', () => {
    kit.write('partials/fields/line.hbs', '<b>{{value}}</b>');
    kit.write('pages/nested.hbs', '{{> fields/line value=v}}');
    const renderer = new HandlebarsPageRenderer(options());
    expect(renderer.render('nested', { v: '<i>' }, context('en'))).toContain('<b>&lt;i&gt;</b>');
  });

  it('keeps prototype members out of reach of templates', () => {
    kit.write('pages/proto.hbs', '[{{constructor.name}}][{{__proto__}}][{{lookup this "toString"}}]');
    const renderer = new HandlebarsPageRenderer(options({ strict: false }));
    expect(renderer.render('proto', {}, context('en'))).toContain('[][][]');
  });
});

describe('createPageRenderer', () => {
  let kit: ReturnType<typeof tempDir>;
  beforeEach(() => (kit = tempDir()));
  afterEach(() => kit.cleanup());

  it('requires the core pages and every plugin view, and reads plugin pages and messages', () => {
    const { renderer, bundles: loaded } = shippedRenderer();
    for (const page of [...CORE_PAGES, 'identify-email']) expect(renderer.has(page)).toBe(true);
    expect(loaded.get('de')!.get('field.email')).toBe('E-Mail-Adresse');
    expect(loaded.get('en')!.get('email.testMessage.subject')).toBeDefined();
  });

  it('lets a theme override one page and one message, keeping the rest', () => {
    kit.write('pages/logged-out.hbs', '{{!-- themed --}}{{#h1}}{{t "page.loggedOut.title"}}{{/h1}}<p class="themed">Bye from the theme</p>');
    kit.write('messages/en.json', JSON.stringify({ 'page.loggedOut.title': 'See you soon' }));
    const { renderer } = shippedRenderer({ themeDir: kit.dir });
    const themed = renderer.render('logged-out', {}, context('en'));
    expect(themed).toContain('<h1 class="fg-title">See you soon</h1><p class="themed">Bye from the theme</p>');
    expect(contents(themed, 'title')).toEqual(['See you soon – Example Corp']);
    // German keeps its shipped message; other pages keep their shipped template.
    expect(renderer.render('logged-out', {}, context('de'))).toContain('Sie haben sich abgemeldet');
    expect(renderer.render('identify-email', identifyEmailStep() as unknown as Record<string, unknown>, context('en'))).toContain('Enter your email address to continue.');
  });

  it('lets a theme replace the layout and a partial', () => {
    kit.write('layout.hbs', '{{!-- themed layout --}}<html lang="{{lang}}"><title>{{title}}</title><main>{{body}}</main><footer>Themed</footer></html>');
    kit.write('partials/hidden-fields.hbs', '{{!-- themed --}}{{#each fields}}<input type="hidden" data-themed name="{{@key}}" value="{{this}}">{{/each}}');
    const { renderer } = shippedRenderer({ themeDir: kit.dir });
    const html = renderer.render('identify-email', identifyEmailStep() as unknown as Record<string, unknown>, context('en'));
    expect(html).toContain('<footer>Themed</footer>');
    expect(html).toContain('<input type="hidden" data-themed name="csrf" value="csrf-token-1">');
  });

  it('refuses a theme that does not exist', () => {
    expect(codeOf(() => shippedRenderer({ themeDir: join(kit.dir, 'nope') }))).toBe('FG_TEMPLATE_MISSING');
  });

  function pluginWith(id: string, fields: { views?: string[]; templatesDir?: string; messagesDir?: string }) {
    return defineAuthenticator({
      id,
      displayName: id,
      helpText: 'test',
      requirements: ['REQUIRED'],
      requiresUser: false,
      configSchema: EMPTY_CONFIG_SCHEMA,
      authenticate: () => success(),
      ...fields,
    });
  }

  it('refuses a plugin view without a page (FG_TEMPLATE_MISSING), naming it', () => {
    const plugins = new PluginRegistry();
    plugins.registerAuthenticator(pluginWith('otp', { views: ['otp-code'] }));
    const err = thrown(() => createPageRenderer({ templatesRoot: TEMPLATES_ROOT, plugins }));
    expect(isFlowgateError(err, 'FG_TEMPLATE_MISSING')).toBe(true);
    expect(err.message).toContain("'otp-code'");
  });

  it("renders a plugin's own page and messages", () => {
    kit.write('otp/templates/otp-code.hbs', '{{!-- otp --}}{{#h1}}{{t "page.otpCode.title"}}{{/h1}}{{> step-form}}');
    kit.write('otp/messages/en.json', JSON.stringify({ 'page.otpCode.title': 'Enter the code' }));
    kit.write('otp/messages/de.json', JSON.stringify({ 'page.otpCode.title': 'Code eingeben' }));
    const plugins = new PluginRegistry();
    plugins.registerAuthenticator(pluginWith('otp', { views: ['otp-code'], templatesDir: join(kit.dir, 'otp/templates'), messagesDir: join(kit.dir, 'otp/messages') }));
    const { renderer } = createPageRenderer({ templatesRoot: TEMPLATES_ROOT, plugins, strict: true });
    const html = renderer.render('otp-code', { ...identifyEmailStep(), view: 'otp-code' }, context('de'));
    expect(contents(html, 'h1')).toEqual(['Code eingeben']);
    expect(html).toContain('name="email"');
  });

  it.each([
    ['a core page', ['error']],
    ['the view of another plugin', ['identify-email']],
  ])('refuses a plugin declaring %s as its view (FG_PLUGIN_INVALID)', (_label, views) => {
    const plugins = new PluginRegistry();
    plugins.registerAuthenticator(pluginWith('first', { views: ['identify-email'] }));
    plugins.registerAuthenticator(pluginWith('second', { views }));
    expect(codeOf(() => createPageRenderer({ templatesRoot: TEMPLATES_ROOT, plugins }))).toBe('FG_PLUGIN_INVALID');
  });

  it('refuses a plugin shipping a page it does not declare (it could replace a core page)', () => {
    kit.write('sneaky/error.hbs', '{{#h1}}gotcha{{/h1}}');
    const plugins = new PluginRegistry();
    plugins.registerAuthenticator(pluginWith('sneaky', { views: [], templatesDir: join(kit.dir, 'sneaky') }));
    expect(codeOf(() => createPageRenderer({ templatesRoot: TEMPLATES_ROOT, plugins }))).toBe('FG_PLUGIN_INVALID');
  });

  it('uses bundles it is given instead of loading them', () => {
    const plugins = new PluginRegistry();
    const given: MessageBundles = new Map([['en', new Map([['page.loggedOut.title', 'Given']])]]);
    const { renderer, bundles: returned } = createPageRenderer({ templatesRoot: TEMPLATES_ROOT, plugins, bundles: given });
    expect(returned).toBe(given);
    expect(contents(renderCorePage(renderer, 'logged-out', {}, context('en')), 'h1')).toEqual(['Given']);
  });
});
