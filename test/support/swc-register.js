// A require hook that runs TypeScript sources in child processes the way jest does (same swc
// options as jest.config.js: decorators with their metadata, CommonJS). Use: node -r <this> file.ts
'use strict';
require('reflect-metadata');
const fs = require('node:fs');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const options = require('./swc-options');

Module._extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};
