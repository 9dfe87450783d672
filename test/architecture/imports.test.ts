import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cycleEdges, engineEntryViolations, folderCycles, longFiles, pluginBoundaryViolations, readImports } from './import-graph';

const ROOT = path.resolve(__dirname, '../..');
const SHIPPED = ['src', 'authenticators', 'examples'];

describe("the import rules (the README's layout section)", () => {
  const edges = readImports(ROOT, SHIPPED);

  it('reads the real tree (a guard against a walker that finds nothing)', () => {
    expect(edges.length).toBeGreaterThan(500);
    expect(edges.some((edge) => edge.from.startsWith('authenticators/') && edge.to.startsWith('src/spi/'))).toBe(true);
  });

  it('plugins, examples and src/spi import only the plugin kit', () => {
    const found = pluginBoundaryViolations(edges).map((v) => `${v.edge.from} -> ${v.edge.specifier} (${v.rule})`);
    expect(found).toEqual([]);
  });

  it('no folder imports a folder that imports it back', () => {
    const found = folderCycles(edges).map((cycle) => ({ cycle, edges: cycleEdges(edges, cycle) }));
    expect(found).toEqual([]);
  });

  it('the rest of Flowgate enters the engine through src/engine/index.ts only', () => {
    expect(engineEntryViolations(edges).map((v) => `${v.edge.from} -> ${v.edge.specifier}`)).toEqual([]);
  });

  it('no executor file is over 300 lines', () => {
    expect(longFiles(ROOT, 'src/engine/executor', 300)).toEqual([]);
  });
});

describe('the import checker', () => {
  let root: string;
  const write = (file: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'fg-imports-'));
    write('src/spi/index.ts', "export * from './outcome';\n");
    write('src/spi/outcome.ts', 'export const success = () => ({ type: "success" });\n');
    write('src/plugin-kit.ts', "export * from './spi';\nexport { FlowHarness } from './testing/harness';\n");
    write('src/testing/harness.ts', "import { run } from '../engine';\nexport class FlowHarness { run = run; }\n");
    write('src/engine/index.ts', "import type { Outcome } from '../spi';\nexport const run = () => 1;\n");
    write('authenticators/ok/ok.authenticator.ts', "import { success } from '../../src/spi';\nimport { helper } from '../shared/helper';\n");
    write('authenticators/shared/helper.ts', 'export const helper = 1;\n');
    write('authenticators/ok/ok.test.ts', "import { FlowHarness } from '../../src/plugin-kit';\n");
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('passes a tree that keeps the rules', () => {
    const edges = readImports(root, SHIPPED);
    expect(pluginBoundaryViolations(edges)).toEqual([]);
    expect(folderCycles(edges)).toEqual([]);
  });

  it('finds a plugin that imports the engine, also as a type, a re-export or a require()', () => {
    write('authenticators/bad/a.ts', "import type { X } from '../../src/engine';\n");
    write('authenticators/bad/b.ts', "export { run } from '../../src/engine/index';\n");
    write('examples/plugins/c/c.ts', "const engine = require('../../../src/engine');\n");
    const found = pluginBoundaryViolations(readImports(root, SHIPPED)).map((v) => v.edge.from).sort();
    expect(found).toEqual(['authenticators/bad/a.ts', 'authenticators/bad/b.ts', 'examples/plugins/c/c.ts']);
  });

  it('finds a plugin test that reaches past the kit to the test doubles', () => {
    write('authenticators/ok/ok.test-kit.ts', "import { FlowHarness } from '../../src/testing/harness';\n");
    expect(pluginBoundaryViolations(readImports(root, SHIPPED)).map((v) => v.edge.from)).toEqual(['authenticators/ok/ok.test-kit.ts']);
  });

  it('finds a contract file that imports the engine', () => {
    write('src/spi/context.ts', "import { run } from '../engine';\n");
    expect(pluginBoundaryViolations(readImports(root, SHIPPED)).map((v) => v.rule)).toEqual(['src/spi imports only src/spi']);
  });

  it('finds a deep import into the engine from outside it; the engine itself and tests may reach in', () => {
    write('src/http/handler.ts', "import { run } from '../engine/index';\nimport { plan } from '../engine/planner';\n");
    write('src/engine/planner.ts', "import { run } from './index';\n");
    write('src/http/handler.test.ts', "import { plan } from '../engine/planner';\n");
    expect(engineEntryViolations(readImports(root, SHIPPED)).map((v) => `${v.edge.from} -> ${v.edge.specifier}`)).toEqual(['src/http/handler.ts -> ../engine/planner']);
  });

  it('finds a file over the line limit', () => {
    write('src/engine/executor/long.ts', 'export const x = 1;\n'.repeat(301));
    write('src/engine/executor/short.ts', 'export const x = 1;\n'.repeat(300));
    expect(longFiles(root, 'src/engine/executor', 300)).toEqual(['src/engine/executor/long.ts']);
  });

  it('finds a folder cycle and names the imports that close it; test files do not count', () => {
    write('src/engine/explain.ts', "import { FlowHarness } from '../testing/harness';\n");
    write('src/engine/engine.test.ts', "import { FlowHarness } from '../plugin-kit';\n");
    const edges = readImports(root, SHIPPED);
    expect(folderCycles(edges)).toEqual([['src/engine', 'src/testing']]);
    expect(cycleEdges(edges, ['src/engine', 'src/testing'])).toEqual([
      'src/engine/explain.ts -> ../testing/harness',
      'src/testing/harness.ts -> ../engine',
    ]);
  });
});
