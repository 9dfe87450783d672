import * as fs from 'node:fs';
import * as path from 'node:path';
import { clientWithDefaults, exportFlow, exportRealm, loadDocuments, loadFlowsDirectory, type TextDocument } from '../../../src/engine/loader';
import type { FlowNode, RealmDefinition } from '../../../src/engine/model';
import { fakeRegistry } from './loader-kit';

const VALID_DIR = path.join(__dirname, '../../fixtures/loader/valid');

const linkOrCode = (prefix: string): FlowNode => ({
  alias: 'link-or-code',
  executions: [
    { kind: 'authenticator', id: `${prefix}/magic-link`, requirement: 'ALTERNATIVE', provider: 'magic-link', config: { linkLifetimeSeconds: 300 } },
    { kind: 'authenticator', id: `${prefix}/email-otp`, requirement: 'ALTERNATIVE', provider: 'email-otp', config: undefined },
  ],
});

const browser: FlowNode = {
  alias: 'browser',
  description: 'Cookie SSO, else email',
  executions: [
    { kind: 'authenticator', id: 'browser/cookie', requirement: 'ALTERNATIVE', provider: 'cookie', config: undefined },
    {
      kind: 'flow',
      id: 'browser/forms',
      requirement: 'ALTERNATIVE',
      flow: {
        alias: 'forms',
        description: 'Identify, maybe a second factor, then a link or a code',
        executions: [
          { kind: 'authenticator', id: 'browser/forms/identify-email', requirement: 'REQUIRED', provider: 'identify-email', config: {} },
          {
            kind: 'flow',
            id: 'browser/forms/second-factor',
            requirement: 'CONDITIONAL',
            flow: {
              alias: 'second-factor',
              executions: [
                {
                  kind: 'condition',
                  id: 'browser/forms/second-factor/condition-user-attribute',
                  requirement: 'REQUIRED',
                  provider: 'condition-user-attribute',
                  config: { attribute: 'mfa', expectedValue: 'on' },
                },
                { kind: 'authenticator', id: 'browser/forms/second-factor/email-otp', requirement: 'REQUIRED', provider: 'email-otp', config: undefined },
              ],
            },
          },
          { kind: 'flow', id: 'browser/forms/link-or-code', requirement: 'REQUIRED', flow: linkOrCode('browser/forms/link-or-code') },
        ],
      },
    },
    { kind: 'authenticator', id: 'browser/old-link', requirement: 'DISABLED', provider: 'magic-link', config: undefined },
  ],
};

const direct: FlowNode = {
  alias: 'direct',
  description: 'For API clients',
  executions: [
    { kind: 'authenticator', id: 'direct/identify-email', requirement: 'REQUIRED', provider: 'identify-email', config: undefined },
    { kind: 'flow', id: 'direct/link-or-code', requirement: 'REQUIRED', flow: linkOrCode('direct/link-or-code') },
  ],
};

// Files are read in name order: browser.json, direct.json, link-or-code.json.
const flows = new Map<string, FlowNode>([
  ['browser', browser],
  ['direct', direct],
  ['link-or-code', linkOrCode('link-or-code')],
]);
const builtIn = new Set(['browser', 'direct', 'link-or-code']);

const expectedMain: RealmDefinition = {
  name: 'main',
  displayName: 'Flowgate',
  settings: { loginTimeoutSeconds: 900, defaultLocale: 'en', supportedLocales: ['en', 'de'] },
  bindings: { browser: 'browser', 'direct-grant': 'direct' },
  clients: [
    clientWithDefaults({ clientId: 'demo', redirectUris: ['http://localhost:3000/callback'], flowOverrides: { browser: 'link-or-code' } }),
    clientWithDefaults({ clientId: 'cli' }),
  ],
  flows,
  builtInFlows: builtIn,
};

const expectedSecond: RealmDefinition = {
  name: 'second',
  displayName: 'second',
  settings: { loginTimeoutSeconds: 1800, defaultLocale: 'en', supportedLocales: ['en', 'de'] },
  bindings: {},
  clients: [],
  flows,
  builtInFlows: builtIn,
};

function readDir(dir: string): TextDocument[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).map((file) => ({ file, text: fs.readFileSync(path.join(dir, file), 'utf8') }));
}

describe('loading a valid flows directory', () => {
  const realms = loadFlowsDirectory(VALID_DIR, fakeRegistry());

  test('yields one realm per realm file with the exact resolved model', () => {
    expect(realms).toEqual([expectedMain, expectedSecond]);
    expect([...(realms[0]?.flows.keys() ?? [])]).toEqual(['browser', 'direct', 'link-or-code']);
  });

  test('keeps configs as written: plugin defaults are applied when running, not baked in', () => {
    const magic = realms[0]?.flows.get('link-or-code')?.executions[0];
    expect(magic).toMatchObject({ provider: 'magic-link', config: { linkLifetimeSeconds: 300 } });
    expect(magic && 'config' in magic ? magic.config : undefined).not.toHaveProperty('subjectKey');
    const otp = realms[0]?.flows.get('link-or-code')?.executions[1];
    expect(otp && 'config' in otp ? otp.config : null).toBeUndefined();
  });

  test('freezes everything, maps and sets included', () => {
    const realm = realms[0] as RealmDefinition;
    const node = realm.flows.get('browser') as FlowNode;
    expect(Object.isFrozen(realm)).toBe(true);
    expect(Object.isFrozen(node.executions[1])).toBe(true);
    expect(Object.isFrozen(realm.clients[0]?.redirectUris)).toBe(true);
    expect(Object.isFrozen(realm.settings.supportedLocales)).toBe(true);
    const condition = (node.executions[1] as { flow: FlowNode }).flow.executions[1] as { flow: FlowNode };
    expect(Object.isFrozen(condition.flow.executions[0] && 'config' in condition.flow.executions[0] ? condition.flow.executions[0].config : null)).toBe(true);
    expect(() => (realm.flows as Map<string, FlowNode>).set('x', node)).toThrow(TypeError);
    expect(() => (realm.flows as Map<string, FlowNode>).delete('browser')).toThrow(TypeError);
    expect(() => (realm.builtInFlows as Set<string>).add('x')).toThrow(TypeError);
    expect(realm.flows.size).toBe(3);
  });

  test('the same documents given in memory load the same, and are not built-in unless marked', () => {
    const fromMemory = loadDocuments(readDir(VALID_DIR), fakeRegistry());
    expect(fromMemory.map((r) => r.name)).toEqual(['main', 'second']);
    expect(fromMemory[0]?.flows).toEqual(flows);
    expect([...(fromMemory[0]?.builtInFlows ?? [])]).toEqual([]);
    const marked = loadDocuments(
      readDir(VALID_DIR).map((d) => ({ ...d, builtIn: d.file === 'direct.json' })),
      fakeRegistry(),
    );
    expect([...(marked[0]?.builtInFlows ?? [])]).toEqual(['direct']);
  });

  test('exporting the model and loading it again gives the same model', () => {
    const main = realms[0] as RealmDefinition;
    const docs: TextDocument[] = [...main.flows.values()].map((node) => ({
      file: `${node.alias}.json`,
      text: JSON.stringify(exportFlow(node, main.flows)),
      builtIn: true,
    }));
    docs.push({ file: 'main.realm.json', text: JSON.stringify(exportRealm(main)) });
    expect(exportFlow(browser, main.flows).executions[2]).toEqual({ authenticator: 'magic-link', requirement: 'DISABLED', alias: 'old-link' });
    expect(loadDocuments(docs, fakeRegistry())).toEqual([expectedMain]);
  });
});
