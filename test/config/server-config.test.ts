import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadServerConfig, SERVER_CONFIG_ENV } from '../../src/config/server-config';
import { FlowgateErrors, type FlowgateError } from '../../src/errors';

let cwd: string;

beforeEach(() => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-config-'));
});

afterEach(() => {
  fs.rmSync(cwd, { recursive: true, force: true });
});

/** Writes `content` (text as is, anything else as JSON) to `name` in the working directory. */
function writeFile(content: unknown, name = 'flowgate.json'): string {
  const file = path.join(cwd, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

/** The errors `loadServerConfig(env)` throws; fails the test when it does not throw them. */
function errorsOf(env: NodeJS.ProcessEnv): readonly FlowgateError[] {
  try {
    loadServerConfig(env, cwd);
  } catch (err) {
    expect(err).toBeInstanceOf(FlowgateErrors);
    return (err as FlowgateErrors).errors;
  }
  throw new Error('loadServerConfig did not throw');
}

describe('defaults', () => {
  it('fills every option with its documented default, paths resolved against cwd', () => {
    expect(loadServerConfig({}, cwd)).toEqual({
      dataDir: path.join(cwd, 'data'),
      database: path.join(cwd, 'data', 'flowgate.sqlite'),
      flowsDir: path.join(cwd, 'flows'),
      plugins: [],
      port: 8080,
      host: '127.0.0.1',
      publicUrl: 'http://127.0.0.1:8080',
      mailFrom: 'Flowgate <no-reply@localhost>',
      logLevel: 'info',
    });
  });

  it('derives the mail sender from the public URL, and refuses a header-injecting one', () => {
    expect(loadServerConfig({ PUBLIC_URL: 'https://id.example.com' }, cwd).mailFrom).toBe('Flowgate <no-reply@id.example.com>');
    expect(loadServerConfig({ MAIL_FROM: 'Acme <auth@acme.test>' }, cwd).mailFrom).toBe('Acme <auth@acme.test>');
    expect(() => loadServerConfig({ MAIL_FROM: 'a@b.test\r\nBcc: eve@evil.test' }, cwd)).toThrow(
      expect.objectContaining({ errors: [expect.objectContaining({ code: 'FG_CONFIG_INVALID', message: expect.stringContaining('MAIL_FROM') })] }),
    );
  });

  it('derives the database from dataDir and the public URL from host and port', () => {
    const config = loadServerConfig({ FLOWGATE_DATA_DIR: '/srv/flowgate', HOST: 'auth.internal', PORT: '9000' }, cwd);
    expect(config.database).toBe('/srv/flowgate/flowgate.sqlite');
    expect(config.publicUrl).toBe('http://auth.internal:9000');
  });

  it('uses localhost in the default public URL for wildcard hosts and brackets IPv6', () => {
    expect(loadServerConfig({ HOST: '0.0.0.0' }, cwd).publicUrl).toBe('http://localhost:8080');
    expect(loadServerConfig({ HOST: '::' }, cwd).publicUrl).toBe('http://localhost:8080');
    expect(loadServerConfig({ HOST: '::1' }, cwd).publicUrl).toBe('http://[::1]:8080');
  });

  it('treats blank variables as unset', () => {
    const config = loadServerConfig({ PORT: '', HOST: '  ', FLOWGATE_CONFIG: '' }, cwd);
    expect(config.port).toBe(8080);
    expect(config.host).toBe('127.0.0.1');
  });
});

describe('file and environment', () => {
  it('reads the file named by FLOWGATE_CONFIG, relative to cwd', () => {
    writeFile({ port: 9100, logLevel: 'debug', flowsDir: 'my-flows', smtpUrl: 'smtp://mail.example:587' });
    const config = loadServerConfig({ FLOWGATE_CONFIG: 'flowgate.json' }, cwd);
    expect(config).toMatchObject({ port: 9100, logLevel: 'debug', flowsDir: path.join(cwd, 'my-flows'), smtpUrl: 'smtp://mail.example:587' });
    expect(config.publicUrl).toBe('http://127.0.0.1:9100');
  });

  it('lets the environment override the file, option by option', () => {
    writeFile({ port: 9100, host: '0.0.0.0', dataDir: 'state', plugins: ['from-file'] });
    const config = loadServerConfig(
      { FLOWGATE_CONFIG: 'flowgate.json', PORT: '9200', FLOWGATE_PLUGINS: ' ./local-plugin , @acme/flowgate-sms,, ' },
      cwd,
    );
    expect(config.port).toBe(9200);
    expect(config.host).toBe('0.0.0.0');
    expect(config.database).toBe(path.join(cwd, 'state', 'flowgate.sqlite'));
    // The variable replaces the file's list; paths become absolute, package names stay as written.
    expect(config.plugins).toEqual([path.join(cwd, 'local-plugin'), '@acme/flowgate-sms']);
  });

  it('maps every documented variable to its option', () => {
    const values: Record<string, string> = {
      FLOWGATE_DATA_DIR: '/d',
      FLOWGATE_DATABASE: '/db/x.sqlite',
      FLOWGATE_DATABASE_POOL_SIZE: '7',
      FLOWGATE_DATABASE_TLS: 'require',
      FLOWGATE_DATABASE_CA_FILE: '/etc/ca.pem',
      FLOWGATE_FLOWS_DIR: '/f',
      FLOWGATE_PLUGINS: 'p',
      PORT: '1234',
      HOST: 'h.example',
      PUBLIC_URL: 'https://id.example.com',
      SMTP_URL: 'smtps://u:p@mail.example:465',
      FLOWGATE_THEME_DIR: '/t',
      FLOWGATE_GEOIP_DATABASE: '/geo/city.mmdb',
      LOG_LEVEL: 'warn',
      MAIL_FROM: 'auth@h.example',
      FLOWGATE_ADMIN_EMAIL: 'Admin@H.example',
    };
    expect(SERVER_CONFIG_ENV.map((e) => e.variable).sort()).toEqual(Object.keys(values).sort());
    expect(loadServerConfig(values, cwd)).toEqual({
      dataDir: '/d',
      database: '/db/x.sqlite',
      databasePoolSize: 7,
      databaseTls: 'require',
      databaseCaFile: '/etc/ca.pem',
      flowsDir: '/f',
      plugins: ['p'],
      port: 1234,
      host: 'h.example',
      publicUrl: 'https://id.example.com',
      smtpUrl: 'smtps://u:p@mail.example:465',
      themeDir: '/t',
      geoIpDatabase: '/geo/city.mmdb',
      mailFrom: 'auth@h.example',
      logLevel: 'warn',
      adminEmail: 'admin@h.example',
    });
  });

  it('passes the file-only options through (knownDeviceDays, mailSendTimeoutMs, pluginTimeoutMs)', () => {
    const file = writeFile({ knownDeviceDays: 30, mailSendTimeoutMs: 5000, pluginTimeoutMs: 2000 });
    expect(loadServerConfig({ FLOWGATE_CONFIG: file }, cwd)).toMatchObject({ knownDeviceDays: 30, mailSendTimeoutMs: 5000, pluginTimeoutMs: 2000 });
  });

  it('keeps an in-memory database as it is', () => {
    expect(loadServerConfig({ FLOWGATE_DATABASE: ':memory:' }, cwd).database).toBe(':memory:');
  });

  it('keeps a PostgreSQL URL as it is, with its pool size and TLS options (#20)', () => {
    const url = 'postgres://flowgate:s3cret@db.internal:5432/flowgate';
    const env = { FLOWGATE_DATABASE: url, FLOWGATE_DATABASE_POOL_SIZE: '25', FLOWGATE_DATABASE_TLS: 'verify', FLOWGATE_DATABASE_CA_FILE: 'ca.pem' };
    expect(loadServerConfig(env, cwd)).toMatchObject({ database: url, databasePoolSize: 25, databaseTls: 'verify', databaseCaFile: path.join(cwd, 'ca.pem') });
  });

  it('normalises the public URL: lower-case host, no default port, no trailing slash', () => {
    expect(loadServerConfig({ PUBLIC_URL: 'HTTPS://ID.Example.COM:443/auth/' }, cwd).publicUrl).toBe('https://id.example.com/auth');
    expect(loadServerConfig({ PUBLIC_URL: 'https://id.example.com/' }, cwd).publicUrl).toBe('https://id.example.com');
  });
});

describe('invalid values', () => {
  it.each(['mysql://u:p@host/db', 'postgres:///nohost', 'postgresql://'])('refuses a database URL that is not a PostgreSQL server: %s, without repeating it', (database) => {
    const errors = errorsOf({ FLOWGATE_DATABASE: database });
    expect(errors.map((e) => [e.code, e.location?.path])).toEqual([['FG_CONFIG_INVALID', '/database']]);
    expect(errors[0]?.message).toContain('FLOWGATE_DATABASE');
    expect(errors[0]?.message).not.toContain(database);
  });

  it('refuses a pool size and TLS mode out of range', () => {
    const errors = errorsOf({ FLOWGATE_DATABASE_POOL_SIZE: '0', FLOWGATE_DATABASE_TLS: 'maybe' });
    expect(errors.map((e) => [e.code, e.location?.path]).sort()).toEqual([
      ['FG_CONFIG_INVALID', '/databasePoolSize'],
      ['FG_CONFIG_INVALID', '/databaseTls'],
    ]);
  });

  it('names the file, JSON path and line of a bad value in the file', () => {
    const file = writeFile('{\n  "port": "eighty",\n  "logLevel": "loud"\n}\n');
    const errors = errorsOf({ FLOWGATE_CONFIG: file });
    expect(errors.map((e) => [e.code, e.location?.file, e.location?.path, e.location?.line])).toEqual([
      ['FG_CONFIG_INVALID', file, '/port', 2],
      ['FG_CONFIG_INVALID', file, '/logLevel', 3],
    ]);
    expect(errors[1]?.message).toContain('"info"');
  });

  it('refuses unknown keys and points at them', () => {
    const file = writeFile('{\n  "port": 8081,\n  "prot": 8082\n}');
    const [error, ...rest] = errorsOf({ FLOWGATE_CONFIG: file });
    expect(rest).toEqual([]);
    expect(error).toMatchObject({ code: 'FG_CONFIG_INVALID', location: { file, path: '/prot', line: 3 } });
    expect(error?.message).toContain("unknown property 'prot'");
  });

  it('refuses a __proto__ key as an unknown property instead of using it', () => {
    const file = writeFile('{ "__proto__": { "port": 1 } }');
    const errors = errorsOf({ FLOWGATE_CONFIG: file });
    expect(errors.map((e) => [e.code, e.location?.path])).toEqual([['FG_CONFIG_INVALID', '/__proto__']]);
  });

  it('names the variable when an environment value is bad', () => {
    const errors = errorsOf({ PORT: '80a', LOG_LEVEL: 'verbose', FLOWGATE_PLUGINS: 'x,x' });
    expect(errors.map((e) => [e.code, e.location?.path])).toEqual([
      ['FG_CONFIG_INVALID', '/plugins'],
      ['FG_CONFIG_INVALID', '/port'],
      ['FG_CONFIG_INVALID', '/logLevel'],
    ]);
    expect(errors.map((e) => e.detail)).toEqual([
      expect.stringContaining('environment variable FLOWGATE_PLUGINS:'),
      'environment variable PORT: must be integer',
      expect.stringContaining('environment variable LOG_LEVEL: must be one of'),
    ]);
  });

  it('blames the environment, not the file, for a value the environment overrode', () => {
    const file = writeFile({ port: 9000 });
    const errors = errorsOf({ FLOWGATE_CONFIG: file, PORT: '70000' });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.location?.file).toBeUndefined();
    expect(errors[0]?.detail).toBe('environment variable PORT: must be <= 65535');
  });

  it.each([
    ['ftp://id.example.com', 'must be an absolute http(s) URL'],
    ['id.example.com', 'must be an absolute http(s) URL'],
    ['https://id.example.com/?next=x', 'must be an absolute http(s) URL'],
    ['https://id.example.com/#top', 'must be an absolute http(s) URL'],
    ['https://admin:secret@id.example.com', 'must be an absolute http(s) URL'],
    ['https://id.example.com:99999', 'is not a valid URL'],
  ])('refuses the public URL %s with one error', (url, wording) => {
    const errors = errorsOf({ PUBLIC_URL: url });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'FG_CONFIG_INVALID', location: { path: '/publicUrl' } });
    expect(errors[0]?.detail).toContain('environment variable PUBLIC_URL: ');
    expect(errors[0]?.detail).toContain(wording);
  });

  it('refuses an SMTP URL of another scheme without repeating it', () => {
    const errors = errorsOf({ SMTP_URL: 'http://user:hunter2@mail.example' });
    expect(errors.map((e) => e.location?.path)).toEqual(['/smtpUrl']);
    expect(errors[0]?.message).not.toContain('hunter2');
  });

  it('refuses a host that is no host name, and one the default public URL cannot be built from', () => {
    expect(errorsOf({ HOST: 'a b' }).map((e) => e.location?.path)).toEqual(['/host']);
    const [error] = errorsOf({ HOST: 'fe80::1%zz' });
    expect(error).toMatchObject({ code: 'FG_CONFIG_INVALID', location: { path: '/host' } });
    expect(error?.detail).toContain('set publicUrl');
    expect(loadServerConfig({ HOST: 'fe80::1%zz', PUBLIC_URL: 'http://[fe80::1]:8080' }, cwd).host).toBe('fe80::1%zz');
  });

  it('refuses blank or padded paths and plugin entries from the file', () => {
    const file = writeFile({ dataDir: '', plugins: ['ok', ' padded'], themeDir: 'theme ' });
    const errors = errorsOf({ FLOWGATE_CONFIG: file });
    expect(errors.map((e) => e.location?.path)).toEqual(['/dataDir', '/plugins/1', '/themeDir']);
    expect(errors[0]?.detail).toBe('must be non-empty, without leading or trailing spaces');
  });

  it('reports every problem of the file and the environment in one round', () => {
    const file = writeFile({ port: 0, host: 'x y', extra: true });
    const errors = errorsOf({ FLOWGATE_CONFIG: file, LOG_LEVEL: 'chatty' });
    expect(errors.map((e) => e.location?.path).sort()).toEqual(['/extra', '/host', '/logLevel', '/port']);
  });
});

describe('unreadable files', () => {
  it('reports a missing file with FG_CONFIG_INVALID naming it', () => {
    const errors = errorsOf({ FLOWGATE_CONFIG: 'missing.json' });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'FG_CONFIG_INVALID', location: { file: path.join(cwd, 'missing.json') } });
    expect(errors[0]?.detail).toContain('ENOENT');
  });

  it('reports JSON syntax errors with FG_JSON_SYNTAX and the line', () => {
    const file = writeFile('{\n  "port": 8081,\n}\n');
    const errors = errorsOf({ FLOWGATE_CONFIG: file, PORT: 'not checked yet' });
    expect(errors.map((e) => [e.code, e.location?.file, e.location?.line])).toEqual([['FG_JSON_SYNTAX', file, 3]]);
  });

  it('reports duplicate keys rather than keeping the last one', () => {
    const file = writeFile('{\n  "publicUrl": "https://a.example",\n  "publicUrl": "https://b.example"\n}');
    const errors = errorsOf({ FLOWGATE_CONFIG: file });
    expect(errors.map((e) => [e.code, e.location?.path, e.location?.line])).toEqual([['FG_JSON_SYNTAX', '/publicUrl', 3]]);
  });

  it('refuses a file whose document is not an object', () => {
    const file = writeFile('["port", 8080]');
    const errors = errorsOf({ FLOWGATE_CONFIG: file });
    expect(errors.map((e) => [e.code, e.location?.path, e.location?.line])).toEqual([['FG_CONFIG_INVALID', '', 1]]);
  });
});

describe('result', () => {
  it('is deep-frozen', () => {
    writeFile({ plugins: ['a'] });
    const config = loadServerConfig({ FLOWGATE_CONFIG: 'flowgate.json' }, cwd);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.plugins)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(() => (config.plugins as string[]).push('b')).toThrow(TypeError);
  });

  it('does not share state between loads', () => {
    const first = loadServerConfig({ FLOWGATE_PLUGINS: 'a' }, cwd);
    const second = loadServerConfig({}, cwd);
    expect(first.plugins).toEqual(['a']);
    expect(second.plugins).toEqual([]);
  });
});
