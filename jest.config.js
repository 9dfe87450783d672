/** @type {import('jest').Config} */
const swc = ['@swc/jest', require('./test/support/swc-options')];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/authenticators', '<rootDir>/examples', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': swc },
  // These packages ship ES modules only (inversify 8, the OpenID Connect provider and client, jose):
  // node 20 require()s them, jest does not, so swc rewrites them to CommonJS like our own code.
  transformIgnorePatterns: ['/node_modules/(?!(inversify|@inversifyjs|oidc-provider|openid-client|jose|oauth4webapi)/)'],
  setupFiles: ['reflect-metadata'],
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  // PostgreSQL answers over a socket, and each suite's database is a fresh copy: the same tests
  // take two to three times as long there as on in-memory SQLite.
  testTimeout: process.env.FLOWGATE_TEST_POSTGRES ? 90000 : 30000,
};
