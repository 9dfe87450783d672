#!/usr/bin/env node
// `npm start`: builds when dist/ is missing or older than the sources, then runs the server.
// `npm run dev` (`--dev`): always builds first. Other arguments are passed to the server.
'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');
const { build, isStale, DIST } = require('./build');
const { SERVER_NODE_ARGS, DEV_NODE_ARGS } = require('./server-node-args');

const ENTRY = path.join(DIST, 'src', 'main.js');

function main() {
  const args = process.argv.slice(2);
  const dev = args.includes('--dev');
  if (dev || isStale(ENTRY)) {
    console.error(dev ? 'flowgate: building (dev)…' : 'flowgate: building (dist/ is missing or older than the sources)…');
    if (!build()) {
      console.error('flowgate: build failed');
      process.exit(1);
    }
  }
  const nodeArgs = dev ? [...SERVER_NODE_ARGS, ...DEV_NODE_ARGS] : SERVER_NODE_ARGS;
  const child = spawn(process.execPath, [...nodeArgs, ENTRY, ...args.filter((a) => a !== '--dev')], { stdio: 'inherit' });
  // Ctrl-C reaches the whole process group, the server included: here it only keeps this process
  // waiting for the server's exit (passing it on would be a second Ctrl-C). A SIGTERM or SIGHUP
  // sent to this process alone (a supervisor's stop) is passed on.
  process.on('SIGINT', () => {});
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) {
      // End the same way, so whoever started us sees the signal; our handlers must not catch it.
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else {
      process.exit(code ?? 1);
    }
  });
}

main();
