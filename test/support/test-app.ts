import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import type { Container } from 'inversify';
import pino from 'pino';
import { bootEngine } from '../../src/composition/boot';
import { loadServerConfig, type ServerConfig } from '../../src/config/server-config';
import { appDepsFrom, disposeContainer, TYPES } from '../../src/composition/container';
import { ManualClock } from '../../src/engine/clock';
import { createApp } from '../../src/composition/app';
import type { Logger } from '../../src/logging/logger';
import type { EventStore, UserStore } from '../../src/store';
import { freshDatabase } from './test-database';

/** The flows of the http tests: realm `main`, client `demo`, browser = cookie | email + fixed code | refuse. */
export const HTTP_FLOWS = path.join(__dirname, '..', 'fixtures', 'http', 'flows');
/** The `fixed-code` test authenticator (accepts `000000`), an external plugin module with its own page. */
export const FIXED_CODE_PLUGIN = path.join(__dirname, '..', 'fixtures', 'http', 'plugins', 'fixed-code');
/** Where the test clock starts: 2025-01-01T00:00:00Z. */
export const TEST_NOW = Date.UTC(2025, 0, 1);

/** What a test app is built from. */
export interface TestAppOptions {
  /** Flow and realm files. Default `HTTP_FLOWS`. */
  readonly flowsDir?: string;
  /** External plugin modules (paths). Default `[FIXED_CODE_PLUGIN]`. */
  readonly plugins?: readonly string[];
  /**
   * Options written to a config file (`FLOWGATE_CONFIG`). By default the per-IP rate limits are
   * raised out of the way; a test of the limits sets its own.
   */
  readonly config?: Readonly<Record<string, unknown>>;
  /** Extra environment (e.g. `PUBLIC_URL`). */
  readonly env?: Readonly<Record<string, string>>;
  /** A logger to see the server's lines; default silent. */
  readonly logger?: Logger;
  /** Where the clock starts. Default `TEST_NOW`; the real time where a real client checks token times (OpenID Connect). */
  readonly startsAt?: number;
}

/** A whole server on a throw-away database, driven without `listen()`. */
export interface TestApp {
  readonly app: Express;
  readonly container: Container;
  readonly clock: ManualClock;
  readonly config: ServerConfig;
  /** Users of realm `main`. */
  readonly users: ReturnType<UserStore['forRealm']>;
  readonly events: EventStore;
  close(): Promise<void>;
}

/**
 * Builds the real app (container, migrations, flows imported, page renderer) on a fresh database
 * (in-memory SQLite, or PostgreSQL with `FLOWGATE_TEST_POSTGRES`) and a temporary data directory, with a `ManualClock` and a silent logger.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-http-'));
  const db = await freshDatabase();
  try {
    const configFile = path.join(dir, 'flowgate.json');
    fs.writeFileSync(configFile, JSON.stringify({ loginStartsPerMinute: 100000, loginPostsPerMinute: 100000, ...options.config }));
    const config = loadServerConfig(
      {
        FLOWGATE_CONFIG: configFile,
        FLOWGATE_DATA_DIR: path.join(dir, 'data'),
        FLOWGATE_DATABASE: db.database,
        FLOWGATE_FLOWS_DIR: options.flowsDir ?? HTTP_FLOWS,
        FLOWGATE_PLUGINS: (options.plugins ?? [FIXED_CODE_PLUGIN]).join(','),
        ...options.env,
      },
      dir,
    );
    const clock = new ManualClock(options.startsAt ?? TEST_NOW);
    const container = await bootEngine(config, options.logger ?? pino({ level: 'silent' }), { clock });
    const app = createApp(appDepsFrom(container));
    return {
      app,
      container,
      clock,
      config,
      users: container.get(TYPES.UserStore).forRealm('main'),
      events: container.get(TYPES.EventStore),
      close: async () => {
        await disposeContainer(container);
        await db.drop();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
