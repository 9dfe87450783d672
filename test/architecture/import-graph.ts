import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The project's import graph, read from the sources: every relative import, re-export, `require()`
 * and `import()` of every TypeScript and JavaScript file under the given roots. Package imports
 * (`express`, `node:fs`) are not edges: the rules below are about the project's own folders.
 */
export interface ImportEdge {
  /** The importing file, relative to the project root, with `/` separators. */
  readonly from: string;
  /** The imported file as resolved (relative to the root), or the specifier's target path when no file matches. */
  readonly to: string;
  /** The specifier as written. */
  readonly specifier: string;
}

const SOURCE = /\.(ts|js|mjs|cjs)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'coverage', 'data', 'fixtures']);

/** Test code: never compiled into `dist/`, so it may reach further than what it tests. */
export function isTestFile(file: string): boolean {
  return /\.test\.ts$/.test(file) || /\.test-kit\.ts$/.test(file);
}

function listSources(root: string, dir: string, out: string[]): void {
  const full = path.join(root, dir);
  if (!fs.existsSync(full)) return;
  for (const entry of fs.readdirSync(full, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name)) continue;
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) listSources(root, rel, out);
    else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(rel);
  }
}

function resolveTarget(root: string, fromFile: string, specifier: string): string {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
  const candidates = [base, `${base}.ts`, `${base}.js`, `${base}/index.ts`, `${base}/index.js`];
  const found = candidates.find((candidate) => fs.existsSync(path.join(root, candidate)) && fs.statSync(path.join(root, candidate)).isFile());
  return found ?? base;
}

/** Every edge of the files under `dirs` (relative to `root`). */
export function readImports(root: string, dirs: readonly string[]): ImportEdge[] {
  const files: string[] = [];
  for (const dir of dirs) listSources(root, dir, files);
  const edges: ImportEdge[] = [];
  for (const file of files) {
    const info = ts.preProcessFile(fs.readFileSync(path.join(root, file), 'utf8'), true, true);
    for (const imported of info.importedFiles) {
      const specifier = imported.fileName;
      if (!specifier.startsWith('.')) continue;
      edges.push({ from: file, to: resolveTarget(root, file, specifier), specifier });
    }
  }
  return edges;
}

/**
 * The folder a file belongs to for the cycle rule: `src/<folder>` for what is inside a folder of
 * `src/`, `src/<name>` for a file directly in `src/` (`src/main`), else the top-level folder
 * (`authenticators`, `examples`, `flows`).
 */
export function areaOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'src') return parts.length > 2 ? `src/${parts[1]}` : `src/${parts[1].replace(/\.[a-z]+$/, '')}`;
  return parts[0];
}

/** What plugins may import: the kit, and nothing else of Flowgate. */
export const PLUGIN_KIT = ['src/spi/', 'src/plugin-kit.ts'] as const;

/** One import that crosses a boundary it must not. */
export interface Violation {
  readonly rule: string;
  readonly edge: ImportEdge;
}

function within(file: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => (prefix.endsWith('/') ? file.startsWith(prefix) : file === prefix));
}

/**
 * The plugin boundary. A file of `src/spi/` imports only `src/spi/`: the contract stands alone. A
 * file of a plugin tree (`authenticators/`, `examples/`) imports its own tree and the kit; its
 * tests may use the kit's harness (`src/plugin-kit.ts`) but nothing else of the engine either.
 */
export function pluginBoundaryViolations(edges: readonly ImportEdge[]): Violation[] {
  const violations: Violation[] = [];
  for (const edge of edges) {
    if (edge.from.startsWith('src/spi/') && !edge.to.startsWith('src/spi/')) {
      violations.push({ rule: 'src/spi imports only src/spi', edge });
    }
    const tree = ['authenticators/', 'examples/'].find((prefix) => edge.from.startsWith(prefix));
    if (tree !== undefined && !edge.to.startsWith(tree) && !within(edge.to, PLUGIN_KIT)) {
      violations.push({ rule: `${tree.slice(0, -1)} imports only its own tree and the plugin kit (src/spi, src/plugin-kit.ts)`, edge });
    }
  }
  return violations;
}

/**
 * Folder cycles among the code that ships (test files left out): each strongly connected set of
 * two or more areas, with one edge per pair that closes it, sorted so the message is stable.
 */
export function folderCycles(edges: readonly ImportEdge[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const edge of edges) {
    if (isTestFile(edge.from)) continue;
    const a = areaOf(edge.from);
    const b = areaOf(edge.to);
    if (a === b) continue;
    if (!graph.has(a)) graph.set(a, new Set());
    if (!graph.has(b)) graph.set(b, new Set());
    graph.get(a)!.add(b);
  }
  // Tarjan's strongly connected components.
  let index = 0;
  const indices = new Map<string, number>();
  const lowlinks = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string): void => {
    indices.set(node, index);
    lowlinks.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        lowlinks.set(node, Math.min(lowlinks.get(node)!, lowlinks.get(next)!));
      } else if (onStack.has(next)) {
        lowlinks.set(node, Math.min(lowlinks.get(node)!, indices.get(next)!));
      }
    }
    if (lowlinks.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!indices.has(node)) visit(node);
  return components.sort((a, b) => a[0].localeCompare(b[0]));
}

/** The files (not tests) inside `area` that import something of each other area of its cycle: what to move. */
export function cycleEdges(edges: readonly ImportEdge[], cycle: readonly string[]): string[] {
  const members = new Set(cycle);
  return edges
    .filter((edge) => !isTestFile(edge.from) && members.has(areaOf(edge.from)) && members.has(areaOf(edge.to)) && areaOf(edge.from) !== areaOf(edge.to))
    .map((edge) => `${edge.from} -> ${edge.specifier}`);
}

/**
 * The engine's one door: code outside `src/engine/` (tests aside) imports the engine through
 * `src/engine/index.ts` only, so the engine's inside can be reorganised without touching callers.
 */
export function engineEntryViolations(edges: readonly ImportEdge[]): Violation[] {
  return edges
    .filter((edge) => !isTestFile(edge.from) && !edge.from.startsWith('src/engine/'))
    .filter((edge) => edge.to.startsWith('src/engine/') && edge.to !== 'src/engine/index.ts')
    .map((edge) => ({ rule: 'outside src/engine, import the engine from src/engine/index.ts only', edge }));
}

/** Files of `dir` (relative to `root`) longer than `maxLines` lines: an executor file past 300 lines holds two ideas. */
export function longFiles(root: string, dir: string, maxLines: number): string[] {
  const files: string[] = [];
  listSources(root, dir, files);
  return files.filter((file) => !isTestFile(file) && fs.readFileSync(path.join(root, file), 'utf8').split('\n').length > maxLines + 1);
}
