import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { freePort } from '../support/free-port';
import { packedFlowgate } from './packed-flowgate';

const ROOT = path.resolve(__dirname, '..', '..');
const ROOT_MODULES = path.join(ROOT, 'node_modules');
/** Preloaded into a served process to start its clock at a given time. */
const SHIFTED_CLOCK = path.join(__dirname, 'fixtures', 'shifted-clock.js');

/**
 * The packages `npm install` may install in a project made by `PluginProject.create()`, besides
 * `flowgate`: the test tools of the tutorial, taken from this checkout's node_modules (the tests
 * run without a network).
 */
export const DEV_PACKAGES: readonly string[] = ['jest', '@swc/jest', '@swc/core', 'typescript', '@types/node'];

/** What `npm install` installs in a project made by `PluginProject.create()`. */
export const INSTALLED_PACKAGES: readonly string[] = ['flowgate', ...DEV_PACKAGES];

/** What a command printed and how it ended. */
export interface CommandResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** How `PluginProject.serve()` starts the server. */
export interface ServeOptions {
  /** Added to the server's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Where the server's clock starts (ms since the epoch); it runs on from there. Default: the real
   * time. The server has no clock option, so the process's own clock is shifted (see the fixture).
   */
  readonly clockStart?: number;
}

/** A server started by `PluginProject.serve()`. */
export interface ServedFlowgate {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The sign-in URL the server logged at start (`.../realms/<realm>/login...`). */
  readonly loginUrl: string;
  /** Stops it (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * A throw-away Node project outside this repository, where a plugin author works. `npm install
 * flowgate` installs the package as it would be published: this checkout packed by `npm pack`
 * and unpacked into `node_modules/flowgate`, with the dependencies its package.json declares
 * linked from this checkout's node_modules (the registry is not reached). So a file missing from
 * the package, a broken `exports` map or an undeclared dependency fails here as it would for a
 * newcomer. Commands run as a person types them.
 */
export class PluginProject {
  private constructor(readonly dir: string) {}

  static create(): PluginProject {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-plugin-project-'));
    fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'acme-sign-in', version: '1.0.0', private: true }, null, 2)}\n`);
    return new PluginProject(dir);
  }

  /** Writes `text` to `file` (relative to the project), creating directories. */
  write(file: string, text: string): void {
    const target = path.join(this.dir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
  }

  /**
   * Runs a command line as typed: `npm install [--save-dev] <packages>` (see the class), `npx
   * flowgate ...` (the installed package's bin), `npx jest ...` or `npx tsc ...` (the installed
   * tools). Arguments are split on spaces; quotes are not supported.
   */
  run(command: string): CommandResult {
    const [program, ...args] = words(command);
    if (program === 'npm' && args[0] === 'install') return this.install(args.slice(1).filter((a) => !a.startsWith('-')));
    if (program === 'npx' && args[0] === 'flowgate') return this.node(this.installed('flowgate', 'bin/flowgate.js'), args.slice(1));
    if (program === 'npx' && args[0] === 'jest') return this.node(this.installed('jest', 'bin/jest.js'), ['--ci', ...args.slice(1)]);
    if (program === 'npx' && args[0] === 'tsc') return this.node(this.installed('typescript', 'bin/tsc'), args.slice(1));
    throw new Error(`the test project cannot run: ${command}`);
  }

  /**
   * Runs `npx flowgate start ...` in the background on a free port (the `PORT` variable), with
   * `options.env` added, and resolves once it logged that it listens; rejects with its output if it
   * exits first. With `options.clockStart` (ms since the epoch) the server's clock starts there.
   */
  async serve(command: string, options: ServeOptions = {}): Promise<ServedFlowgate> {
    const [program, tool, sub, ...rest] = words(command);
    if (program !== 'npx' || tool !== 'flowgate' || sub !== 'start') throw new Error(`not a start command: ${command}`);
    const port = await freePort();
    const clockStart = options.clockStart === undefined ? undefined : String(options.clockStart);
    const preload = clockStart === undefined ? [] : ['--require', SHIFTED_CLOCK];
    const child = spawn(process.execPath, [...preload, this.installed('flowgate', 'bin/flowgate.js'), 'start', ...rest], {
      cwd: this.dir,
      env: {
        ...process.env,
        FORCE_COLOR: '0',
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        ...(clockStart !== undefined && { TEST_CLOCK_START: clockStart }),
        ...options.env,
      },
    });
    let output = '';
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const loginUrl = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        output += chunk.toString('utf8');
        const listening = /sign in at (http\S+?)["\s]/.exec(output);
        if (listening) resolve(listening[1]!);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => reject(new Error(`flowgate start exited (${code}) before listening:\n${output}`)));
    });
    return {
      url: `http://127.0.0.1:${port}`,
      loginUrl,
      stop: async () => {
        if (child.exitCode === null) child.kill('SIGTERM');
        await exited;
      },
    };
  }

  /** `npm install`: `flowgate` from the packed checkout, the test tools linked from this checkout. */
  private install(packages: readonly string[]): CommandResult {
    const unknown = packages.filter((p) => !INSTALLED_PACKAGES.includes(p));
    if (unknown.length > 0) throw new Error(`the test project cannot install ${unknown.join(', ')}`);
    for (const name of packages) {
      if (name === 'flowgate') this.installPacked();
      else link(path.join(ROOT_MODULES, name), path.join(this.dir, 'node_modules', name));
    }
    return { status: 0, stdout: '', stderr: '' };
  }

  private installPacked(): void {
    const target = path.join(this.dir, 'node_modules', 'flowgate');
    fs.rmSync(target, { recursive: true, force: true });
    fs.mkdirSync(target, { recursive: true });
    const untar = spawnSync('tar', ['-xzf', packedFlowgate(), '-C', target, '--strip-components=1'], { encoding: 'utf8' });
    if (untar.status !== 0) throw new Error(`unpacking flowgate failed: ${untar.stderr}`);
    const manifest = JSON.parse(fs.readFileSync(path.join(target, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    for (const dependency of Object.keys(manifest.dependencies ?? {})) link(path.join(ROOT_MODULES, dependency), path.join(this.dir, 'node_modules', dependency));
    // What typed imports of the kit's declarations reach (express, ...), as npm would bring them.
    link(path.join(ROOT_MODULES, '@types'), path.join(this.dir, 'node_modules', '@types'));
  }

  /** A file of an installed package; throws, as npx would fail, when it is not installed. */
  private installed(name: string, file: string): string {
    const target = path.join(this.dir, 'node_modules', name, file);
    if (!fs.existsSync(target)) throw new Error(`${name} is not installed in the test project (npm install ${name} first)`);
    return target;
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

function words(command: string): string[] {
  if (/["'`$|&;<>]/.test(command)) throw new Error(`only plain commands are supported: ${command}`);
  return command.trim().split(/\s+/);
}

/** Links `from` at `to` (a directory symlink), as an installed package. */
function link(from: string, to: string): void {
  if (!fs.existsSync(from)) throw new Error(`${from} is not in this checkout's node_modules`);
  if (fs.existsSync(to)) return;
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.symlinkSync(from, to, 'dir');
}

function listTypeScript(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listTypeScript(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}
