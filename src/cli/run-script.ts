import { FlowgateError, FlowgateErrors } from '../errors';

/**
 * Runs a maintenance script's `main` and exits with its status. A coded error is printed as its
 * message (the operator's to fix); anything else with its stack (a bug).
 */
export function runScript(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      const text = err instanceof FlowgateErrors || err instanceof FlowgateError ? err.message : ((err as Error)?.stack ?? String(err));
      process.stderr.write(`flowgate: ${text}\n`);
      process.exit(1);
    },
  );
}
