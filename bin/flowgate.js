#!/usr/bin/env node
// The `flowgate` command (`flowgate new-plugin`, `flowgate validate`, `flowgate start`, `flowgate help`).
// In a source checkout (src/ and the dev dependencies present) it runs the TypeScript sources
// through the swc require hook the tests use, so the command always matches the code beside it and
// TypeScript plugins named by `--plugins` load as they do under jest. An installed package, which
// ships only dist/, runs the compiled code (`npm run build` makes it in a checkout).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const SOURCE_ENTRY = path.join(ROOT, 'src', 'cli', 'main.ts');
const BUILT_ENTRY = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const SWC_REGISTER = path.join(ROOT, 'test', 'support', 'swc-register.js');

/** Whether the swc hook can run here: its file, and @swc/core (a dev dependency) installed. */
function canCompileSources() {
  if (!fs.existsSync(SOURCE_ENTRY) || !fs.existsSync(SWC_REGISTER)) return false;
  try {
    require.resolve('@swc/core', { paths: [ROOT] });
    return true;
  } catch {
    return false;
  }
}

function loadCli() {
  if (canCompileSources()) {
    require(SWC_REGISTER);
    return require(SOURCE_ENTRY);
  }
  if (fs.existsSync(BUILT_ENTRY)) {
    require('reflect-metadata');
    return require(BUILT_ENTRY);
  }
  process.stderr.write(`flowgate: neither ${path.relative(process.cwd(), SOURCE_ENTRY)} (with its dev dependencies) nor a build in dist/ was found; run npm run build\n`);
  process.exit(1);
}

const { runCli, processIo } = loadCli();
// exitCode, not exit(): output written to a pipe is flushed before the process ends.
process.exitCode = runCli(process.argv.slice(2), processIo());
