/**
 * oidc-provider, loaded once for the whole area. It warns at load that it supports Node 22 and
 * later only; Flowgate runs it on Node 20.19, where it is tested (docs/decisions.md §1), so that
 * one line is dropped while it loads. Every other warning of the library passes.
 */
const warn = console.warn;
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].startsWith('oidc-provider WARNING: Unsupported runtime')) return;
  warn(...args);
};
let lib: typeof import('oidc-provider');
try {
  lib = require('oidc-provider') as typeof import('oidc-provider');
} finally {
  console.warn = warn;
}

export const { Provider, errors, interactionPolicy } = lib;
export type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
