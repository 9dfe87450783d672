/**
 * oidc-provider, loaded once for the whole area, on first use: it and koa are the largest module
 * tree Flowgate has, and nothing needs them before the first OpenID Connect request builds a
 * realm's provider, so loading them at boot only delayed the first page (docs/decisions.md §27).
 *
 * It warns at load that it supports Node 22 and later only; Flowgate runs it on Node 20.19, where
 * it is tested (docs/decisions.md §1), so that one line is dropped while it loads. Every other
 * warning of the library passes.
 */
type Lib = typeof import('oidc-provider');

let lib: Lib | undefined;

/** The library; the first call loads it. */
export function oidcProviderLib(): Lib {
  if (lib) return lib;
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('oidc-provider WARNING: Unsupported runtime')) return;
    warn(...args);
  };
  try {
    lib = require('oidc-provider') as Lib;
  } finally {
    console.warn = warn;
  }
  return lib;
}

export type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
