import { parseArgs } from 'node:util';
import { FlowgateError } from '../errors';

/** A command line that cannot be run: `FG_CLI_USAGE` with what is wrong. */
export function usageError(detail: string): FlowgateError {
  return new FlowgateError('FG_CLI_USAGE', detail);
}

/** A command's arguments: its positionals and the values of its `--options`. */
export interface CommandLine {
  readonly values: Readonly<Record<string, string | undefined>>;
  readonly positionals: readonly string[];
}

/**
 * Parses a command's arguments: positionals plus the named string options (`--name value` or
 * `--name=value`). An unknown option, or one without its value, is a usage error.
 */
export function parseCommandLine(args: readonly string[], options: readonly string[]): CommandLine {
  try {
    const parsed = parseArgs({
      args: [...args],
      options: Object.fromEntries(options.map((name) => [name, { type: 'string' as const }])),
      allowPositionals: true,
      strict: true,
    });
    return { values: parsed.values as Record<string, string | undefined>, positionals: parsed.positionals };
  } catch (err) {
    throw usageError((err as Error).message);
  }
}
