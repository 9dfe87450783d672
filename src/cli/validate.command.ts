import path from 'node:path';
import { TEMPLATES_DIR } from '../composition/container';
import { loadFlowsDirectory, PluginRegistry } from '../engine';
import { FlowgateError, FlowgateErrors } from '../errors';
import { createPageRenderer } from '../http/render';
import { registerBuiltins } from '../plugins/builtins';
import { loadExternalPlugins } from '../plugins/external';
import type { CliIo, ExitCode } from './cli-io';
import { parseCommandLine, usageError } from './usage';

/** What `flowgate validate` checks by default: the flows directory under the working directory. */
const DEFAULT_FLOWS_DIR = 'flows';

export const VALIDATE_USAGE = `flowgate validate [flowsDir] [--plugins <a,b>] [--theme <dir>]

  Checks a flows directory (flow files and *.realm.json) exactly as the server does at start:
  the built-in plugins plus --plugins (paths starting with ./ ../ or /, or package names, as in
  the server config's "plugins") are loaded, their pages and messages compiled (with --theme
  over them, as the server's themeDir), then every flow and realm is checked. Each problem is
  printed on its own line as boot prints it: code, file:line:column, JSON path, message.
  flowsDir defaults to ./${DEFAULT_FLOWS_DIR}. Exit status 0 when valid, 1 when not.`;

/**
 * `flowgate validate`: the boot's checks of plugins and flows, without a database or a server, for
 * admins' CI pipelines. Problems go to stderr, one per line; the exit status says whether any was found.
 */
export function validateCommand(args: readonly string[], io: CliIo): ExitCode {
  const { values, positionals } = parseCommandLine(args, ['plugins', 'theme']);
  if (positionals.length > 1) throw usageError(`validate takes one flows directory, got ${positionals.length}`);
  const flowsDir = path.resolve(io.cwd, positionals[0] ?? DEFAULT_FLOWS_DIR);
  const plugins = (values.plugins ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '');
  try {
    const registry = new PluginRegistry();
    registerBuiltins(registry);
    loadExternalPlugins(plugins, registry, io.cwd);
    // Builds what boot builds from the plugins, so a missing page or a broken message bundle shows here too.
    createPageRenderer({ templatesRoot: TEMPLATES_DIR, plugins: registry, ...(values.theme !== undefined && { themeDir: path.resolve(io.cwd, values.theme) }) });
    const realms = loadFlowsDirectory(flowsDir, registry);
    const flows = new Set(realms.flatMap((realm) => [...realm.flows.keys()]));
    io.out(`flowgate: ${flowsDir} is valid: ${count(realms.length, 'realm')} (${realms.map((r) => r.name).join(', ')}), ${count(flows.size, 'flow')}`);
    return 0;
  } catch (err) {
    const errors = err instanceof FlowgateErrors ? err.errors : err instanceof FlowgateError ? [err] : undefined;
    if (!errors) throw err;
    for (const error of errors) io.err(error.message);
    io.err(`flowgate: ${flowsDir}: ${count(errors.length, 'problem')}`);
    return 1;
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
