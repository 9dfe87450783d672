import fs from 'node:fs';
import path from 'node:path';
import { PLUGIN_ID_PATTERN } from '../engine';
import { FlowgateError } from '../errors';
import type { CliIo, ExitCode } from './cli-io';
import { kitSpecifier, PLUGIN_KINDS, renderScaffold, scaffoldNames, type PluginKind } from './scaffold/scaffold';
import { parseCommandLine, usageError } from './usage';

export const NEW_PLUGIN_USAGE = `flowgate new-plugin <dir> --kind ${PLUGIN_KINDS.join('|')} [--id <id>]

  Creates a plugin in <dir> (which must not exist, or be empty): its definition, its config
  schema, for an authenticator or a required action its page (templates/<id>.hbs) and English
  messages, an index.ts exporting \`plugins\` for the server config, and a test that runs it in a
  flow through the plugin kit's harness and passes as it is. --id (kebab-case) defaults to the
  directory's name.`;

/** `flowgate new-plugin`: writes a new plugin's folder from the templates of its kind. */
export function newPluginCommand(args: readonly string[], io: CliIo): ExitCode {
  const { values, positionals } = parseCommandLine(args, ['kind', 'id']);
  if (positionals.length !== 1) throw usageError('new-plugin takes one directory');
  const dir = path.resolve(io.cwd, positionals[0]!);
  const kind = values.kind;
  if (!isKind(kind)) throw usageError(`--kind must be one of ${PLUGIN_KINDS.join(', ')}${kind === undefined ? '' : `, got '${kind}'`}`);
  const id = values.id ?? path.basename(dir);
  if (!PLUGIN_ID_PATTERN.test(id)) throw usageError(`plugin id '${id}' must be kebab-case (lower-case words joined by '-', starting with a letter)`);
  if (fs.existsSync(dir) && (!fs.statSync(dir).isDirectory() || fs.readdirSync(dir).length > 0)) {
    throw new FlowgateError('FG_CLI_TARGET_NOT_EMPTY', dir);
  }

  const files = renderScaffold(kind, scaffoldNames(id, kitSpecifier(dir)));
  for (const [relative, text] of files) {
    const file = path.join(dir, ...relative.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text, { flag: 'wx' });
  }
  const shown = path.relative(io.cwd, dir) || '.';
  io.out(`flowgate: created ${kind} '${id}' in ${shown}:`);
  for (const relative of files.keys()) io.out(`  ${path.join(shown, ...relative.split('/'))}`);
  io.out(`Next: run its test, then list "${pluginEntry(shown)}" in the server config's "plugins" and use '${id}' in a flow (docs/plugins.md).`);
  return 0;
}

function isKind(kind: string | undefined): kind is PluginKind {
  return (PLUGIN_KINDS as readonly string[]).includes(kind ?? '');
}

/** How the server config names the plugin: a path starting with `./` (or absolute), as a path entry must. */
function pluginEntry(shown: string): string {
  const posix = shown.split(path.sep).join('/');
  return path.isAbsolute(shown) || posix.startsWith('.') ? posix : `./${posix}`;
}
