import { askAdminEmail } from './admin/bootstrap/ask-email';
import { bootstrapAdmin } from './admin/bootstrap/admin-setup';
import { bootEngine } from './composition/boot';
import { loadServerConfig, type ServerConfig } from './config/server-config';
import { adminApiDepsFrom, appDepsFrom, disposeContainer, TYPES } from './composition/container';
import { FlowgateError, FlowgateErrors } from './errors';
import { createApp } from './composition/app';
import { loginUrl } from './http/login-urls';
import { listen } from './http/server';
import { createLogger, type Logger } from './logging/logger';
import type { DeliveryWorker, MailService } from './mail';
import type { Clock } from './spi/services';
import { describeDatabase } from './util/database-url';
import type { TypeormAuthSessionStore, TypeormRealmStore } from './store';
import { TypeormRateLimitStore } from './store/rate-limit.store';
import type { UserSessionStore } from './store/user-session.store';
import type { Container } from 'inversify';

/** How often expired authentication and user sessions, and old outbox mail, are deleted. */
const HOUSEKEEPING_INTERVAL_MS = 10 * 60 * 1000;
/**
 * How long an expired sign-in is kept: within it, the tab's next request restarts the sign-in with
 * its client and redirect URI (the login timeout's restart); after it, the person starts over.
 */
const EXPIRED_SIGN_IN_GRACE_MS = 24 * 60 * 60 * 1000;
/**
 * How long sent, failed and withheld mails stay in the outbox for the admin to read (and retry)
 * before they are deleted. Withheld mails pile up with every request for an unknown address, and
 * failed ones keep their links, so they must not stay forever.
 */
const FINISHED_MAIL_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Starts the server and keeps it running: config (from `env` and the file it names, relative to
 * `cwd`) -> container (database migrated) -> flows imported -> first administrator (and their
 * one-time sign-in link) -> HTTP listening -> mail delivery started. A config or boot error is
 * printed and the process exits 1. SIGTERM/SIGINT: stop accepting connections, let requests in
 * flight finish, stop mail delivery, close the database, exit 0. Needs `reflect-metadata` loaded.
 */
export async function startServer(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Promise<void> {
  let config: ServerConfig;
  try {
    config = loadServerConfig(env, cwd);
  } catch (err) {
    return exitWithConfigError(err);
  }
  const logger = createLogger(config.logLevel);
  let container: Container;
  try {
    container = await bootEngine(config, logger);
  } catch (err) {
    return exitWithConfigError(err);
  }

  try {
    // Asks on the console only when someone can answer: a terminal on stdin.
    await bootstrapAdmin({ ...adminApiDepsFrom(container), logger }, process.stdin.isTTY ? { askEmail: () => askAdminEmail() } : {});
  } catch (err) {
    logger.error({ err }, 'setting up the first administrator failed; the admin console cannot be reached until it is fixed');
  }

  let server;
  try {
    server = await listen(createApp(appDepsFrom(container)), config.host, config.port);
  } catch (err) {
    logger.fatal({ err, host: config.host, port: config.port }, 'cannot listen');
    await disposeContainer(container);
    process.exit(1);
  }
  container.get(TYPES.DeliveryWorker).start();
  const housekeeping = setInterval(() => void purgeExpired(container, logger), HOUSEKEEPING_INTERVAL_MS);
  housekeeping.unref();

  const signIn = `${config.publicUrl}${loginUrl(await loginRealm(container))}`;
  logger.info(
    { host: config.host, port: server.address.port, publicUrl: config.publicUrl, loginUrl: signIn, database: describeDatabase(config.database) },
    `flowgate listening on ${config.host}:${server.address.port}; sign in at ${signIn}`,
  );

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining requests');
    clearInterval(housekeeping);
    try {
      await server.close();
      await disposeContainer(container);
      logger.info('stopped');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'unclean shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** The realm whose sign-in page is announced: `main` when there is one, else the first. */
async function loginRealm(container: Container): Promise<string> {
  const realms = await container.get(TYPES.RealmStore).listRealms();
  return realms.find((r) => r.name === 'main')?.name ?? realms[0]?.name ?? 'main';
}

async function purgeExpired(container: Container, logger: Logger): Promise<void> {
  try {
    const now = container.get(TYPES.Clock).now();
    const authSessions = await container.get(TYPES.AuthSessionStore).deleteExpired(now - EXPIRED_SIGN_IN_GRACE_MS);
    const userSessions = await container.get(TYPES.UserSessionStore).purgeExpired(now);
    const mails = await container.get(TYPES.MailService).purgeFinished(FINISHED_MAIL_RETENTION_MS);
    // OpenID Connect: expired codes, tokens, grants, sessions and interactions, and ties to ended sessions.
    const oidcRows = await container.get(TYPES.OidcAdapterStore).purgeExpired();
    // Idle rate-limit keys (only PostgreSQL keeps them in the database). Each purge is one DELETE
    // of what is expired, so every node may run it at the same moment.
    const rateLimitKeys = await new TypeormRateLimitStore(container.get(TYPES.DataSource)).purgeIdle(now);
    if (authSessions + userSessions + mails + oidcRows + rateLimitKeys > 0) {
      logger.debug({ authSessions, userSessions, mails, oidcRows, rateLimitKeys }, 'expired sessions, old mail and idle rate limits deleted');
    }
  } catch (err) {
    logger.warn({ err }, 'deleting expired sessions and old mail failed');
  }
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

