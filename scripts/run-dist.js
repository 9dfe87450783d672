// Runs a compiled entry point of dist/ with this process's arguments, building dist/ first when it
// is stale; exits with its status. The maintenance scripts (admin-link, rotate-keys) are this plus a name.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { build, isStale, DIST } = require('./build');

/** Runs `dist/<relative>` (e.g. `src/cli/admin-link.js`) and exits with its status. */
function runDist(relative) {
  const entry = path.join(DIST, relative);
  if (isStale(entry)) {
    console.error('flowgate: building (dist/ is missing or older than the sources)…');
    if (!build()) {
      console.error('flowgate: build failed');
      process.exit(1);
    }
  }
  const result = spawnSync(process.execPath, ['--enable-source-maps', entry, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

module.exports = { runDist };
