import { DEFAULT_BRUTE_FORCE_SETTINGS } from '../../../src/engine/brute-force';
import { exportRealm, loadDocuments } from '../../../src/engine/loader';
import { PluginRegistry } from '../../../src/engine/plugin-registry';
import { registerBuiltins } from '../../../src/plugins/builtins';

const FLOW = { file: 'b.json', text: JSON.stringify({ alias: 'b', executions: [{ authenticator: 'identify-email', requirement: 'REQUIRED' }] }) };

function load(realm: Record<string, unknown>) {
  const registry = new PluginRegistry();
  registerBuiltins(registry);
  return loadDocuments([{ file: 'main.realm.json', text: JSON.stringify({ realm: 'main', bindings: { browser: 'b' }, ...realm }) }, FLOW], registry);
}

describe('realm settings.bruteForce', () => {
  it('is left out of the model when the realm says nothing (the defaults then apply)', () => {
    expect(load({})[0]!.settings.bruteForce).toBeUndefined();
    expect(load({ settings: { bruteForce: {} } })[0]!.settings.bruteForce).toEqual(DEFAULT_BRUTE_FORCE_SETTINGS);
  });

  it('takes the options given and defaults the rest, and exports them back', () => {
    const [realm] = load({ settings: { bruteForce: { failureFactor: 3, maxWaitSeconds: 60 } } });
    expect(realm!.settings.bruteForce).toEqual({ ...DEFAULT_BRUTE_FORCE_SETTINGS, failureFactor: 3, maxWaitSeconds: 60 });
    expect(exportRealm(realm!).settings).toMatchObject({ bruteForce: { failureFactor: 3, maxWaitSeconds: 60 } });
  });

  it('refuses unknown options and out-of-range values with the JSON path', () => {
    expect(() => load({ settings: { bruteForce: { failureFactor: 0 } } })).toThrow(
      expect.objectContaining({ errors: [expect.objectContaining({ code: 'FG_REALM_SCHEMA', location: expect.objectContaining({ path: '/settings/bruteForce/failureFactor' }) })] }),
    );
    expect(() => load({ settings: { bruteForce: { lockForever: true } } })).toThrow(expect.objectContaining({ errors: [expect.objectContaining({ code: 'FG_REALM_SCHEMA' })] }));
  });
});
