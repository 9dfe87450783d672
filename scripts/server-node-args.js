// The node options the server runs with: `npm start` passes them, and the bench starts its servers
// with them too, so that it measures what `npm start` runs. What was measured: docs/decisions.md §27.
'use strict';

/**
 * None today. `--max-semi-space-size=4` kept about 20 MB less right after start but let the peak
 * under load grow (more objects survive to the old generation); `--optimize-for-size` brought the
 * peak to about 120 MB for 20–25 % more CPU per sign-in. Both are in §27, for a node short of
 * memory to choose.
 */
const SERVER_NODE_ARGS = Object.freeze([]);

/**
 * Added by `npm run dev` only: stack traces of the TypeScript sources. Node then reads and keeps
 * the source map of every module it loads, dependencies included, which costs about 10 MB and a
 * tenth of the start-up, so `npm start` runs without it.
 */
const DEV_NODE_ARGS = Object.freeze(['--enable-source-maps']);

module.exports = { SERVER_NODE_ARGS, DEV_NODE_ARGS };
