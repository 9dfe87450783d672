import { ERROR_CODES, type ErrorCode } from './codes';

/** Where in a config file an error is: the file, the JSON path (`/executions/1/requirement`), the line. */
export interface ErrorLocation {
  readonly file?: string;
  /** JSON Pointer into the file's document; `''` is the whole document. */
  readonly path?: string;
  /** 1-based line in the file, when the file's text is known. */
  readonly line?: number;
  /** 1-based column, likewise. */
  readonly column?: number;
}

/** An error with a stable code from the registry. `detail` adds the specifics to the registry's message. */
export class FlowgateError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly expose: boolean;
  readonly location: ErrorLocation | undefined;
  readonly detail: string | undefined;

  constructor(code: ErrorCode, detail?: string, location?: ErrorLocation, options?: { cause?: unknown }) {
    const spec = ERROR_CODES[code];
    super(formatMessage(code, spec.message, detail, location), options);
    this.name = 'FlowgateError';
    this.code = code;
    this.status = spec.status;
    this.expose = spec.expose;
    this.location = location;
    this.detail = detail;
  }
}

function formatMessage(code: string, base: string, detail?: string, loc?: ErrorLocation): string {
  const where = loc?.file
    ? `${loc.file}${loc.line ? `:${loc.line}${loc.column ? `:${loc.column}` : ''}` : ''}${loc.path !== undefined ? ` at ${loc.path || '/'}` : ''}: `
    : loc?.path !== undefined
      ? `at ${loc.path || '/'}: `
      : '';
  return `${code}: ${where}${base}${detail ? ` — ${detail}` : ''}`;
}

/**
 * Several config errors at once, so an admin fixes a file in one round rather than one error per
 * boot. `errors` keeps each coded error; the message lists them all.
 */
export class FlowgateErrors extends Error {
  readonly errors: readonly FlowgateError[];
  constructor(errors: readonly FlowgateError[]) {
    super(`${errors.length} configuration error(s):\n${errors.map((e) => `  - ${e.message}`).join('\n')}`);
    this.name = 'FlowgateErrors';
    this.errors = errors;
  }
}

/** True when `err` is a FlowgateError with `code`. */
export function isFlowgateError(err: unknown, code?: ErrorCode): err is FlowgateError {
  return err instanceof FlowgateError && (code === undefined || err.code === code);
}
