import * as path from 'node:path';
import { loadFlowsDirectory, validateFlowSave } from '../../../src/engine/loader';
import type { RealmDefinition } from '../../../src/engine/model';
import { errorsOf, fakeRegistry, where } from './loader-kit';

const VALID_DIR = path.join(__dirname, '../../fixtures/loader/valid');

describe('validateFlowSave', () => {
  const registry = fakeRegistry();
  const realm = loadFlowsDirectory(VALID_DIR, registry)[0] as RealmDefinition;

  test('returns the realm as it would be, the saved flow resolved wherever it is referenced', () => {
    const payload = {
      alias: 'link-or-code',
      executions: [{ authenticator: 'email-otp', requirement: 'REQUIRED', config: { codeLength: 8 } }],
    };
    const before = structuredClone(payload);
    const next = validateFlowSave(realm, payload, registry);
    expect(payload).toEqual(before);
    expect(next.flows.get('link-or-code')?.executions).toEqual([
      { kind: 'authenticator', id: 'link-or-code/email-otp', requirement: 'REQUIRED', provider: 'email-otp', config: { codeLength: 8 } },
    ]);
    const direct = next.flows.get('direct')?.executions[1];
    expect(direct?.kind === 'flow' ? direct.flow.executions.map((e) => e.id) : []).toEqual(['direct/link-or-code/email-otp']);
    expect([...next.builtInFlows]).toEqual(['browser', 'direct']);
    expect(next.bindings).toEqual(realm.bindings);
    expect(next.clients).toEqual(realm.clients);
    const forms = next.flows.get('browser')?.executions[1];
    const viaForms = forms?.kind === 'flow' ? forms.flow.executions[2] : undefined;
    expect(viaForms?.kind === 'flow' ? viaForms.flow.executions.map((e) => e.id) : []).toEqual(['browser/forms/link-or-code/email-otp']);
    // The original realm is untouched.
    expect(realm.flows.get('link-or-code')?.executions).toHaveLength(2);
  });

  test('a new flow is added alongside the others', () => {
    const next = validateFlowSave(realm, { alias: 'extra', executions: [{ requirement: 'REQUIRED', flow: 'direct' }] }, registry);
    expect([...next.flows.keys()]).toEqual(['browser', 'direct', 'link-or-code', 'extra']);
    expect(next.flows.get('browser')).toEqual(realm.flows.get('browser'));
  });

  test('errors carry the flow file name and pointer, and no line (there is no text)', () => {
    const errors = errorsOf(() =>
      validateFlowSave(realm, { alias: 'extra', executions: [{ authenticator: 'nope', requirement: 'REQUIRED' }] }, registry, { file: 'payload' }),
    );
    expect(errors.map(where)).toEqual([{ code: 'FG_UNKNOWN_AUTHENTICATOR', file: 'payload', path: '/executions/0/authenticator' }]);
  });

  test("checks against the realm's other flows and bindings: cycles, aliases, renames", () => {
    const cycle = errorsOf(() =>
      validateFlowSave(realm, { alias: 'link-or-code', executions: [{ requirement: 'REQUIRED', flow: 'direct' }] }, registry),
    );
    expect(cycle.map((e) => e.code)).toEqual(['FG_FLOW_CYCLE']);

    const clash = errorsOf(() => validateFlowSave(realm, { alias: 'forms', executions: [{ authenticator: 'cookie', requirement: 'REQUIRED' }] }, registry));
    expect(clash.map(where)).toEqual([{ code: 'FG_DUPLICATE_ALIAS', file: 'forms.json', path: '/alias' }]);

    const renamed = { alias: 'direct-v2', executions: [{ authenticator: 'cookie', requirement: 'REQUIRED' }] };
    const rename = errorsOf(() => validateFlowSave(realm, renamed, registry, { replaces: 'direct' }));
    expect(rename.map(where)).toEqual([{ code: 'FG_UNKNOWN_FLOW', file: 'main.realm.json', path: '/bindings/direct-grant' }]);
  });

  test('a payload that is not a flow at all is a schema error', () => {
    expect(errorsOf(() => validateFlowSave(realm, 'nope', registry)).map((e) => e.code)).toEqual(['FG_FLOW_SCHEMA']);
  });
});
