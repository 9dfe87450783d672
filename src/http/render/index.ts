import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PluginRegistry } from '../../engine';
import { FlowgateError } from '../../errors';
import { loadBundles, type MessageBundles } from '../../i18n';
import { CORE_PAGES, type PageContext, type PageRenderer } from '../contracts';
import { HandlebarsPageRenderer } from './page-renderer';
import { findTemplates } from './template-files';
import type { CorePageModels } from './page-models';

export { HandlebarsPageRenderer, type PageRendererOptions } from './page-renderer';
export { ERROR_MESSAGE_KEYS, GENERIC_ERROR_MESSAGE_KEY, errorPageModel } from './error-page';
export type * from './page-models';

/** What the composition root hands to `createPageRenderer`. */
export interface CreatePageRendererOptions {
  /** The shipped theme: `layout.hbs`, `partials/`, `pages/`, `messages/` (usually `<project>/templates`). */
  readonly templatesRoot: string;
  /**
   * A theme directory (config `themeDir`). Any of `layout.hbs`, `partials/`, `pages/` and `messages/`
   * it has replaces or extends the shipped one file by file (messages key by key); all are optional.
   */
  readonly themeDir?: string;
  /** The registered plugins: their `views` become required pages, their `templatesDir` and `messagesDir` are read. */
  readonly plugins: PluginRegistry;
  /** Bundles already loaded (they must then include the plugins' and theme's messages). Loaded here when absent. */
  readonly bundles?: MessageBundles;
  /** See `PageRendererOptions.strict`. Default `false`. */
  readonly strict?: boolean;
}

/** A plugin's contribution to the theme. */
interface ThemeContribution {
  readonly id: string;
  readonly views?: readonly string[];
  readonly templatesDir?: string;
  readonly messagesDir?: string;
}

/**
 * Builds the page renderer and the message bundles from the shipped templates, each plugin's own
 * pages and messages (registration order), then the theme, later winning. A view id claimed by two
 * plugins or by a plugin and a core page is a boot error (`FG_PLUGIN_INVALID`): one would silently
 * replace the other's page. The returned bundles are the ones emails should use too.
 */
export function createPageRenderer(options: CreatePageRendererOptions): { renderer: HandlebarsPageRenderer; bundles: MessageBundles } {
  const plugins: ThemeContribution[] = [
    ...options.plugins.listAuthenticators().map((p) => p.definition),
    ...options.plugins.listRequiredActions().map((p) => p.definition),
  ];
  const theme = options.themeDir;
  if (theme !== undefined && !isDir(theme)) throw new FlowgateError('FG_TEMPLATE_MISSING', 'theme directory does not exist', { file: theme });
  const themeSub = (sub: string): string[] => (theme !== undefined && isDir(join(theme, sub)) ? [join(theme, sub)] : []);

  const bundles =
    options.bundles ??
    loadBundles([join(options.templatesRoot, 'messages'), ...plugins.flatMap((p) => (p.messagesDir ? [p.messagesDir] : [])), ...themeSub('messages')]);
  const themeLayout = theme === undefined ? undefined : join(theme, 'layout.hbs');

  const renderer = new HandlebarsPageRenderer({
    pageDirs: [join(options.templatesRoot, 'pages'), ...plugins.flatMap((p) => (p.templatesDir ? [p.templatesDir] : [])), ...themeSub('pages')],
    partialDirs: [join(options.templatesRoot, 'partials'), ...themeSub('partials')],
    layoutFile: themeLayout !== undefined && existsSync(themeLayout) ? themeLayout : join(options.templatesRoot, 'layout.hbs'),
    bundles,
    requiredPages: [...CORE_PAGES, ...pluginViews(plugins)],
    ...(options.strict !== undefined && { strict: options.strict }),
  });
  return { renderer, bundles };
}

/**
 * Renders a core page with its typed model through any `PageRenderer` (the models are interfaces,
 * which TypeScript does not treat as records).
 */
export function renderCorePage<K extends keyof CorePageModels>(renderer: PageRenderer, name: K, model: CorePageModels[K], ctx: PageContext): string {
  return renderer.render(name, model as unknown as Readonly<Record<string, unknown>>, ctx);
}

function pluginViews(plugins: readonly ThemeContribution[]): string[] {
  const owners = new Map<string, string>(CORE_PAGES.map((page) => [page, 'the core pages']));
  for (const plugin of plugins) {
    // A page a plugin ships but does not declare would silently replace a core or another plugin's page.
    for (const page of plugin.templatesDir ? findTemplates([plugin.templatesDir], 'page').keys() : []) {
      if (!(plugin.views ?? []).includes(page)) {
        throw new FlowgateError('FG_PLUGIN_INVALID', `plugin '${plugin.id}' ships the page '${page}.hbs' but does not declare it in its views`, { file: plugin.templatesDir });
      }
    }
    for (const view of plugin.views ?? []) {
      const owner = owners.get(view);
      if (owner !== undefined) {
        throw new FlowgateError('FG_PLUGIN_INVALID', `plugin '${plugin.id}' declares the view '${view}', which ${owner === 'the core pages' ? 'is a core page' : `plugin '${owner}' declares too`}`);
      }
      owners.set(view, plugin.id);
    }
  }
  return [...owners.keys()].filter((view) => !(CORE_PAGES as readonly string[]).includes(view));
}

function isDir(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}
