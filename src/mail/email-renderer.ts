import Handlebars from 'handlebars';
import { scalarParams } from '../i18n/handlebars-params';
import { FlowgateError } from '../errors';
import { BASE_LOCALE, type MessageBundles } from '../i18n/message-bundles';
import { negotiateLocale } from '../i18n/negotiate-locale';
import { createTranslator, type MessageParams, type Translator } from '../i18n/translate';
import { absoluteUrl, normalizePublicUrl } from '../util/absolute-url';
import { loadEmailTemplates, type EmailTemplateSet } from './email-templates';

/** How the email renderer is built. Everything is read and compiled once, in the constructor. */
export interface EmailRendererOptions {
  /**
   * Directories holding `layout.*.hbs` and `<type>.html.hbs` + `<type>.text.hbs`, in order: a file in a
   * later directory (a theme, a plugin's folder) replaces the same file from an earlier one. Usually
   * `templates/email`, then the theme's `email` directory. No default.
   */
  readonly templateDirs: readonly string[];
  /** The message bundles (from `loadBundles`). Every type's subject key must exist in English. */
  readonly bundles: MessageBundles;
  /** Where people reach Flowgate, e.g. `https://id.example.com`. Every link in an email is built under it. */
  readonly publicUrl: string;
  /**
   * Message types that must exist, e.g. those the registered plugins send. A missing one is a boot
   * error (`FG_TEMPLATE_MISSING`) instead of a failure on the first sign-in. Default `[]`.
   */
  readonly requiredTypes?: readonly string[];
  /** Unknown message keys and unfilled placeholders throw (see `TranslateOptions.strict`). Default `false`; use `true` in tests. */
  readonly strict?: boolean;
}

/** What to render. */
export interface RenderEmailInput {
  /** The message type, e.g. `test-message`. */
  readonly template: string;
  /** The wanted locale; the closest available bundle is used (`de-CH` -> `de`, else English). */
  readonly locale: string;
  /** Data for the templates. Top-level strings and numbers also fill the subject's placeholders. */
  readonly model: Readonly<Record<string, unknown>>;
}

/** A rendered email. */
export interface RenderedEmail {
  /** One line: line breaks are removed so a value can never add a header. */
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  /** The locale actually used. */
  readonly locale: string;
}

/** The message key of a type's subject: `test-message` -> `email.testMessage.subject`. */
export function subjectKey(type: string): string {
  return `email.${type.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())}.subject`;
}

/**
 * Renders emails from handlebars templates and message bundles. Templates receive
 * `{ ...model, locale, publicUrl, t }` and two template functions: `{{t "key" name=value}}` (a message, its
 * placeholders filled, escaped by handlebars in HTML) and `{{absoluteUrl path}}` (a link under the
 * public URL; anything else fails the render). The layout also receives `subject` and `body`.
 * Adding a message type means dropping in its two template files and its message keys.
 */
export class EmailRenderer {
  private readonly hb = Handlebars.create();
  private readonly templates: EmailTemplateSet;
  private readonly bundles: MessageBundles;
  private readonly publicUrl: string;
  private readonly strict: boolean;

  constructor(options: EmailRendererOptions) {
    this.bundles = options.bundles;
    this.publicUrl = normalizePublicUrl(options.publicUrl);
    this.strict = options.strict === true;
    this.registerTemplateFunctions();
    this.templates = loadEmailTemplates(this.hb, options.templateDirs);
    for (const type of options.requiredTypes ?? []) {
      if (!this.templates.types.has(type)) {
        throw new FlowgateError('FG_TEMPLATE_MISSING', `no templates for the required email type '${type}'`);
      }
    }
    const english = this.bundles.get(BASE_LOCALE);
    for (const type of this.templates.types.keys()) {
      if (!english?.has(subjectKey(type))) {
        throw new FlowgateError('FG_UNKNOWN_MESSAGE_KEY', `email type '${type}' needs the message '${subjectKey(type)}'`);
      }
    }
  }

  /** The message types that can be rendered, sorted. */
  get types(): string[] {
    return [...this.templates.types.keys()];
  }

  /** Whether `type` can be rendered. */
  has(type: string): boolean {
    return this.templates.types.has(type);
  }

  /** Renders subject, HTML and text of one email. Throws `FG_TEMPLATE_MISSING` for an unknown type. */
  render(input: RenderEmailInput): RenderedEmail {
    const pair = this.templates.types.get(input.template);
    if (pair === undefined) throw new FlowgateError('FG_TEMPLATE_MISSING', `no email templates for '${input.template}'`);
    const locale = negotiateLocale({ uiLocales: input.locale, supported: [...this.bundles.keys()], fallback: BASE_LOCALE });
    const t = createTranslator(this.bundles, locale, { strict: this.strict });
    // t, locale and publicUrl come last: a model key must not replace them.
    const context = { ...input.model, locale, publicUrl: this.publicUrl, t };
    const subject = t(subjectKey(input.template), scalarParams(input.model)).replace(/[\r\n\t\u2028\u2029]+/g, ' ').trim();
    const options = { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false };
    const html = this.templates.layout.html({ ...context, subject, body: pair.html(context, options) }, options);
    const text = this.templates.layout.text({ ...context, subject, body: pair.text(context, options).trimEnd() }, options);
    return { subject, html, text, locale };
  }

  private registerTemplateFunctions(): void {
    this.hb.registerHelper('t', (key: unknown, options: Handlebars.HelperOptions) => {
      const t = (options.data as { root: { t: Translator } }).root.t;
      return t(String(key), scalarParams(options.hash as Record<string, unknown>));
    });
    // A non-string path (a missing model value) is refused by absoluteUrl rather than turned into '/undefined'.
    this.hb.registerHelper('absoluteUrl', (path: unknown) => absoluteUrl(this.publicUrl, path as string));
  }
}

/** The values usable as message placeholders: strings and numbers (and handlebars' SafeStrings, as text). */
