import 'reflect-metadata';
import { bootEngine } from './boot';
import { loadServerConfig } from './config/server-config';
import { disposeContainer, TYPES } from './container';
import { FlowgateError, FlowgateErrors } from './errors';
import { createLogger } from './logging/logger';
import type { DeliveryWorker } from './mail';

/** Boot: config -> container (database migrated) -> flows imported -> mail delivery started. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadServerConfig();
  } catch (err) {
    return exitWithConfigError(err);
  }
  const logger = createLogger(config.logLevel);
  let container;
  try {
    container = await bootEngine(config, logger);
  } catch (err) {
    return exitWithConfigError(err);
  }
  container.get<DeliveryWorker>(TYPES.DeliveryWorker).start();
  logger.info({ database: config.database, flowsDir: config.flowsDir, publicUrl: config.publicUrl }, 'flowgate engine ready');

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await disposeContainer(container);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** Config errors are the admin's to fix: print each one (code, file, path, line) plainly and exit 1. */
function exitWithConfigError(err: unknown): never {
  if (err instanceof FlowgateErrors || err instanceof FlowgateError) {
    process.stderr.write(`flowgate: cannot start\n${err.message}\n`);
  } else {
    process.stderr.write(`flowgate: cannot start: ${(err as Error)?.stack ?? String(err)}\n`);
  }
  process.exit(1);
}

void main();
