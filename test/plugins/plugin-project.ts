import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');
const FLOWGATE_BIN = path.join(ROOT, 'bin', 'flowgate.js');
const JEST_BIN = path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');

/** The packages a project made by `PluginProject.create()` has installed. */
export const INSTALLED_PACKAGES: readonly string[] = ['flowgate', 'jest', '@swc/jest', '@swc/core'];

/** What a command printed and how it ended. */
export interface CommandResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A throw-away Node project outside this repository, where a plugin author works: Flowgate and
 * jest with swc are "installed". `node_modules/flowgate` stands for the published package (its
 * `flowgate/plugin-kit` export, types included, is this checkout's `src/plugin-kit.ts`), and
 * `node_modules/@swc` is this checkout's. Commands run as a person types them.
 */
export class PluginProject {
  private constructor(readonly dir: string) {}

  static create(): PluginProject {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-plugin-project-'));
    const flowgate = path.join(dir, 'node_modules', 'flowgate');
    fs.mkdirSync(flowgate, { recursive: true });
    const kit = path.join(ROOT, 'src', 'plugin-kit');
    fs.writeFileSync(
      path.join(flowgate, 'package.json'),
      JSON.stringify({ name: 'flowgate', exports: { './plugin-kit': { types: './plugin-kit.d.ts', default: './plugin-kit.js' } } }),
    );
    fs.writeFileSync(path.join(flowgate, 'plugin-kit.js'), `module.exports = require(${JSON.stringify(`${kit}.ts`)});\n`);
    fs.writeFileSync(path.join(flowgate, 'plugin-kit.d.ts'), `export * from ${JSON.stringify(kit)};\n`);
    fs.symlinkSync(path.join(ROOT, 'node_modules', '@swc'), path.join(dir, 'node_modules', '@swc'), 'dir');
    return new PluginProject(dir);
  }

  /** Writes `text` to `file` (relative to the project), creating directories. */
  write(file: string, text: string): void {
    const target = path.join(this.dir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
  }

  /**
   * Runs a command line as typed: `npx flowgate ...` (this checkout's bin/flowgate.js), `npx jest
   * ...`, or `npm install <packages>`, which checks the packages are among `INSTALLED_PACKAGES`
   * (they are, from the start). Arguments are split on spaces; quotes are not supported.
   */
  run(command: string): CommandResult {
    if (/["'`$|&;<>]/.test(command)) throw new Error(`only plain commands are supported: ${command}`);
    const [program, ...args] = command.trim().split(/\s+/);
    if (program === 'npm' && args[0] === 'install') {
      const missing = args.slice(1).filter((a) => !a.startsWith('-') && !INSTALLED_PACKAGES.includes(a));
      if (missing.length > 0) throw new Error(`the test project does not provide ${missing.join(', ')}`);
      return { status: 0, stdout: '', stderr: '' };
    }
    if (program === 'npx' && args[0] === 'flowgate') return this.node(FLOWGATE_BIN, args.slice(1));
    if (program === 'npx' && args[0] === 'jest') return this.node(JEST_BIN, ['--ci', ...args.slice(1)]);
    throw new Error(`the test project cannot run: ${command}`);
  }

  /** Type-errors in the project's TypeScript files under `subdir`, as `file(line,col): message` lines. */
  typeErrors(subdir: string): string[] {
    const files = listTypeScript(path.join(this.dir, subdir));
    const program = ts.createProgram(files, {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.Node20,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      esModuleInterop: true,
      resolveJsonModule: true,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      types: ['node', 'jest'],
      typeRoots: [path.join(ROOT, 'node_modules', '@types')],
    });
    // Only the project's own files: the kit is checked with the repository.
    return files.flatMap((file) =>
      [...program.getSyntacticDiagnostics(program.getSourceFile(file)), ...program.getSemanticDiagnostics(program.getSourceFile(file))].map((d) => {
        const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
        return `${path.relative(this.dir, file)}(${at ? `${at.line + 1},${at.character + 1}` : '?'}): ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      }),
    );
  }

  /** Deletes the project. */
  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private node(script: string, args: readonly string[]): CommandResult {
    const result = spawnSync(process.execPath, [script, ...args], { cwd: this.dir, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }
}

function listTypeScript(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listTypeScript(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}
