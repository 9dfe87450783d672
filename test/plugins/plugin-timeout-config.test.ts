import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadServerConfig } from '../../src/config/server-config';

/** The server config's `pluginTimeoutMs`: a file option, unset unless chosen, checked like every option. */
describe('pluginTimeoutMs', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-timeout-config-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const load = (options: Record<string, unknown>) => {
    fs.writeFileSync(path.join(dir, 'flowgate.json'), JSON.stringify(options));
    return loadServerConfig({ FLOWGATE_CONFIG: 'flowgate.json' }, dir);
  };

  test('is left unset by default (the engine then waits DEFAULT_PLUGIN_TIMEOUT_MS) and kept when set', () => {
    expect(load({})).not.toHaveProperty('pluginTimeoutMs');
    expect(load({ pluginTimeoutMs: 2500 }).pluginTimeoutMs).toBe(2500);
  });

  test.each([0, 5, 600001, 1.5, '1000'])('refuses %j with FG_CONFIG_INVALID at its JSON path', (value) => {
    expect(() => load({ pluginTimeoutMs: value })).toThrow(
      expect.objectContaining({ errors: [expect.objectContaining({ code: 'FG_CONFIG_INVALID', location: expect.objectContaining({ path: '/pluginTimeoutMs' }) })] }),
    );
  });
});
