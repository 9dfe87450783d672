import { FlowgateError, FlowgateErrors, type ErrorCode } from '../errors';
import type { JsonSource } from './json-source';

/**
 * Collects every problem of every document, so an admin fixes all of them in one round. Errors
 * come out ordered by document (in the order the documents were given), then by line.
 */
export class Diagnostics {
  private readonly entries: Array<{ error: FlowgateError; seq: number }> = [];

  /** @param fileOrder the documents' names, in the order errors should be reported. */
  constructor(private readonly fileOrder: readonly string[] = []) {}

  /** Records an error at `pointer` in `source` (line and column found from the source's text). */
  at(code: ErrorCode, detail: string, source: JsonSource, pointer: string): void {
    const pos = source.locate(pointer);
    this.push(new FlowgateError(code, detail, { file: source.file, path: pointer, ...pos }));
  }

  /** Records an error that belongs to no single document (no realm file, say). */
  general(code: ErrorCode, detail: string, file?: string): void {
    this.push(new FlowgateError(code, detail, file === undefined ? undefined : { file }));
  }

  /** Records an already built error. */
  push(error: FlowgateError): void {
    this.entries.push({ error, seq: this.entries.length });
  }

  /** Whether anything was recorded. */
  get empty(): boolean {
    return this.entries.length === 0;
  }

  /** The errors so far, in report order. */
  errors(): FlowgateError[] {
    const rank = (file: string | undefined): number => {
      const i = file === undefined ? -1 : this.fileOrder.indexOf(file);
      return i === -1 ? this.fileOrder.length : i;
    };
    return [...this.entries]
      .sort(
        (a, b) =>
          rank(a.error.location?.file) - rank(b.error.location?.file) ||
          (a.error.location?.line ?? 0) - (b.error.location?.line ?? 0) ||
          (a.error.location?.column ?? 0) - (b.error.location?.column ?? 0) ||
          a.seq - b.seq,
      )
      .map((e) => e.error);
  }

  /** Throws every recorded error as one `FlowgateErrors`; does nothing when there is none. */
  throwIfAny(): void {
    if (!this.empty) throw new FlowgateErrors(this.errors());
  }
}
