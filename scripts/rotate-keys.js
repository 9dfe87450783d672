#!/usr/bin/env node
// `node scripts/rotate-keys.js <realm> [--publish-ahead <seconds>]`: rotates a realm's token
// signing keys (OpenID Connect); running servers pick the new keys up within a minute. Reads the
// same configuration as the server (FLOWGATE_CONFIG, environment) and builds dist/ first when it
// is stale.
'use strict';
require('./run-dist').runDist('src/cli/rotate-keys.js');
