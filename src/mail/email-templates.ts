import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type Handlebars from 'handlebars';
import { FlowgateError } from '../errors';

/** The two parts of one email: `<name>.html.hbs` and `<name>.text.hbs`. */
export interface EmailTemplatePair {
  /** Renders the HTML part; handlebars escapes every `{{value}}`. */
  readonly html: Handlebars.TemplateDelegate;
  /** Renders the plain-text part; compiled without HTML escaping (it is not HTML). */
  readonly text: Handlebars.TemplateDelegate;
}

/** Every email template, compiled. */
export interface EmailTemplateSet {
  /** `layout.html.hbs` / `layout.text.hbs`: wrap every message; they receive its output as `body`. */
  readonly layout: EmailTemplatePair;
  /** One pair per message type, by type (the file name without `.html.hbs`), e.g. `test-message`. */
  readonly types: ReadonlyMap<string, EmailTemplatePair>;
}

/** The file name (without suffix) of the shared layout. Not a message type. */
const LAYOUT_NAME = 'layout';

const TYPE_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const SUFFIXES = { html: '.html.hbs', text: '.text.hbs' } as const;

/**
 * Finds and compiles the email templates in `dirs`, in order: a file in a later directory (a theme)
 * replaces the file of the same name from an earlier one. A message type exists when either of its
 * files does, and then needs both. Runs once at boot: a missing directory, layout or half of a pair
 * throws `FG_TEMPLATE_MISSING`; a template that does not parse throws `FG_TEMPLATE_INVALID`.
 * `hb` is the handlebars environment (with `t` and `absoluteUrl` registered) the templates run in.
 */
export function loadEmailTemplates(hb: typeof Handlebars, dirs: readonly string[]): EmailTemplateSet {
  const files = new Map<string, string>();
  for (const dir of dirs) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new FlowgateError('FG_TEMPLATE_MISSING', 'email template directory does not exist', { file: dir });
    }
    for (const name of readdirSync(dir)) {
      if (name.endsWith(SUFFIXES.html) || name.endsWith(SUFFIXES.text)) files.set(name, join(dir, name));
    }
  }
  const names = new Set([...files.keys()].map((f) => f.slice(0, -SUFFIXES.html.length)));
  names.add(LAYOUT_NAME);
  const types = new Map<string, EmailTemplatePair>();
  let layout: EmailTemplatePair | undefined;
  for (const name of [...names].sort()) {
    if (!TYPE_PATTERN.test(name)) {
      throw new FlowgateError('FG_TEMPLATE_INVALID', `email template name '${name}' must be kebab-case`, { file: files.get(`${name}${SUFFIXES.html}`) ?? files.get(`${name}${SUFFIXES.text}`) });
    }
    const pair = {
      html: compile(hb, files, name, 'html', dirs),
      text: compile(hb, files, name, 'text', dirs),
    };
    if (name === LAYOUT_NAME) layout = pair;
    else types.set(name, pair);
  }
  return { layout: layout!, types };
}

function compile(
  hb: typeof Handlebars,
  files: ReadonlyMap<string, string>,
  name: string,
  part: keyof typeof SUFFIXES,
  dirs: readonly string[],
): Handlebars.TemplateDelegate {
  const fileName = `${name}${SUFFIXES[part]}`;
  const file = files.get(fileName);
  if (file === undefined) {
    throw new FlowgateError('FG_TEMPLATE_MISSING', `${fileName} is not in ${dirs.join(', ') || '(no directories)'}`);
  }
  const source = readFileSync(file, 'utf8');
  try {
    // parse() finds syntax errors now; compile() alone would defer them to the first email sent.
    hb.parse(source);
  } catch (err) {
    throw new FlowgateError('FG_TEMPLATE_INVALID', (err as Error).message, { file }, { cause: err });
  }
  return hb.compile(source, { noEscape: part === 'text', strict: false });
}
