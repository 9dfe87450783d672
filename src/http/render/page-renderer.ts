import Handlebars from 'handlebars';
import { FlowgateError } from '../../errors';
import { BASE_LOCALE, createTranslator, localeChain, type MessageBundles, type Translator } from '../../i18n';
import type { PageContext, PageRenderer, StepDocument } from '../contracts';
import { registerPageHelpers, RENDER_STATE_KEY, type RenderState } from './page-helpers';
import type { CorePageModels, StepPageModel } from './page-models';
import { checkTemplate, findTemplates, parseTemplate, type ParsedTemplate } from './template-files';

/** How the page renderer is built. Everything is read, checked and compiled once, in the constructor. */
export interface PageRendererOptions {
  /**
   * Directories of page templates (`<page>.hbs`, directly inside), in order: a page in a later
   * directory replaces the one of the same name from an earlier one. Usually `templates/pages`, each
   * plugin's `templatesDir`, then the theme's `pages`. Each must exist.
   */
  readonly pageDirs: readonly string[];
  /** Directories of partials (`<name>.hbs`, sub-folders allowed), later wins. Usually `templates/partials`, then the theme's. */
  readonly partialDirs: readonly string[];
  /** The layout every page is rendered inside (`templates/layout.hbs`, or the theme's). Gets the page's context plus `body` and `title`. */
  readonly layoutFile: string;
  /** Message bundles, including the plugins' and the theme's (see `loadBundles`). */
  readonly bundles: MessageBundles;
  /**
   * Pages that must exist: `CORE_PAGES` and every registered plugin's `views`. A missing one is a boot
   * error (`FG_TEMPLATE_MISSING`) rather than a broken sign-in.
   */
  readonly requiredPages: readonly string[];
  /** Unknown message keys and unfilled placeholders throw (see `TranslateOptions.strict`). Default `false`; `true` in tests. */
  readonly strict?: boolean;
}

// Model values must never reach prototype members (handlebars' own default since 4.6, made explicit).
const RUNTIME_OPTIONS = { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false } as const;
// strict: false: a missing optional model value renders as nothing. Escaping is never turned off.
const COMPILE_OPTIONS = { strict: false, noEscape: false, preventIndent: true } as const;

/**
 * Renders the login theme's pages with handlebars. A page renders into the layout with
 * `{ ...model, page, lang, nonce, realm, locales }`; a `StepDocument` model is handed over as `step`
 * with its view model spread at the top, so a plugin's page can be `{{> step-form}}` plus its text.
 * Template functions are listed at `registerPageHelpers`. Templates may not output unescaped values.
 */
export class HandlebarsPageRenderer implements PageRenderer {
  private readonly hb = Handlebars.create();
  private readonly pages = new Map<string, Handlebars.TemplateDelegate>();
  private readonly layout: Handlebars.TemplateDelegate;
  private readonly bundles: MessageBundles;
  private readonly strict: boolean;
  private readonly translators = new Map<string, Translator>();

  constructor(options: PageRendererOptions) {
    this.bundles = options.bundles;
    this.strict = options.strict === true;
    registerPageHelpers(this.hb);

    const partialFiles = findTemplates(options.partialDirs, 'partial');
    const pageFiles = findTemplates(options.pageDirs, 'page');
    for (const name of options.requiredPages) {
      if (!pageFiles.has(name)) {
        throw new FlowgateError('FG_TEMPLATE_MISSING', `no template for the page '${name}' (${name}.hbs) in ${options.pageDirs.join(', ') || '(no directories)'}`);
      }
    }

    const partials = new Map([...partialFiles].map(([name, file]) => [name, parseTemplate(this.hb, file)]));
    const pages = new Map([...pageFiles].map(([name, file]) => [name, parseTemplate(this.hb, file)]));
    const layout = parseTemplate(this.hb, options.layoutFile);
    const partialNames = new Set(partials.keys());
    const helperNames = new Set(Object.keys(this.hb.helpers));
    for (const parsed of [...partials.values(), ...pages.values(), layout]) checkTemplate(parsed, partialNames, helperNames);

    for (const [name, parsed] of partials) this.hb.registerPartial(name, this.compile(parsed));
    for (const [name, parsed] of pages) this.pages.set(name, this.compile(parsed));
    this.layout = this.compile(layout);
  }

  /** The pages that can be rendered, sorted. */
  get pageNames(): string[] {
    return [...this.pages.keys()].sort();
  }

  has(name: string): boolean {
    return this.pages.has(name);
  }

  /**
   * Renders page `name` inside the layout. Throws `FG_TEMPLATE_MISSING` for an unknown page,
   * `FG_PAGE_LINK_INVALID` for a link that is not a path on this server and, in strict mode, the
   * message errors of `translate`.
   */
  render(name: string, model: Readonly<Record<string, unknown>>, ctx: PageContext): string {
    const page = this.pages.get(name);
    if (page === undefined) throw new FlowgateError('FG_TEMPLATE_MISSING', `no page '${name}'`);
    const lang = this.pageLocale(ctx.locale);
    const chain = localeChain(lang);
    const state: RenderState = {
      t: this.translator(lang),
      hasMessage: (key) => chain.some((l) => this.bundles.get(l)?.has(key) === true),
      lang,
    };
    // The globals come last: a model key must not replace them.
    const context = {
      ...(isStepDocument(model) ? stepPageModel(model) : model),
      page: name,
      lang,
      nonce: ctx.nonce,
      realm: ctx.realm,
      locales: ctx.locales,
    };
    const options = { ...RUNTIME_OPTIONS, data: { [RENDER_STATE_KEY]: state } };
    const body = page(context, options);
    // Both are escaped already: the page escaped every value, and the title is the heading's text.
    const layoutContext = { ...context, title: new this.hb.SafeString(state.title ?? ''), body: new this.hb.SafeString(body) };
    return this.layout(layoutContext, options);
  }

  /** Renders a step's page (`doc.view`): the same as `render(doc.view, doc, ctx)`. */
  renderStep(doc: StepDocument, ctx: PageContext): string {
    return this.render(doc.view, doc as unknown as Readonly<Record<string, unknown>>, ctx);
  }

  /** Renders a core page with its typed model. */
  renderPage<K extends keyof CorePageModels>(name: K, model: CorePageModels[K], ctx: PageContext): string {
    return this.render(name, model as unknown as Readonly<Record<string, unknown>>, ctx);
  }

  private compile(parsed: ParsedTemplate): Handlebars.TemplateDelegate {
    // Compiled from the checked AST: what runs is exactly what was checked.
    return this.hb.compile(parsed.ast, COMPILE_OPTIONS);
  }

  /** The locale the page is written in: the most specific bundle on the requested locale's chain. */
  private pageLocale(requested: string): string {
    return localeChain(requested).find((l) => this.bundles.has(l)) ?? BASE_LOCALE;
  }

  private translator(lang: string): Translator {
    let t = this.translators.get(lang);
    if (t === undefined) {
      t = createTranslator(this.bundles, lang, { strict: this.strict });
      this.translators.set(lang, t);
    }
    return t;
  }
}

/** The model a step's page receives: the view model spread at the top, the step as `step`. */
function stepPageModel(doc: StepDocument): StepPageModel {
  return { ...doc.model, step: doc };
}

/** Whether a model is a `StepDocument` (JSON clients get it as is; pages get it as `step`). */
function isStepDocument(model: Readonly<Record<string, unknown>>): model is Readonly<Record<string, unknown>> & StepDocument {
  return model.type === 'step' && typeof model.view === 'string' && typeof model.actions === 'object' && model.actions !== null;
}
