// The node options the server runs with: `npm start` passes them, and the bench starts its servers
// with them too, so that it measures what `npm start` runs. Why each one: docs/decisions.md §27.
'use strict';

/**
 * `--max-semi-space-size=4` (MB): V8's young generation may otherwise grow to 16 MB per
 * semi-space, three of them resident once a burst of allocation has touched them; at 4 MB the
 * server holds about 20 MB less at idle and under load, for a few per cent more CPU in
 * scavenges (the figures are in §27). Options given on the command line win over `NODE_OPTIONS`:
 * to choose another size, run `node --max-semi-space-size=N dist/src/main.js` yourself.
 */
const SERVER_NODE_ARGS = Object.freeze(['--max-semi-space-size=4']);

/**
 * Added by `npm run dev` only: stack traces of the TypeScript sources. Node then reads and keeps
 * the source map of every module it loads, dependencies included, which costs about 10 MB and a
 * tenth of the start-up, so `npm start` runs without it.
 */
const DEV_NODE_ARGS = Object.freeze(['--enable-source-maps']);

module.exports = { SERVER_NODE_ARGS, DEV_NODE_ARGS };
