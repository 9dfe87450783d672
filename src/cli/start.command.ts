import path from 'node:path';
import { CONFIG_FILE_VARIABLE } from '../config/server-config';
import type { CliIo, ExitCode } from './cli-io';
import { parseCommandLine, usageError } from './usage';

export const START_USAGE = `flowgate start [--config <file>]

  Starts the Flowgate server in this directory, as npm start does in a checkout: the config file
  (--config, else the ${CONFIG_FILE_VARIABLE} environment variable, else none: the embedded
  defaults) and the environment variables of the README's configuration table, relative paths
  resolved from here. Runs until stopped (Ctrl-C or SIGTERM). A config or plugin problem is
  printed with its code and the exit status is 1.`;

/**
 * `flowgate start`: the server, for a project that installed Flowgate as a package (a plugin
 * author trying their plugin, or an admin's deployment). The server is loaded only here, so the
 * other commands stay quick.
 */
export function startCommand(args: readonly string[], io: CliIo): ExitCode {
  const { values, positionals } = parseCommandLine(args, ['config']);
  if (positionals.length > 0) throw usageError(`start takes no arguments, got '${positionals[0]}'`);
  const env = values.config === undefined ? process.env : { ...process.env, [CONFIG_FILE_VARIABLE]: path.resolve(io.cwd, values.config) };
  // Loaded here, not imported at the top: inversify's decorators need reflect-metadata first.
  require('reflect-metadata');
  const { startServer } = require('../server-start') as typeof import('../server-start');
  void startServer(env, io.cwd);
  return 0;
}
