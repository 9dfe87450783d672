import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type Handlebars from 'handlebars';
import { FlowgateError } from '../../errors';

/** A template read and parsed, not yet compiled. */
export interface ParsedTemplate {
  /** Where it came from, named in errors. */
  readonly file: string;
  readonly ast: hbs.AST.Program;
}

const PAGE_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const PARTIAL_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*(\/[a-z][a-z0-9]*(-[a-z0-9]+)*)*$/;
const SUFFIX = '.hbs';

/**
 * The `.hbs` files of `dirs` by name (file name without `.hbs`), in order: a file in a later
 * directory replaces the one of the same name from an earlier directory. Pages are the files
 * directly in each directory (a plugin's `email/` folder is not a page); partials are found in
 * sub-folders too and named by their relative path (`fields/input`). A missing directory is
 * `FG_TEMPLATE_MISSING`; a name that is not kebab-case is `FG_TEMPLATE_INVALID`.
 */
export function findTemplates(dirs: readonly string[], kind: 'page' | 'partial'): Map<string, string> {
  const found = new Map<string, string>();
  for (const dir of dirs) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new FlowgateError('FG_TEMPLATE_MISSING', `${kind} template directory does not exist`, { file: dir });
    }
    for (const file of listHbs(dir, kind === 'partial')) {
      const name = relative(dir, file).slice(0, -SUFFIX.length).split(sep).join('/');
      if (!(kind === 'page' ? PAGE_NAME : PARTIAL_NAME).test(name)) {
        throw new FlowgateError('FG_TEMPLATE_INVALID', `${kind} template name '${name}' must be kebab-case`, { file });
      }
      found.set(name, file);
    }
  }
  return found;
}

/**
 * Reads and parses one template, so a syntax error stops the boot (`FG_TEMPLATE_INVALID`, with the
 * file and line) instead of the first sign-in that needs the page.
 */
export function parseTemplate(hb: typeof Handlebars, file: string): ParsedTemplate {
  if (!existsSync(file)) throw new FlowgateError('FG_TEMPLATE_MISSING', 'template file does not exist', { file });
  const source = readFileSync(file, 'utf8');
  try {
    return { file, ast: hb.parse(source) };
  } catch (err) {
    const { lineNumber, column } = err as { lineNumber?: number; column?: number };
    const line = lineNumber ?? Number(/on line (\d+)/.exec((err as Error).message)?.[1]);
    throw new FlowgateError(
      'FG_TEMPLATE_INVALID',
      (err as Error).message,
      { file, ...(Number.isInteger(line) && line > 0 && { line }), ...(column !== undefined && { column: column + 1 }) },
      { cause: err },
    );
  }
}

/**
 * Refuses what would fail or be unsafe at render time, for a template already parsed:
 * - unescaped output (`{{{value}}}`, `{{& value}}`): every value on a login page is escaped, so a
 *   model value can never become markup (a helper may still return markup it built itself);
 * - a partial that does not exist (`FG_TEMPLATE_MISSING`);
 * - a call with arguments to a helper that does not exist (handlebars would fail the render).
 */
export function checkTemplate(parsed: ParsedTemplate, partials: ReadonlySet<string>, helpers: ReadonlySet<string>): void {
  visit(parsed.ast, (node) => {
    const at = { file: parsed.file, ...(node.loc && { line: node.loc.start.line, column: node.loc.start.column + 1 }) };
    if (node.type === 'MustacheStatement' && (node as hbs.AST.MustacheStatement).escaped === false) {
      throw new FlowgateError('FG_TEMPLATE_INVALID', 'unescaped output ({{{ }}} or {{& }}) is not allowed in page templates', at);
    }
    if (node.type === 'PartialStatement' || node.type === 'PartialBlockStatement') {
      const name = (node as hbs.AST.PartialStatement).name;
      if (name.type === 'PathExpression') {
        const original = (name as hbs.AST.PathExpression).original;
        if (original !== '@partial-block' && !partials.has(original)) {
          throw new FlowgateError('FG_TEMPLATE_MISSING', `partial '${original}' is not in any partial directory`, at);
        }
      }
    }
    if (node.type === 'MustacheStatement' || node.type === 'SubExpression' || node.type === 'BlockStatement') {
      const call = node as hbs.AST.MustacheStatement;
      const path = call.path as hbs.AST.PathExpression;
      const hasArgs = call.params.length > 0 || (call.hash?.pairs.length ?? 0) > 0;
      if (hasArgs && path.type === 'PathExpression' && !path.data && !helpers.has(path.original)) {
        throw new FlowgateError('FG_TEMPLATE_INVALID', `unknown helper '${path.original}'`, at);
      }
    }
  });
}

function visit(node: unknown, fn: (node: hbs.AST.Node) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) visit(child, fn);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  if (typeof (node as { type?: unknown }).type === 'string') fn(node as hbs.AST.Node);
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'loc' && typeof value === 'object') visit(value, fn);
  }
}

function listHbs(dir: string, recursive: boolean): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && recursive) files.push(...listHbs(path, true));
    else if (entry.isFile() && entry.name.endsWith(SUFFIX)) files.push(path);
  }
  return files;
}
