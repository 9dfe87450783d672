#!/usr/bin/env node
// Builds dist/ from scratch: TypeScript through tsconfig.build.json, then the non-TypeScript files
// of src/ and authenticators/ (templates, JSON schemas, message bundles a plugin keeps beside its
// code) copied to the same relative paths, so code that finds them from __dirname works from dist/
// as it does under jest. Writes dist/.build-stamp last; scripts/start.js compares sources with it.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
/** Written after a successful build; its mtime is when that build started. */
const STAMP = path.join(DIST, '.build-stamp');
/** Trees whose other files are copied next to the compiled code. */
const ASSET_TREES = ['src', 'authenticators'];

/** Whether a file is left to tsc or is no part of the build (tests and their fixtures). */
function skipped(name) {
  return name.endsWith('.ts') || /\.test\.[^.]+$/.test(name);
}

function copyAssets(from, to) {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__tests__' && entry.name !== 'fixtures') copyAssets(source, target);
    } else if (entry.isFile() && !skipped(entry.name)) {
      fs.mkdirSync(to, { recursive: true });
      fs.copyFileSync(source, target);
    }
  }
}

/** Builds dist/; returns false (after tsc has printed why) when compilation fails. */
function build() {
  const started = new Date();
  // From scratch: a file deleted from src/ must not live on in dist/.
  fs.rmSync(DIST, { recursive: true, force: true });
  const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) return false;
  for (const tree of ASSET_TREES) {
    if (fs.existsSync(path.join(ROOT, tree))) copyAssets(path.join(ROOT, tree), path.join(DIST, tree));
  }
  fs.writeFileSync(STAMP, `${started.toISOString()}\n`);
  // Dated to the start: a source saved during the build is newer than the stamp and triggers the next one.
  fs.utimesSync(STAMP, started, started);
  return true;
}

/**
 * What a build depends on. flows/ and templates/ are read at run time, not compiled; they are
 * watched too so that a build which starts bundling them needs no change here.
 */
const SOURCES = ['src', 'authenticators', 'flows', 'templates', 'tsconfig.json', 'tsconfig.build.json'];

/** The newest mtime in a tree; directories count, so a deleted or renamed file shows too. */
function newestMtime(file) {
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return 0;
  }
  let newest = stat.mtimeMs;
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(file)) newest = Math.max(newest, newestMtime(path.join(file, name)));
  }
  return newest;
}

/** Whether dist/ must be built before running `entry` (a compiled file): missing, or older than a source. */
function isStale(entry) {
  let stamp;
  try {
    stamp = fs.statSync(STAMP).mtimeMs;
  } catch {
    return true;
  }
  if (!fs.existsSync(entry)) return true;
  return SOURCES.some((source) => newestMtime(path.join(ROOT, source)) > stamp);
}

module.exports = { build, isStale, newestMtime, ROOT, DIST, STAMP };

if (require.main === module) process.exitCode = build() ? 0 : 1;
