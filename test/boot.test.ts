import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { bootEngine } from '../src/composition/boot';
import { loadServerConfig } from '../src/config/server-config';
import { disposeContainer, TYPES } from '../src/composition/container';
import type { FlowExecutor } from '../src/engine/executor';
import type { EventStore, TypeormRealmStore, UserStore } from '../src/store';

const quiet = pino({ level: 'silent' });
const FLOWS = path.join(__dirname, '..', 'flows');

describe('boot: config -> container -> migrations -> flows imported', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-boot-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('boots on a fresh SQLite file, runs the shipped browser flow on the real stores, and re-imports idempotently', async () => {
    const config = loadServerConfig({ FLOWGATE_DATA_DIR: dir, FLOWGATE_FLOWS_DIR: FLOWS }, dir);
    const container = await bootEngine(config, quiet);
    try {
      expect(fs.existsSync(path.join(dir, 'flowgate.sqlite'))).toBe(true);
      const users = container.get(TYPES.UserStore).forRealm('main');
      const ann = await users.create({ email: 'Ann@Example.com' });
      const executor = container.get(TYPES.FlowExecutor);

      const first = await executor.start({ realm: 'main', ip: '127.0.0.1' });
      expect(first).toMatchObject({ type: 'challenge', execution: 'browser/forms/identify-email', step: expect.any(Number) });
      if (first.type !== 'challenge') throw new Error('unreachable');
      const result = await executor.submit(first.authSessionId, { execution: first.execution, step: first.step, form: { email: 'ann@example.com' }, ip: '127.0.0.1' });

      // The shipped flow goes on to the magic link: it is mailed (queued in the outbox) and the page waits for it.
      expect(result).toMatchObject({ type: 'challenge', execution: 'browser/forms/methods/magic-link', view: { view: 'magic-link' } });
      const events = await container.get(TYPES.EventStore).query({ realm: 'main' });
      expect(events).toEqual([expect.objectContaining({ type: 'CODE_SENT', userId: ann.id, ip: '127.0.0.1' })]);
    } finally {
      await disposeContainer(container);
    }

    const again = await bootEngine(config, quiet);
    try {
      const realms = await again.get(TYPES.RealmStore).listRealms();
      // `admin` is shipped beside the flows directory's realms; its version 2 is the import plus the
      // console client that boot points at the public URL.
      expect(realms).toEqual([expect.objectContaining({ name: 'admin', version: 2 }), expect.objectContaining({ name: 'main', version: 1 })]);
    } finally {
      await disposeContainer(again);
    }
  });

  test('invalid flow JSON stops the boot with every coded error, and imports nothing', async () => {
    const flows = path.join(dir, 'flows');
    fs.mkdirSync(flows);
    for (const file of ['main.realm.json', 'registration.json', 'reset-credentials.json']) fs.copyFileSync(path.join(FLOWS, file), path.join(flows, file));
    fs.writeFileSync(
      path.join(flows, 'browser.json'),
      '{\n  "alias": "browser",\n  "executions": [\n    { "authenticator": "cookie", "requirement": "CONDITIONAL" }\n  ]\n}\n',
    );
    const config = loadServerConfig({ FLOWGATE_DATA_DIR: dir, FLOWGATE_FLOWS_DIR: flows }, dir);

    await expect(bootEngine(config, quiet)).rejects.toMatchObject({
      errors: [expect.objectContaining({ code: 'FG_CONDITIONAL_NOT_SUBFLOW', location: expect.objectContaining({ file: 'browser.json', path: '/executions/0/requirement', line: 4 }) })],
    });
  });
});
