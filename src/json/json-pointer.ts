/** JSON Pointers (RFC 6901), the paths every loader error carries: `/executions/1/requirement`. */

/** Builds a pointer from path segments. */
export function encodePointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** Splits a pointer into its segments; `''` is the whole document. */
export function decodePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Appends segments to a pointer. */
export function joinPointer(base: string, ...segments: (string | number)[]): string {
  return base + encodePointer(segments);
}

/** The value at `pointer` inside `value`, if any (own properties only). */
export function valueAt(value: unknown, pointer: string): unknown {
  let current = value;
  for (const segment of decodePointer(pointer)) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}
