/** Where a command writes and where it runs: the process's streams and directory, or a test's. */
export interface CliIo {
  /** The directory relative paths on the command line are resolved against. */
  readonly cwd: string;
  /** Writes one line of the command's result (stdout). */
  out(line: string): void;
  /** Writes one line of a problem (stderr). */
  err(line: string): void;
}

/** The exit status of a command: 0 done, 1 the input it checked is wrong, 2 the command line is wrong. */
export type ExitCode = 0 | 1 | 2;
