import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Diagnostics } from '../json/diagnostics';
import { decodePointer } from '../json/json-pointer';
import { parseJsonSource, type JsonSource } from '../json/json-source';
import { deepFreeze } from '../json/deep-freeze';
import { FlowgateError, FlowgateErrors } from '../errors';
import { normalizeEmail } from '../spi/email';
import { ajvErrorPath, describeAjvError, sharedAjv } from '../json/ajv';
import type { ServerConfig } from './server-config-options';
import { SERVER_CONFIG_SCHEMA } from './server-config.schema';
import { isPostgresUrl, looksLikeUrl } from '../util/database-url';

export {
  DEFAULT_KNOWN_DEVICE_DAYS,
  DEFAULT_LOGIN_POSTS_PER_MINUTE,
  DEFAULT_LOGIN_STARTS_PER_MINUTE,
  DEFAULT_SESSION_IDLE_SECONDS,
  DEFAULT_SESSION_MAX_SECONDS,
  knownDeviceSeconds,
  type LogLevel,
  type ServerConfig,
} from './server-config-options';

/** The environment variable naming the config file. */
export const CONFIG_FILE_VARIABLE = 'FLOWGATE_CONFIG';

/**
 * The environment variables that override options, and how their text becomes a value. An
 * unset or blank variable leaves the option to the file or the default.
 */
export const SERVER_CONFIG_ENV: readonly { variable: string; option: keyof ServerConfig; parse?: (text: string) => unknown }[] = [
  { variable: 'FLOWGATE_DATA_DIR', option: 'dataDir' },
  { variable: 'FLOWGATE_DATABASE', option: 'database' },
  { variable: 'FLOWGATE_DATABASE_POOL_SIZE', option: 'databasePoolSize', parse: (text) => (/^[0-9]+$/.test(text) ? Number(text) : text) },
  { variable: 'FLOWGATE_DATABASE_TLS', option: 'databaseTls' },
  { variable: 'FLOWGATE_DATABASE_CA_FILE', option: 'databaseCaFile' },
  { variable: 'FLOWGATE_FLOWS_DIR', option: 'flowsDir' },
  { variable: 'FLOWGATE_PLUGINS', option: 'plugins', parse: commaList },
  // Digits only become a number; anything else stays text so the schema reports it.
  { variable: 'PORT', option: 'port', parse: (text) => (/^[0-9]+$/.test(text) ? Number(text) : text) },
  { variable: 'HOST', option: 'host' },
  { variable: 'PUBLIC_URL', option: 'publicUrl' },
  { variable: 'SMTP_URL', option: 'smtpUrl' },
  { variable: 'FLOWGATE_THEME_DIR', option: 'themeDir' },
  { variable: 'FLOWGATE_GEOIP_DATABASE', option: 'geoIpDatabase' },
  { variable: 'MAIL_FROM', option: 'mailFrom' },
  { variable: 'LOG_LEVEL', option: 'logLevel' },
  { variable: 'FLOWGATE_ADMIN_EMAIL', option: 'adminEmail' },
];

/** File name of the database inside `dataDir` when `database` is not set. */
const DEFAULT_DATABASE_FILE = 'flowgate.sqlite';

const IN_MEMORY = ':memory:';
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::']);

// Wording for `pattern` and `format` errors by option: ajv's own would quote the regex. None
// repeats the value, which may hold a password.
const HINTS: Readonly<Record<string, string>> = {
  host: 'must be a host name or IP address',
  publicUrl: 'must be an absolute http(s) URL without credentials, query or fragment',
  smtpUrl: 'must be an smtp:// or smtps:// URL',
  mailFrom: 'must be an email address, optionally as `Name <address>`, on one line',
  adminEmail: 'must be an email address',
};
const TRIMMED_HINT = 'must be non-empty, without leading or trailing spaces';

let validator: ValidateFunction | undefined;

/**
 * Reads, checks and freezes the server config. Every problem is reported at once, as
 * `FlowgateErrors`: `FG_JSON_SYNTAX` for a file that is not strict JSON, `FG_CONFIG_INVALID`
 * otherwise, with the file, JSON path and line for the file's values and the variable's name for
 * the environment's.
 */
export function loadServerConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): ServerConfig {
  const diags = new Diagnostics();
  const file = readConfigFile(env, cwd, diags);
  diags.throwIfAny();

  const raw: Record<string, unknown> = { ...file?.values };
  const setBy = new Map<string, string>();
  for (const { variable, option, parse } of SERVER_CONFIG_ENV) {
    const text = envText(env, variable);
    if (text === undefined) continue;
    raw[option] = parse ? parse(text) : text;
    setBy.set(option, variable);
  }

  // Environment values are named by their variable, file values by file, path and line.
  const reported = new Set<string>();
  const report = (pointer: string, detail: string): void => {
    if (reported.has(pointer)) return; // e.g. a bad URL fails both `format` and `pattern`
    reported.add(pointer);
    const variable = setBy.get(decodePointer(pointer)[0] ?? '');
    if (variable !== undefined) diags.push(new FlowgateError('FG_CONFIG_INVALID', `environment variable ${variable}: ${detail}`, { path: pointer }));
    else if (file) diags.at('FG_CONFIG_INVALID', detail, file.source, pointer);
    else diags.push(new FlowgateError('FG_CONFIG_INVALID', detail, { path: pointer }));
  };

  validator ??= sharedAjv().compile(SERVER_CONFIG_SCHEMA);
  if (!validator(raw)) {
    for (const error of validator.errors ?? []) report(ajvErrorPath(error), describe(error));
  }
  if (typeof raw.sessionIdleSeconds === 'number' && typeof raw.sessionMaxSeconds === 'number' && raw.sessionIdleSeconds > raw.sessionMaxSeconds) {
    report('/sessionIdleSeconds', 'must not exceed sessionMaxSeconds');
  }
  if (typeof raw.database === 'string' && looksLikeUrl(raw.database) && !isPostgresUrl(raw.database)) {
    report('/database', 'must be a file path, `:memory:` or a postgres://user:password@host:port/database URL');
  }
  diags.throwIfAny();

  const valid = raw as unknown as Omit<ServerConfig, 'database' | 'publicUrl' | 'mailFrom'> & { database?: string; publicUrl?: string; mailFrom?: string };
  const publicUrl = normalizeUrl(valid.publicUrl ?? defaultPublicUrl(valid.host, valid.port));
  if (publicUrl === undefined) {
    // The schema's patterns let through a few URLs WHATWG parsing refuses (a port above 65535).
    if (valid.publicUrl !== undefined) report('/publicUrl', 'is not a valid URL');
    else report('/host', 'cannot form the default public URL from it; set publicUrl');
    throw new FlowgateErrors(diags.errors());
  }

  const resolve = (p: string): string => path.resolve(cwd, p);
  const dataDir = resolve(valid.dataDir);
  const database =
    valid.database === undefined ? path.join(dataDir, DEFAULT_DATABASE_FILE) : valid.database === IN_MEMORY || looksLikeUrl(valid.database) ? valid.database : resolve(valid.database);
  return deepFreeze<ServerConfig>({
    dataDir,
    database,
    flowsDir: resolve(valid.flowsDir),
    plugins: valid.plugins.map((p) => (isPathSpecifier(p) ? resolve(p) : p)),
    port: valid.port,
    host: valid.host,
    publicUrl,
    ...(valid.smtpUrl !== undefined && { smtpUrl: valid.smtpUrl }),
    ...(valid.themeDir !== undefined && { themeDir: resolve(valid.themeDir) }),
    mailFrom: valid.mailFrom ?? defaultMailFrom(publicUrl),
    logLevel: valid.logLevel,
    ...pick(valid, ['databasePoolSize', 'databaseTls']),
    ...(valid.databaseCaFile !== undefined && { databaseCaFile: resolve(valid.databaseCaFile) }),
    ...pick(valid, ['sessionIdleSeconds', 'sessionMaxSeconds', 'loginStartsPerMinute', 'loginPostsPerMinute', 'trustProxy', 'pluginTimeoutMs', 'mailSendTimeoutMs', 'knownDeviceDays']),
    ...(valid.geoIpDatabase !== undefined && { geoIpDatabase: resolve(valid.geoIpDatabase) }),
    ...(valid.adminEmail !== undefined && { adminEmail: normalizeEmail(valid.adminEmail) }),
  });
}

/** The config file's source and values, or undefined when none is named; problems go to `diags`. */
function readConfigFile(env: NodeJS.ProcessEnv, cwd: string, diags: Diagnostics): { source: JsonSource; values: Record<string, unknown> } | undefined {
  const name = envText(env, CONFIG_FILE_VARIABLE);
  if (name === undefined) return undefined;
  const file = path.resolve(cwd, name);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? String(err);
    diags.general('FG_CONFIG_INVALID', `the config file (named by --config or ${CONFIG_FILE_VARIABLE}) cannot be read (${reason})`, file);
    return undefined;
  }
  const parsed = parseJsonSource(file, text);
  for (const p of parsed.problems) {
    diags.push(new FlowgateError('FG_JSON_SYNTAX', p.message, { file, ...(p.pointer === undefined ? {} : { path: p.pointer }), ...p.position }));
  }
  const source = parsed.source;
  if (!source) return undefined;
  if (source.value === null || typeof source.value !== 'object' || Array.isArray(source.value)) {
    diags.at('FG_CONFIG_INVALID', 'must be a JSON object of options', source, '');
    return undefined;
  }
  return { source, values: source.value as Record<string, unknown> };
}

/** The options of `from` among `keys` that are set, for spreading into the result. */
function pick<T extends object, K extends keyof T>(from: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (from[key] !== undefined) picked[key] = from[key];
  return picked;
}

/** The variable's text, trimmed; undefined when unset or blank. */
function envText(env: NodeJS.ProcessEnv, variable: string): string | undefined {
  const text = env[variable]?.trim();
  return text ? text : undefined;
}

function commaList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function describe(error: ErrorObject): string {
  if (error.keyword !== 'pattern' && error.keyword !== 'format') return describeAjvError(error);
  const option = decodePointer(error.instancePath)[0] ?? '';
  return HINTS[option] ?? TRIMMED_HINT;
}

function defaultPublicUrl(host: string, port: number): string {
  const name = WILDCARD_HOSTS.has(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

/** Origin plus path without trailing slashes; undefined when the URL does not parse. */
function normalizeUrl(text: string): string | undefined {
  try {
    const url = new URL(text);
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return undefined;
  }
}

/** Whether a plugin entry is a file path rather than a package name (`require`'s own rule). */
function isPathSpecifier(entry: string): boolean {
  return entry === '.' || entry === '..' || entry.startsWith('./') || entry.startsWith('../') || path.isAbsolute(entry);
}

/** `Flowgate <no-reply@host>` for the public URL's host; an IP address is no mail domain, so `localhost` then. */
function defaultMailFrom(publicUrl: string): string {
  const host = new URL(publicUrl).hostname;
  const domain = /^[0-9.]+$/.test(host) || host.startsWith('[') ? 'localhost' : host;
  return `Flowgate <no-reply@${domain}>`;
}
