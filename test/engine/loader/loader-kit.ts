import { FlowgateErrors, type FlowgateError } from '../../../src/errors';
import { loadDocuments, type TextDocument } from '../../../src/engine/loader';
import { PluginRegistry } from '../../../src/engine/plugin-registry';
import { defineAuthenticator, defineCondition, defineRequiredAction, success } from '../../../src/spi';

/**
 * A fresh registry with small fake plugins:
 * - `cookie`: no config, REQUIRED/ALTERNATIVE/DISABLED;
 * - `identify-email`: only REQUIRED;
 * - `magic-link`: config with defaults (`linkLifetimeSeconds` 600, `subjectKey`), REQUIRED/ALTERNATIVE;
 * - `email-otp`: REQUIRED/ALTERNATIVE, `codeLength` 4..10 default 6;
 * - condition `condition-user-attribute`: `attribute` required, `expectedValue`, `negate` default false;
 * - required action `verify-email`.
 */
export function fakeRegistry(): PluginRegistry {
  const registry = new PluginRegistry();
  const base = { helpText: 'test', requiresUser: false, authenticate: () => success() };
  registry.registerAuthenticator(
    defineAuthenticator({ ...base, id: 'cookie', displayName: 'Cookie', requirements: ['REQUIRED', 'ALTERNATIVE', 'DISABLED'], configSchema: { type: 'object', properties: {} } }),
  );
  registry.registerAuthenticator(
    defineAuthenticator({ ...base, id: 'identify-email', displayName: 'Identify', requirements: ['REQUIRED'], configSchema: { type: 'object', properties: {} } }),
  );
  registry.registerAuthenticator(
    defineAuthenticator({
      ...base,
      id: 'magic-link',
      displayName: 'Magic link',
      requirements: ['REQUIRED', 'ALTERNATIVE', 'DISABLED'],
      configSchema: {
        type: 'object',
        properties: {
          linkLifetimeSeconds: { type: 'integer', minimum: 60, maximum: 3600, default: 600, description: 'lifetime' },
          subjectKey: { type: 'string', default: 'magicLinkSubject', description: 'subject' },
        },
      },
    }),
  );
  registry.registerAuthenticator(
    defineAuthenticator({
      ...base,
      id: 'email-otp',
      displayName: 'Email code',
      requirements: ['REQUIRED', 'ALTERNATIVE', 'DISABLED'],
      configSchema: { type: 'object', properties: { codeLength: { type: 'integer', minimum: 4, maximum: 10, default: 6 } } },
    }),
  );
  registry.registerCondition(
    defineCondition({
      id: 'condition-user-attribute',
      displayName: 'User attribute',
      helpText: 'test',
      requiresUser: true,
      configSchema: {
        type: 'object',
        properties: {
          attribute: { type: 'string', minLength: 1 },
          expectedValue: { type: 'string' },
          negate: { type: 'boolean', default: false },
        },
        required: ['attribute'],
      },
      matches: () => true,
    }),
  );
  registry.registerRequiredAction(
    defineRequiredAction({
      id: 'verify-email',
      displayName: 'Verify email',
      helpText: 'test',
      configSchema: { type: 'object', properties: {} },
      challenge: () => ({ type: 'success' }),
      process: () => ({ type: 'success' }),
    }),
  );
  return registry;
}

/** A minimal valid realm file binding `browser` to `flow`. */
export function realmFile(flow = 'browser', name = 'main'): TextDocument {
  return doc(`${name}.realm.json`, { realm: name, bindings: { browser: flow } });
}

/** A valid realm file without bindings, for tests about flows alone. */
export function bareRealm(name = 'main'): TextDocument {
  return doc(`${name}.realm.json`, { realm: name });
}

/** A document whose text is `value` as pretty-printed JSON (two-space indent, one property per line). */
export function doc(file: string, value: unknown): TextDocument {
  return { file, text: JSON.stringify(value, null, 2) };
}

/** The errors `fn` throws as FlowgateErrors; fails the test when it throws anything else or nothing. */
export function errorsOf(fn: () => unknown): FlowgateError[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof FlowgateErrors) return [...err.errors];
    throw err;
  }
  throw new Error('expected FlowgateErrors, but nothing was thrown');
}

/** The errors of loading `docs` with the fake registry. */
export function loadErrors(...docs: TextDocument[]): FlowgateError[] {
  return errorsOf(() => loadDocuments(docs, fakeRegistry()));
}

/** 1-based line of the `occurrence`-th (1-based) line of `text` containing `needle`. */
export function lineOf(text: string, needle: string, occurrence = 1): number {
  let seen = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.includes(needle) && ++seen === occurrence) return i + 1;
  }
  throw new Error(`'${needle}' (occurrence ${occurrence}) is not in the text`);
}

/** The parts of an error the tests assert: code and location (never wording). */
export function where(e: FlowgateError): { code: string; file?: string; path?: string; line?: number } {
  const out: { code: string; file?: string; path?: string; line?: number } = { code: e.code };
  if (e.location?.file !== undefined) out.file = e.location.file;
  if (e.location?.path !== undefined) out.path = e.location.path;
  if (e.location?.line !== undefined) out.line = e.location.line;
  return out;
}
