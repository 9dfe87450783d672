#!/usr/bin/env node
// `node scripts/admin-link.js [--email you@example.com]`: prints a one-time sign-in link to the
// admin console (15 minutes), for the first sign-in or when every administrator is locked out.
// With --email that address becomes an administrator first. Reads the same configuration as the
// server (FLOWGATE_CONFIG, environment) and builds dist/ first when it is stale.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { build, isStale, DIST } = require('./build');

const ENTRY = path.join(DIST, 'src', 'cli', 'admin-link.js');

if (isStale(ENTRY)) {
  console.error('flowgate: building (dist/ is missing or older than the sources)…');
  if (!build()) {
    console.error('flowgate: build failed');
    process.exit(1);
  }
}
const result = spawnSync(process.execPath, ['--enable-source-maps', ENTRY, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
