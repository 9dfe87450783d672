import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { decodePointer, encodePointer } from './json-pointer';

/** A line and column in a file's text, both 1-based. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/**
 * One document the loader reads: its name, its parsed value and, when it came from text, a way
 * to find where a JSON Pointer is in that text. Documents handed over already parsed (an admin
 * API payload) have no text, so their errors carry no line.
 */
export interface JsonSource {
  /** The file name as given (relative to the flows directory), or the document's name. */
  readonly file: string;
  readonly value: unknown;
  /** Line and column of the node at `pointer`, or of its nearest existing ancestor. */
  locate(pointer: string): TextPosition | undefined;
}

/** A syntax problem found while parsing. */
export interface SyntaxProblem {
  readonly message: string;
  /** Where in the document, when known (a duplicate key); a parse error has only a position. */
  readonly pointer?: string;
  readonly position: TextPosition;
}

const PARSE_OPTIONS = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

const SYNTAX_MESSAGES: Readonly<Record<string, string>> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes (trailing commas are not allowed)',
  ValueExpected: 'expected a value (trailing commas are not allowed)',
  ColonExpected: "expected ':'",
  CommaExpected: "expected ','",
  CloseBraceExpected: "expected '}'",
  CloseBracketExpected: "expected ']'",
  EndOfFileExpected: 'unexpected content after the end of the document',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'control characters must be escaped inside strings',
};

/** Wraps an already parsed value: no text, so no positions. */
export function valueSource(file: string, value: unknown): JsonSource {
  return { file, value, locate: () => undefined };
}

/**
 * Parses strict JSON (no comments, no trailing commas, no duplicate keys) and keeps the parse tree
 * so errors found later can name a line. Values are rebuilt from the tree as own data properties,
 * so a `__proto__` key stays an ordinary (and, against our schemas, unknown) property instead of
 * replacing an object's prototype.
 */
export function parseJsonSource(
  file: string,
  rawText: string,
): { source?: JsonSource; problems: SyntaxProblem[]; recovered?: unknown } {
  // A leading byte-order mark is an editor artefact, not content; it is not counted as a column.
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  const lines = lineStarts(text);
  const position = (offset: number): TextPosition => positionAt(lines, offset);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, PARSE_OPTIONS);
  const problems: SyntaxProblem[] = [];
  const seenOffsets = new Set<number>();
  for (const e of errors) {
    // The parser often reports one mistake twice at the same offset (e.g. a trailing comma).
    if (seenOffsets.has(e.offset)) continue;
    seenOffsets.add(e.offset);
    const name = printParseErrorCode(e.error);
    // No pointer: in a document that does not parse, a path is guesswork; line and column are not.
    problems.push({ message: SYNTAX_MESSAGES[name] ?? name, position: position(e.offset) });
  }
  if (root) {
    for (const dup of duplicateKeys(root)) {
      problems.push({ message: `duplicate key '${dup.key}'`, pointer: dup.pointer, position: position(dup.offset) });
    }
  }
  // The parser recovers from errors; its best guess helps avoid follow-up errors elsewhere.
  if (problems.length > 0 || !root) return { problems, recovered: root ? nodeValue(root) : undefined };

  const source: JsonSource = {
    file,
    value: nodeValue(root),
    locate(pointer) {
      const node = nodeAt(root, decodePointer(pointer));
      // A property's key is where a reader looks, so point at it rather than at the value.
      const anchor = node.parent?.type === 'property' ? node.parent : node;
      return position(anchor.offset);
    },
  };
  return { source, problems };
}

function nodeValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const obj: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const [key, value] = prop.children ?? [];
        // Only a recovered value can hold a key twice (the duplicate is an error): keep the first.
        if (!key || !value || Object.hasOwn(obj, String(key.value))) continue;
        Object.defineProperty(obj, String(key.value), { value: nodeValue(value), enumerable: true, writable: true, configurable: true });
      }
      return obj;
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

/** Keys that appear twice in one object: JSON.parse would silently keep the last, hiding the first. */
function duplicateKeys(root: Node): Array<{ key: string; pointer: string; offset: number }> {
  const found: Array<{ key: string; pointer: string; offset: number }> = [];
  const walk = (node: Node, path: string[]): void => {
    if (node.type === 'object') {
      const seen = new Set<string>();
      for (const prop of node.children ?? []) {
        const [key, value] = prop.children ?? [];
        if (!key) continue;
        const name = String(key.value);
        if (seen.has(name)) found.push({ key: name, pointer: encodePointer([...path, name]), offset: prop.offset });
        seen.add(name);
        if (value) walk(value, [...path, name]);
      }
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((child, i) => walk(child, [...path, String(i)]));
    }
  };
  walk(root, []);
  return found;
}

/** The deepest node along `segments` that exists. */
function nodeAt(root: Node, segments: readonly string[]): Node {
  let node = root;
  for (const segment of segments) {
    let next: Node | undefined;
    if (node.type === 'object') {
      next = node.children?.find((p) => p.children?.[0]?.value === segment)?.children?.[1];
    } else if (node.type === 'array' && /^(0|[1-9][0-9]*)$/.test(segment)) {
      next = node.children?.[Number(segment)];
    }
    if (!next) break;
    node = next;
  }
  return node;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) starts.push(i + 1);
    else if (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a) starts.push(i + 1);
  }
  return starts;
}

function positionAt(starts: readonly number[], offset: number): TextPosition {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
}
