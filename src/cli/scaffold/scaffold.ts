import fs from 'node:fs';
import path from 'node:path';
import { PLUGIN_API_VERSION } from '../../spi/api-version';
import { projectRoot } from '../../util/project-root';

/** The kinds of plugin `flowgate new-plugin` creates, each a directory of templates beside this file. */
export const PLUGIN_KINDS = ['authenticator', 'condition', 'required-action'] as const;

/** One of `PLUGIN_KINDS`. */
export type PluginKind = (typeof PLUGIN_KINDS)[number];

/** The specifier a plugin outside Flowgate's own source tree imports the kit by. */
export const PUBLISHED_KIT = 'flowgate/plugin-kit';

const TEMPLATES = path.join(__dirname, 'templates');
const TEMPLATE_SUFFIX = '.tmpl';

/**
 * What the templates' placeholders stand for, from the plugin id. `__API_VERSION__` is this
 * Flowgate's `PLUGIN_API_VERSION`, written into the definition as a literal: the plugin API the
 * new plugin is written for.
 */
export interface ScaffoldNames {
  /** `__ID__`: the plugin id, kebab-case (`office-hours`). */
  readonly id: string;
  /** `__CAMEL__`: the id in camelCase (`officeHours`), for identifiers and message keys. */
  readonly camel: string;
  /** `__PASCAL__`: the id in PascalCase (`OfficeHours`), for types. */
  readonly pascal: string;
  /** `__CONST__`: the id in upper snake case (`OFFICE_HOURS`), for constants. */
  readonly constant: string;
  /** `__TITLE__`: a first display name (`Office hours`). */
  readonly title: string;
  /** `__KIT__`: the import specifier of the plugin kit. */
  readonly kit: string;
}

/** The placeholder names of `id`'s templates, importing the kit by `kit`. */
export function scaffoldNames(id: string, kit: string): ScaffoldNames {
  const words = id.split('-');
  const camel = words.map((w, i) => (i === 0 ? w : capitalize(w))).join('');
  return { id, camel, pascal: capitalize(camel), constant: words.join('_').toUpperCase(), title: capitalize(words.join(' ')), kit };
}

/**
 * How a plugin in `dir` imports the kit: by its published name, or, for a plugin inside the
 * Flowgate source tree this command runs from (the repository's examples), by a relative path to
 * `src/plugin-kit`, since the repository does not install itself as a package.
 */
export function kitSpecifier(dir: string): string {
  let root: string;
  try {
    root = projectRoot();
  } catch {
    return PUBLISHED_KIT;
  }
  const source = path.join(root, 'src', 'plugin-kit');
  const fromRoot = path.relative(root, dir);
  const inside = !fromRoot.startsWith('..') && !path.isAbsolute(fromRoot);
  if (!inside || !fs.existsSync(`${source}.ts`)) return PUBLISHED_KIT;
  const relative = path.relative(dir, source).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

/**
 * The files of a new plugin of `kind`: its kind's templates with every placeholder replaced, in
 * file names and contents, by relative path (`/`-separated) in a stable order.
 */
export function renderScaffold(kind: PluginKind, names: ScaffoldNames): Map<string, string> {
  const files = new Map<string, string>();
  const root = path.join(TEMPLATES, kind);
  for (const relative of listFiles(root)) {
    if (!relative.endsWith(TEMPLATE_SUFFIX)) continue;
    const target = fill(relative.slice(0, -TEMPLATE_SUFFIX.length), names);
    files.set(target, fill(fs.readFileSync(path.join(root, relative), 'utf8'), names));
  }
  return files;
}

function fill(text: string, names: ScaffoldNames): string {
  return text
    .replaceAll('__ID__', names.id)
    .replaceAll('__CAMEL__', names.camel)
    .replaceAll('__PASCAL__', names.pascal)
    .replaceAll('__CONST__', names.constant)
    .replaceAll('__TITLE__', names.title)
    .replaceAll('__KIT__', names.kit)
    .replaceAll('__API_VERSION__', PLUGIN_API_VERSION);
}

function listFiles(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => (entry.isDirectory() ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`]));
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
