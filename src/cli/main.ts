import { isFlowgateError } from '../errors';
import type { CliIo, ExitCode } from './cli-io';
import { NEW_PLUGIN_USAGE, newPluginCommand } from './new-plugin.command';
import { START_USAGE, startCommand } from './start.command';
import { usageError } from './usage';
import { VALIDATE_USAGE, validateCommand } from './validate.command';

export type { CliIo, ExitCode } from './cli-io';

/** `flowgate help`. */
export const USAGE = `Usage: flowgate <command> [options]

${NEW_PLUGIN_USAGE}

${VALIDATE_USAGE}

${START_USAGE}

flowgate help

  Shows this text.`;

/**
 * Runs one `flowgate` command line (without the program name) and returns its exit status. Coded
 * errors are printed, not thrown: a wrong command line (2, with the usage), or a problem with what
 * it names (1). Anything else is a bug and is thrown. `start` returns 0 once the server is starting;
 * the process then runs until the server stops.
 */
export function runCli(argv: readonly string[], io: CliIo): ExitCode {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'new-plugin':
        return newPluginCommand(args, io);
      case 'validate':
        return validateCommand(args, io);
      case 'start':
        return startCommand(args, io);
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return 0;
      case undefined:
        throw usageError('no command given');
      default:
        throw usageError(`unknown command '${command}'`);
    }
  } catch (err) {
    if (isFlowgateError(err, 'FG_CLI_USAGE')) {
      io.err(`flowgate: ${err.message}`);
      io.err(USAGE);
      return 2;
    }
    if (isFlowgateError(err)) {
      io.err(`flowgate: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

/** The process's own streams and working directory. */
export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  };
}
