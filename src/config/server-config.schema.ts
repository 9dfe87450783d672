/**
 * JSON Schema of the server config (the file named by `FLOWGATE_CONFIG`, after environment
 * overrides). Defaults that are constants live here and are filled in by ajv; `database` and
 * `publicUrl` default to values derived from other options, so `loadServerConfig` sets those.
 * Each option is documented on {@link ServerConfig}.
 */

/** Levels `logLevel` accepts: pino's, from most to least severe, and `silent`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Non-empty, no leading or trailing whitespace: a path or package name with a stray space is a typo. */
const TRIMMED = '^\\S(.*\\S)?$';

/** The schema itself; `additionalProperties: false`, so a misspelt option is an error, not ignored. */
export const SERVER_CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    dataDir: { type: 'string', pattern: TRIMMED, default: './data' },
    database: { type: 'string', pattern: TRIMMED },
    databasePoolSize: { type: 'integer', minimum: 1, maximum: 1000 },
    databaseTls: { type: 'string', enum: ['off', 'require', 'verify'] },
    databaseCaFile: { type: 'string', pattern: TRIMMED },
    flowsDir: { type: 'string', pattern: TRIMMED, default: './flows' },
    plugins: { type: 'array', items: { type: 'string', pattern: TRIMMED }, uniqueItems: true, default: [] },
    port: { type: 'integer', minimum: 1, maximum: 65535, default: 8080 },
    // A host name or an IP address as listen() takes it (IPv6 without brackets, zone id after `%`).
    host: { type: 'string', pattern: '^[A-Za-z0-9._:%-]+$', default: '127.0.0.1' },
    // No credentials (no `@` before the path), query or fragment: links are built under this URL.
    // Schemes are case-insensitive (RFC 3986), hence the character classes.
    publicUrl: { type: 'string', format: 'uri', pattern: '^[hH][tT][tT][pP][sS]?://[^/?#@\\s]+(/[^?#\\s]*)?$' },
    smtpUrl: { type: 'string', format: 'uri', pattern: '^[sS][mM][tT][pP][sS]?://' },
    themeDir: { type: 'string', pattern: TRIMMED },
    geoIpDatabase: { type: 'string', pattern: TRIMMED },
    // An address, optionally with a display name: `Flowgate <no-reply@example.com>`. No line breaks (header injection).
    mailFrom: { type: 'string', pattern: '^[^\\r\\n<>]*<?[^\\s@<>]+@[^\\s@<>]+>?$', maxLength: 320 },
    logLevel: { type: 'string', enum: LOG_LEVELS, default: 'info' },
    // No schema defaults for these: `loadServerConfig` leaves them unset and their users apply the
    // documented `DEFAULT_*` constants, so the frozen config only lists what an admin chose.
    sessionIdleSeconds: { type: 'integer', minimum: 60, maximum: 31536000 },
    sessionMaxSeconds: { type: 'integer', minimum: 60, maximum: 31536000 },
    loginStartsPerMinute: { type: 'integer', minimum: 1, maximum: 1000000 },
    loginPostsPerMinute: { type: 'integer', minimum: 1, maximum: 1000000 },
    pluginTimeoutMs: { type: 'integer', minimum: 10, maximum: 600000 },
    mailSendTimeoutMs: { type: 'integer', minimum: 1000, maximum: 600000 },
    knownDeviceDays: { type: 'integer', minimum: 1, maximum: 400 },
    // The first administrator; the user store checks the address again when it creates the user.
    adminEmail: { type: 'string', format: 'email', maxLength: 254 },
    // A hop count or proxy addresses/subnets; never `true`, which would let clients choose their address.
    trustProxy: {
      oneOf: [
        { type: 'integer', minimum: 0, maximum: 32 },
        { type: 'array', items: { type: 'string', pattern: '^[A-Za-z0-9.:/%-]+$', maxLength: 64 }, minItems: 1, uniqueItems: true },
      ],
    },
  },
} as const;
