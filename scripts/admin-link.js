#!/usr/bin/env node
// `node scripts/admin-link.js [--email you@example.com]`: prints a one-time sign-in link to the
// admin console (15 minutes), for the first sign-in or when every administrator is locked out.
// With --email that address becomes an administrator first. Reads the same configuration as the
// server (FLOWGATE_CONFIG, environment) and builds dist/ first when it is stale.
'use strict';
require('./run-dist').runDist('src/cli/admin-link.js');
