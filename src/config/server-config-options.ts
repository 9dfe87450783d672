import type { LOG_LEVELS } from './server-config.schema';

/*
 * The server config's shape: every option with its documentation and its default. How it is read
 * (file, environment, validation) is `server-config.ts`.
 */

/** A log level: `fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The server's settings, read once at start: the JSON file named by `FLOWGATE_CONFIG` (optional),
 * then environment variables, which win over the file. Relative paths are resolved against the
 * working directory, in the file as in the environment. The object is deep-frozen.
 */
export interface ServerConfig {
  /**
   * Directory for Flowgate's own state. Default `./data`. Env `FLOWGATE_DATA_DIR`.
   * Point it at a persistent volume when the working directory is not one (containers).
   */
  readonly dataDir: string;
  /**
   * The database: a SQLite file (its directory is created when missing), or a PostgreSQL 15+
   * server as `postgres://user:password@host:5432/database` for several nodes on one database
   * (see docs/deploy.md). Default `<dataDir>/flowgate.sqlite`. Env `FLOWGATE_DATABASE`.
   * `:memory:` gives a throw-away database (tests, demos): everything is lost when the process
   * ends. A URL may hold a password: it is never logged.
   */
  readonly database: string;
  /**
   * Connections one node keeps to PostgreSQL at most. Default the store's `DEFAULT_POOL_SIZE` (10).
   * Env `FLOWGATE_DATABASE_POOL_SIZE`. Ignored for SQLite (one connection). Keep the nodes'
   * total under the server's `max_connections`.
   */
  readonly databasePoolSize?: number;
  /**
   * TLS to PostgreSQL: `off` (the default), `require` (encrypted, the server's certificate not
   * checked) or `verify` (encrypted, the certificate checked against the system's CAs or
   * `databaseCaFile`, and the host name). Env `FLOWGATE_DATABASE_TLS`. An `sslmode` in the URL
   * takes precedence. Use `verify` whenever the database is not on the same host or network.
   */
  readonly databaseTls?: 'off' | 'require' | 'verify';
  /** A PEM file of the CA(s) that sign the PostgreSQL server's certificate, for `databaseTls: verify`. Env `FLOWGATE_DATABASE_CA_FILE`. */
  readonly databaseCaFile?: string;
  /**
   * Directory of the flow and realm JSON files imported (idempotently) at every start. Default
   * `./flows`, the flows shipped with Flowgate. Env `FLOWGATE_FLOWS_DIR`. Change it to keep your
   * flows in a repository of their own.
   */
  readonly flowsDir: string;
  /**
   * External plugins loaded besides the built-ins: paths (starting with `./`, `../` or `/`, made
   * absolute here) or npm package names (kept as written). Default `[]`. Env `FLOWGATE_PLUGINS`,
   * comma-separated, replaces the file's list. Two plugins with one id stop the boot.
   */
  readonly plugins: readonly string[];
  /** TCP port to listen on, 1–65535. Default `8080`. Env `PORT`. */
  readonly port: number;
  /**
   * Address to listen on. Default `127.0.0.1`: reachable from this machine only, e.g. behind a
   * reverse proxy. Env `HOST`. Set `0.0.0.0` (or `::`) to listen on every interface, as in a
   * container.
   */
  readonly host: string;
  /**
   * The URL people reach Flowgate at; links in emails and redirects are built under it. An
   * absolute http(s) URL without credentials, query or fragment, normalised (lower-case host,
   * default port dropped, no trailing slash). Default `http://<host>:<port>`, with `localhost`
   * for `0.0.0.0` and `::`. Env `PUBLIC_URL`. Set it whenever Flowgate is behind a proxy or TLS,
   * that is always in production: a wrong value sends people links that do not work.
   */
  readonly publicUrl: string;
  /**
   * SMTP server for outgoing mail: `smtp://user:password@host:587` (STARTTLS) or
   * `smtps://…:465`. Env `SMTP_URL`. Unset by default: mail then goes to the development outbox,
   * which delivers nothing and writes messages and their links to the log, so never run production
   * without it. It may hold a password: never log it.
   */
  readonly smtpUrl?: string;
  /**
   * Sender of every email, `Name <address>` or a bare address. Default `Flowgate
   * <no-reply@HOST>` with the public URL's host name (`localhost` when that is an IP address).
   * Env `MAIL_FROM`. Set it to an address your SMTP server may send as (SPF/DKIM), or mail is
   * refused or lands in spam.
   */
  readonly mailFrom: string;
  /**
   * Directory of a theme: its templates and message bundles take precedence over the built-in
   * ones in `templates/` with the same name. Unset by default. Env `FLOWGATE_THEME_DIR`.
   */
  readonly themeDir?: string;
  /**
   * A local MaxMind database (`.mmdb`: GeoLite2-City or -Country, or a compatible one) that turns
   * the address a sign-in started from into a coarse place ("near Berlin, Germany") on the page of
   * a link opened in another browser, so a person can tell a sign-in that is not theirs. Read once
   * at start; no outside service is asked. Unset by default: no place is shown. Env
   * `FLOWGATE_GEOIP_DATABASE`.
   */
  readonly geoIpDatabase?: string;
  /**
   * Least severe level logged. Default `info`. Env `LOG_LEVEL`. `debug` or `trace` while
   * diagnosing a problem, `warn` for quieter logs.
   */
  readonly logLevel: LogLevel;
  /**
   * Seconds a signed-in session may go unused before it ends (SSO idle timeout). Default
   * `DEFAULT_SESSION_IDLE_SECONDS` (1800, 30 minutes, Keycloak's). File only. Lower it for
   * sensitive applications; it must not exceed `sessionMaxSeconds`.
   */
  readonly sessionIdleSeconds?: number;
  /**
   * Seconds after sign-in when a session ends however active it is (SSO max lifespan). Default
   * `DEFAULT_SESSION_MAX_SECONDS` (36000, 10 hours, Keycloak's). File only.
   */
  readonly sessionMaxSeconds?: number;
  /**
   * Sign-ins one IP address may start per minute (`GET /realms/<realm>/login`), in bursts of as
   * many. Default `DEFAULT_LOGIN_STARTS_PER_MINUTE` (60). File only. Raise it when many people
   * share one address (a company NAT) and `trustProxy` cannot tell them apart.
   */
  readonly loginStartsPerMinute?: number;
  /**
   * Form submissions on the login pages (answers, "try another way", restarts, sign-outs) one IP
   * address may make per minute. Default `DEFAULT_LOGIN_POSTS_PER_MINUTE` (30). File only.
   */
  readonly loginPostsPerMinute?: number;
  /**
   * Milliseconds one plugin handler (`authenticate`, `action`, `matches`, a required action's
   * `challenge`, ...) may take. Default `DEFAULT_PLUGIN_TIMEOUT_MS` (10000). File only. A handler
   * that has not settled by then fails its step with a coded error page, as one that throws does
   * (logged as `FG_PLUGIN_TIMEOUT`). Raise it only for a plugin that waits on a slow service.
   */
  readonly pluginTimeoutMs?: number;
  /**
   * Milliseconds one mail may take to hand to the mail server. Default
   * `DEFAULT_MAIL_SEND_TIMEOUT_MS` (20000). File only. Past it the attempt is retried later with
   * backoff; a message claimed by a process that died is sent again after three times this (the
   * claim lease). Raise it only for a mail server that is slow to accept even when healthy.
   */
  readonly mailSendTimeoutMs?: number;
  /**
   * Which reverse proxies to believe about the client's address (`X-Forwarded-For`) and scheme:
   * a hop count (`1`: the one proxy in front), or a list of proxy addresses and subnets
   * (`["10.0.0.0/8", "loopback"]`), as express's `trust proxy` takes them. Default `0`: trust
   * no proxy, so `X-Forwarded-For` is ignored. File only. Set it exactly when Flowgate runs behind
   * a proxy: unset there, every person shares the proxy's address (one rate-limit bucket, one IP on
   * every event); set too wide, anyone can pick their own address and walk around rate limits.
   */
  readonly trustProxy?: number | readonly string[];
  /**
   * Days a browser stays a known device of a person after its last sign-in as them (its signed
   * `fg_device_<realm>` cookie and the record behind it; the person can revoke it on the account
   * page). Default `DEFAULT_KNOWN_DEVICE_DAYS` (365); 1 to 400 (browsers cap cookies at 400 days).
   * File only. A known device has its own mail budget and is exempt from the guess lockout.
   */
  readonly knownDeviceDays?: number;
  /**
   * Email address of the first administrator. Unset by default. Env `FLOWGATE_ADMIN_EMAIL`. Read
   * only while the admin realm has no administrator: at such a start Flowgate creates this user
   * (role `admin`, email verified) and prints a one-time sign-in link to the log. Unset then, it
   * asks on the console when that is a terminal, and otherwise logs how to set it.
   */
  readonly adminEmail?: string;
}

/** Default of `sessionIdleSeconds`: 30 minutes. */
export const DEFAULT_SESSION_IDLE_SECONDS = 1800;
/** Default of `sessionMaxSeconds`: 10 hours. */
export const DEFAULT_SESSION_MAX_SECONDS = 36000;
/** Default of `loginStartsPerMinute`. */
export const DEFAULT_LOGIN_STARTS_PER_MINUTE = 60;
/** Default of `loginPostsPerMinute`. */
export const DEFAULT_LOGIN_POSTS_PER_MINUTE = 30;
/** Default of `knownDeviceDays`: a year. */
export const DEFAULT_KNOWN_DEVICE_DAYS = 365;

/** Seconds a known device counts after its last sign-in: the device cookie's max-age and its record's lifetime. */
export function knownDeviceSeconds(config: Pick<ServerConfig, 'knownDeviceDays'>): number {
  return (config.knownDeviceDays ?? DEFAULT_KNOWN_DEVICE_DAYS) * 24 * 3600;
}
