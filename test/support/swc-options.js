// The swc options TypeScript is compiled with under jest and in test child processes: decorators
// with their metadata (typeorm and inversify read it) and CommonJS, the same semantics as tsc.
'use strict';
module.exports = {
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
